package io.heal8s.cli;

import io.heal8s.engine.gitops.ManifestPatchException;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.engine.gitops.PatcherLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The Kubernetes objects of a manifest file as plain maps, from which {@code preview} reads what a calculator needs
 * (the patcher edits the text; this only reads). Read under the patcher's limits, so hostile YAML fails the same way.
 */
final class ManifestObjects {

    /** One object: a document, or an item of a {@code kind: List}. */
    record K8sObject(String kind, String namespace, String name, Map<?, ?> body) {

        /** A scalar of this object under nested keys, as text. */
        Optional<String> text(String... keys) {
            return ManifestObjects.text(body, keys);
        }

        boolean inNamespace(String ns) {
            return namespace == null || ns == null || namespace.equals(ns);
        }

        @Override
        public String toString() {
            return kind + " " + (namespace == null ? "" : namespace + "/") + name;
        }
    }

    private final List<K8sObject> objects;

    private ManifestObjects(List<K8sObject> objects) {
        this.objects = List.copyOf(objects);
    }

    /** @throws ManifestPatchException when the text is not YAML or exceeds a limit */
    static ManifestObjects parse(String text, PatcherLimits limits) {
        if (text.length() > limits.maxChars()) {
            throw new ManifestPatchException("the manifest has " + text.length()
                    + " characters, more than the limit of " + limits.maxChars());
        }
        LoadSettings settings = LoadSettings.builder().setCodePointLimit(limits.maxChars())
                .setMaxAliasesForCollections(limits.maxAliases()).build();
        List<K8sObject> found = new ArrayList<>();
        try {
            // Bound the nesting before building maps: the loader itself would recurse as deep as the text goes.
            int depth = 0;
            int documents = 0;
            for (Event e : new Parse(settings).parseString(text)) {
                switch (e.getEventId()) {
                    case MappingStart, SequenceStart -> {
                        if (++depth > limits.maxDepth()) {
                            throw new ManifestPatchException("the manifest nests deeper than " + limits.maxDepth()
                                    + " levels" + line(e));
                        }
                    }
                    case MappingEnd, SequenceEnd -> depth--;
                    case DocumentStart -> {
                        if (++documents > limits.maxDocuments()) {
                            throw new ManifestPatchException("the manifest has more than " + limits.maxDocuments()
                                    + " documents");
                        }
                    }
                    default -> {
                    }
                }
            }
            for (Object doc : new Load(settings).loadAllFromString(text)) {
                if (doc instanceof Map<?, ?> map) {
                    if ("List".equals(map.get("kind")) && map.get("items") instanceof List<?> items) {
                        items.stream().filter(Map.class::isInstance).map(Map.class::cast)
                                .forEach(item -> add(found, item));
                    } else {
                        add(found, map);
                    }
                }
            }
        } catch (YamlEngineException e) {
            throw new ManifestPatchException("not valid YAML: " + e.getMessage(), e);
        }
        return new ManifestObjects(found);
    }

    private static String line(Event e) {
        return e.getStartMark().map(m -> " (line " + (m.getLine() + 1) + ")").orElse("");
    }

    private static void add(List<K8sObject> found, Map<?, ?> map) {
        Object kind = map.get("kind");
        Object name = get(map, "metadata", "name");
        if (kind != null && name != null) {
            Object ns = get(map, "metadata", "namespace");
            found.add(new K8sObject(String.valueOf(kind), ns == null ? null : String.valueOf(ns), String.valueOf(name),
                    map));
        }
    }

    List<K8sObject> all() {
        return objects;
    }

    /**
     * The object a target names, as the patcher picks it: a document naming the namespace wins over one naming none.
     *
     * @throws ManifestPatchException when the file holds none
     */
    K8sObject find(ManifestTarget target) {
        List<K8sObject> matches = objects.stream()
                .filter(o -> o.kind().equals(target.kind()) && o.name().equals(target.name())
                        && o.inNamespace(target.namespace()))
                .toList();
        return matches.stream().filter(o -> o.namespace() != null).findFirst()
                .or(() -> matches.stream().findFirst())
                .orElseThrow(() -> new ManifestPatchException("no " + target + " in the manifest; it holds "
                        + describe(objects)));
    }

    /** The objects of a kind in a namespace (or in none). */
    List<K8sObject> ofKind(String kind, String namespace) {
        return objects.stream().filter(o -> o.kind().equals(kind) && o.inNamespace(namespace)).toList();
    }

    static String describe(List<K8sObject> objects) {
        return objects.isEmpty() ? "no Kubernetes objects"
                : objects.stream().map(K8sObject::toString).collect(Collectors.joining(", "));
    }

    /** The value under nested keys, or {@code null} when a key is missing or a level is not a mapping. */
    static Object get(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /** A scalar under nested keys as text, or empty; a mapping or a list there is not a value. */
    static Optional<String> text(Object node, String... keys) {
        Object value = get(node, keys);
        if (value instanceof Map || value instanceof List) {
            throw new ManifestPatchException(String.join(".", keys) + " is a " + (value instanceof Map ? "mapping"
                    : "list") + ", not a value");
        }
        return Optional.ofNullable(value).map(String::valueOf);
    }
}
