package io.heal8s.engine.action;

import io.heal8s.engine.cluster.KubernetesNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Field paths (see {@link FieldChange}) and patch trees for the places actions change. */
final class Paths {

    static final String POD_TEMPLATE = "spec.template";

    private Paths() {
    }

    /**
     * A container name must be a Kubernetes DNS-1123 label: one outside it cannot be in a workload (it would be a
     * hostile alert label), and names inside it need no quoting in a path.
     *
     * @throws IllegalArgumentException when the name is not a DNS label
     */
    static String requireContainerName(String name) {
        if (!KubernetesNames.isLabel(name)) {
            throw new IllegalArgumentException("container name '" + Markdown.plain(name)
                    + "' is not a DNS label (lower-case letters, digits and '-', at most 63 characters)");
        }
        return name;
    }

    static String container(String name) {
        return POD_TEMPLATE + ".spec.containers[name=" + name + "]";
    }

    static String templateAnnotation(String key) {
        return POD_TEMPLATE + ".metadata.annotations[\"" + key + "\"]";
    }

    /** {@code {"spec":{"template":{"spec":{"containers":[...]}}}}}: a strategic merge patch merges the entries by name. */
    static Map<String, Object> containersPatch(List<Map<String, Object>> entries) {
        return nest(new ArrayList<>(entries), "spec", "template", "spec", "containers");
    }

    /** A container entry for {@link #containersPatch}: its name first, then the fields to set. */
    static Map<String, Object> containerEntry(String name, Map<String, Object> fields) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.putAll(fields);
        return entry;
    }

    /** The value under nested keys: {@code nest(3, "spec", "replicas")} is {@code {"spec":{"replicas":3}}}. */
    static Map<String, Object> nest(Object value, String... keys) {
        Object tree = value;
        for (int i = keys.length - 1; i >= 0; i--) {
            Map<String, Object> level = new LinkedHashMap<>();
            level.put(keys[i], tree);
            tree = level;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) tree;
        return root;
    }
}
