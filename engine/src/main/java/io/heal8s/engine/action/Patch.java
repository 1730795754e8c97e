package io.heal8s.engine.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A patch for the live object: a JSON tree (maps, lists, strings, numbers) and how to apply it.
 *
 * @param body deeply unmodifiable, in insertion order so its JSON is stable
 */
public record Patch(PatchTarget target, PatchType type, Map<String, Object> body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Patch {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(type, "type");
        body = deepCopy(body);
    }

    /** The body as compact JSON, ready to send with {@link PatchType#contentType()}. */
    public String json() {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            // Only maps, lists, strings and numbers go in, so this cannot happen.
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), copyValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            return deepCopy((Map<String, Object>) m);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(copyValue(v)));
            return Collections.unmodifiableList(copy);
        }
        return Objects.requireNonNull(value, "a patch value (use a merge patch's null only where one is meant)");
    }
}
