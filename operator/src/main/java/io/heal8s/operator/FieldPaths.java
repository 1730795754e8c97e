package io.heal8s.operator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link io.heal8s.engine.action.FieldChange} paths ({@code spec.template.spec.containers[name=app].resources
 * .limits.memory}, {@code metadata.annotations["a.b/c"]}) back into a strategic merge patch tree, so that the Direct
 * executor can write recorded old values back without computing the action again.
 */
final class FieldPaths {

    private FieldPaths() {
    }

    /** One step of a path: a map key, or a list item selected by {@code selectorKey=selectorValue}. */
    record Segment(String key, String selectorKey, String selectorValue) {

        boolean isItem() {
            return selectorKey != null;
        }
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException naming the path when it does not follow the grammar
     */
    static List<Segment> parse(String path) {
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        int n = path.length();
        while (i < n) {
            int start = i;
            while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
                i++;
            }
            if (i > start) {
                segments.add(new Segment(path.substring(start, i), null, null));
            }
            while (i < n && path.charAt(i) == '[') {
                int close;
                if (i + 1 < n && path.charAt(i + 1) == '"') {
                    close = path.indexOf("\"]", i + 2);
                    if (close < 0) {
                        throw new IllegalArgumentException("path '" + path + "': unterminated quoted key");
                    }
                    segments.add(new Segment(path.substring(i + 2, close), null, null));
                    i = close + 2;
                } else {
                    close = path.indexOf(']', i);
                    int eq = path.indexOf('=', i);
                    if (close < 0 || eq < 0 || eq > close || segments.isEmpty()) {
                        throw new IllegalArgumentException("path '" + path + "': a list item must read [key=value]");
                    }
                    segments.add(new Segment(null, path.substring(i + 1, eq), path.substring(eq + 1, close)));
                    i = close + 1;
                }
            }
            if (i < n) {
                if (path.charAt(i) != '.') {
                    throw new IllegalArgumentException("path '" + path + "': unexpected '" + path.charAt(i) + "'");
                }
                i++;
            }
        }
        if (segments.isEmpty() || segments.get(0).isItem()) {
            throw new IllegalArgumentException("path '" + path + "' is empty or starts with a list item");
        }
        return segments;
    }

    /**
     * Sets {@code value} (null deletes the field in a strategic merge patch) at {@code path} in {@code tree}, creating
     * the maps and keyed list items on the way.
     */
    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> tree, String path, Object value) {
        List<Segment> segments = parse(path);
        Object node = tree;
        for (int s = 0; s < segments.size(); s++) {
            Segment seg = segments.get(s);
            boolean last = s == segments.size() - 1;
            if (seg.isItem()) {
                List<Object> list = (List<Object>) node;
                Map<String, Object> item = null;
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m && seg.selectorValue().equals(m.get(seg.selectorKey()))) {
                        item = (Map<String, Object>) m;
                    }
                }
                if (item == null) {
                    item = new LinkedHashMap<>();
                    item.put(seg.selectorKey(), seg.selectorValue());
                    list.add(item);
                }
                if (last) {
                    throw new IllegalArgumentException("path '" + path + "' ends with a list item, not a field");
                }
                node = item;
                continue;
            }
            Map<String, Object> map = (Map<String, Object>) node;
            if (last) {
                map.put(seg.key(), value);
                return;
            }
            boolean nextIsItem = segments.get(s + 1).isItem();
            Object child = map.get(seg.key());
            if (child == null) {
                child = nextIsItem ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                map.put(seg.key(), child);
            }
            node = child;
        }
    }

    /** The value at {@code path} in a JSON tree read from the cluster (maps and lists), or null when absent. */
    @SuppressWarnings("unchecked")
    static Object get(Map<String, Object> tree, String path) {
        Object node = tree;
        for (Segment seg : parse(path)) {
            if (seg.isItem()) {
                if (!(node instanceof List<?> list)) {
                    return null;
                }
                node = list.stream().filter(o -> o instanceof Map<?, ?> m
                        && seg.selectorValue().equals(String.valueOf(m.get(seg.selectorKey())))).findFirst()
                        .orElse(null);
            } else {
                if (!(node instanceof Map<?, ?> map)) {
                    return null;
                }
                node = ((Map<String, Object>) map).get(seg.key());
            }
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** A deep, mutable copy of a patch body, so that annotations can be merged into it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mutableCopy(Map<String, Object> body) {
        Map<String, Object> copy = new LinkedHashMap<>();
        body.forEach((k, v) -> copy.put(k, copyValue(v)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return mutableCopy((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(o -> copy.add(copyValue(o)));
            return copy;
        }
        return v;
    }
}
