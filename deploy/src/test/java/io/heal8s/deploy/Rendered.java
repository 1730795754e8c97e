package io.heal8s.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The chart rendered once per {@link Variant} (with the Secrets set), and look-ups on the objects. */
final class Rendered {

    private static final Map<Variant, List<JsonNode>> CACHE = new EnumMap<>(Variant.class);

    private Rendered() {
    }

    static synchronized List<JsonNode> of(Variant variant) {
        return CACHE.computeIfAbsent(variant, v -> Helm.template(v.setsWithSecrets()));
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static Optional<JsonNode> find(List<JsonNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst();
    }

    static JsonNode get(List<JsonNode> objects, String kind, String name) {
        return find(objects, kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    /** The pod spec's container of that name in a Deployment. */
    static JsonNode container(JsonNode deployment, String name) {
        for (JsonNode c : deployment.at("/spec/template/spec/containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container " + name + " in " + deployment.at("/metadata/name").asText());
    }

    static boolean any(JsonNode array, Predicate<JsonNode> test) {
        for (JsonNode n : array) {
            if (test.test(n)) {
                return true;
            }
        }
        return false;
    }
}
