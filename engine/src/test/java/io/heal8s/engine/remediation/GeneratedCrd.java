package io.heal8s.engine.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CRD the build generated into {@code target/crds/}, read once, with a small checker that says which values of a
 * resource its schema would prune or reject (unknown fields, wrong types, values outside an enum).
 */
final class GeneratedCrd {

    static final String FILE = "remediations.k8shealer.k8s-healer.io-v1.yml";
    static final Path GENERATED = Path.of("target", "crds", FILE);

    private static CustomResourceDefinition crd;

    private GeneratedCrd() {
    }

    static synchronized CustomResourceDefinition crd() {
        if (crd == null) {
            if (!Files.exists(GENERATED)) {
                throw new IllegalStateException("the build generates " + GENERATED.toAbsolutePath()
                        + " in process-classes; run mvn -B -pl engine process-classes");
            }
            try {
                crd = Serialization.unmarshal(Files.readString(GENERATED), CustomResourceDefinition.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return crd;
    }

    static JSONSchemaProps root() {
        return crd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }

    /** The schema at a path of property names, or an exception naming the missing one. */
    static JSONSchemaProps schema(String... path) {
        JSONSchemaProps node = root();
        for (String name : path) {
            if (node.getProperties() == null || !node.getProperties().containsKey(name)) {
                throw new AssertionError("the CRD schema has no property " + String.join(".", path));
            }
            node = node.getProperties().get(name);
        }
        return node;
    }

    /**
     * Every problem the API server would find with {@code value} under {@code schema}: a field the schema does not
     * know (the server prunes it silently), a JSON type it does not allow, a value outside an enum.
     */
    static List<String> problems(JsonNode value, JSONSchemaProps schema, String path) {
        List<String> out = new ArrayList<>();
        check(value, schema, path, out);
        return out;
    }

    private static void check(JsonNode value, JSONSchemaProps schema, String path, List<String> out) {
        String type = schema.getType();
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    out.add(path + " is not an object");
                    return;
                }
                Map<String, JSONSchemaProps> properties = schema.getProperties();
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    String at = path + "." + field.getKey();
                    if (properties != null && properties.containsKey(field.getKey())) {
                        check(field.getValue(), properties.get(field.getKey()), at, out);
                    } else if (schema.getAdditionalProperties() != null
                            && schema.getAdditionalProperties().getSchema() != null) {
                        check(field.getValue(), schema.getAdditionalProperties().getSchema(), at, out);
                    } else if (!Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
                        out.add(at + " is unknown to the schema (the API server would prune it)");
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    out.add(path + " is not an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.getItems().getSchema(), path + "[" + i + "]", out);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    out.add(path + " is not a string");
                } else if (schema.getEnum() != null && !schema.getEnum().isEmpty() && schema.getEnum().stream()
                        .noneMatch(e -> e.asText().equals(value.asText()))) {
                    out.add(path + " '" + value.asText() + "' is not one of " + schema.getEnum());
                } else if (schema.getPattern() != null && !value.asText().matches(schema.getPattern())) {
                    out.add(path + " '" + value.asText() + "' does not match " + schema.getPattern());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    out.add(path + " is not an integer");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    out.add(path + " is not a boolean");
                }
            }
            default -> {
                // number and the rest: not used by this CRD
            }
        }
    }
}
