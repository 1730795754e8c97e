package io.heal8s.operator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.heal8s.sandbox.ForwardingDispatcher;
import io.heal8s.sandbox.OutageDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * fabric8's CRUD mock answers 415 to a strategic merge patch, which the Direct executor sends (as a kube-apiserver
 * expects for {@code containers}). This dispatcher plays the API server's part: it reads the stored object, merges the
 * patch the strategic way (maps merge, a {@code null} deletes, list items with a {@code name} merge by name) and
 * hands the CRUD store the equivalent JSON patch. Every other request goes through unchanged.
 */
final class StrategicMergeDispatcher extends ForwardingDispatcher<OutageDispatcher> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    StrategicMergeDispatcher(OutageDispatcher delegate) {
        super(delegate);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String type = request.getHeader("Content-Type");
        if (!"PATCH".equals(request.getMethod()) || type == null || !type.contains("strategic-merge-patch")) {
            return delegate.dispatch(request);
        }
        String path = request.getPath();
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        MockResponse current = delegate.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, bare,
                Headers.builder().build(), new Buffer()));
        if (current.code() != 200) {
            return current;
        }
        try {
            Map<String, Object> stored = JSON.readValue(current.getBody().getBytes(), MAP);
            Map<String, Object> patch = JSON.readValue(request.getUtf8Body(), MAP);
            Map<String, Object> merged = merge(stored, patch);
            Headers headers = request.getHeaders().newBuilder()
                    .set("Content-Type", "application/json-patch+json").build();
            return delegate.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH, path, headers,
                    new Buffer(JSON.writeValueAsBytes(jsonPatch(stored, merged)))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(target);
        patch.forEach((k, v) -> {
            Object old = out.get(k);
            if (v == null) {
                out.remove(k);
            } else if (v instanceof Map<?, ?> m && old instanceof Map<?, ?> o) {
                out.put(k, merge((Map<String, Object>) o, (Map<String, Object>) m));
            } else if (v instanceof List<?> l && old instanceof List<?> o && byName(l) && byName(o)) {
                List<Object> items = new ArrayList<>(o);
                for (Object item : l) {
                    Map<String, Object> p = (Map<String, Object>) item;
                    int at = -1;
                    for (int i = 0; i < items.size(); i++) {
                        if (Objects.equals(((Map<String, Object>) items.get(i)).get("name"), p.get("name"))) {
                            at = i;
                        }
                    }
                    if (at < 0) {
                        items.add(p);
                    } else {
                        items.set(at, merge((Map<String, Object>) items.get(at), p));
                    }
                }
                out.put(k, items);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static boolean byName(List<?> list) {
        return list.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
    }

    /**
     * The JSON patch (RFC 6902) that turns {@code from} into {@code to}, one operation per top-level field: the mock's
     * own JSON merge patch appends to lists instead of replacing them, its JSON patch is exact.
     */
    static List<Map<String, Object>> jsonPatch(Map<String, Object> from, Map<String, Object> to) {
        List<Map<String, Object>> ops = new ArrayList<>();
        from.keySet().stream().filter(k -> !to.containsKey(k))
                .forEach(k -> ops.add(Map.of("op", "remove", "path", "/" + k)));
        to.forEach((k, v) -> {
            if (!Objects.equals(from.get(k), v)) {
                ops.add(Map.of("op", "add", "path", "/" + k, "value", v));
            }
        });
        return ops;
    }
}
