package io.heal8s.engine.gitops;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@link io.heal8s.engine.action.FieldChange} path: map keys and list items selected by a field, as in
 * {@code spec.template.spec.containers[name=app].resources.limits.memory} or
 * {@code spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]}.
 */
record FieldPath(String text, List<Segment> segments) {

    /** One step: a map key, or the list item whose {@code field} equals {@code value}. */
    record Segment(String key, String field, String value) {

        boolean isItem() {
            return field != null;
        }

        @Override
        public String toString() {
            return isItem() ? "[" + field + "=" + value + "]" : key;
        }
    }

    static FieldPath parse(String text) {
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                int close = text.indexOf("\"]", i + 2);
                if (close < 0) {
                    throw invalid(text);
                }
                segments.add(new Segment(text.substring(i + 2, close), null, null));
                i = close + 2;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                int eq = text.indexOf('=', i);
                if (close < 0 || eq < 0 || eq > close) {
                    throw invalid(text);
                }
                segments.add(new Segment(null, text.substring(i + 1, eq), text.substring(eq + 1, close)));
                i = close + 1;
            } else {
                int j = i;
                while (j < text.length() && text.charAt(j) != '.' && text.charAt(j) != '[') {
                    j++;
                }
                segments.add(new Segment(text.substring(i, j), null, null));
                i = j;
            }
        }
        if (segments.isEmpty() || segments.get(segments.size() - 1).isItem()) {
            throw invalid(text);
        }
        return new FieldPath(text, List.copyOf(segments));
    }

    /** The path up to (excluding) segment {@code n}, for messages. */
    String prefix(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Segment s = segments.get(i);
            if (!s.isItem() && sb.length() > 0) {
                sb.append('.');
            }
            sb.append(s.isItem() ? s.toString() : s.key());
        }
        return sb.toString();
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid field path '" + text + "'");
    }
}
