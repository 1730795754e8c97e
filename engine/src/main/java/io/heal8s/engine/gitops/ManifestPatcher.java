package io.heal8s.engine.gitops;

import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.gitops.FieldPath.Segment;
import io.heal8s.engine.gitops.YamlText.Alias;
import io.heal8s.engine.gitops.YamlText.Collection;
import io.heal8s.engine.gitops.YamlText.Mapping;
import io.heal8s.engine.gitops.YamlText.Node;
import io.heal8s.engine.gitops.YamlText.Scalar;
import io.heal8s.engine.gitops.YamlText.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies an action's {@link FieldChange}s to the text of a manifest from Git so that the diff touches only the changed
 * lines: it locates each value with snakeyaml-engine's event marks and splices that span of text, keeping comments,
 * key order, quoting, indentation, flow style and line endings. A missing field is inserted in the file's own style.
 */
public final class ManifestPatcher {

    private final PatcherLimits limits;

    public ManifestPatcher() {
        this(PatcherLimits.DEFAULT);
    }

    public ManifestPatcher(PatcherLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * The manifest with the changes applied, in order, to the target object.
     *
     * @throws ManifestPatchException naming what is missing, ambiguous or unsafe to edit
     */
    public String apply(String manifest, ManifestTarget target, List<FieldChange> changes) {
        String text = manifest;
        for (FieldChange change : changes) {
            // Re-reading after each change keeps every offset true; manifests are small and changes few.
            text = applyOne(text, target, change);
        }
        return text;
    }

    /**
     * The names of the target's containers ({@code spec.template.spec.containers}, or {@code spec.containers} of a
     * Pod), so a caller whose alert names no container can pick the only one.
     */
    public List<String> containerNames(String manifest, ManifestTarget target) {
        Mapping root = select(YamlText.parse(manifest, limits), target);
        Optional<Node> spec = root.get("spec");
        if (!"Pod".equals(target.kind())) {
            spec = spec.filter(Mapping.class::isInstance).flatMap(s -> ((Mapping) s).get("template"))
                    .filter(Mapping.class::isInstance).flatMap(t -> ((Mapping) t).get("spec"));
        }
        Optional<Node> containers = spec.filter(Mapping.class::isInstance)
                .flatMap(s -> ((Mapping) s).get("containers"));
        if (containers.isEmpty() || !(containers.get() instanceof Sequence seq)) {
            throw new ManifestPatchException(target + " has no list of containers");
        }
        List<String> names = new ArrayList<>();
        for (Node item : seq.items) {
            if (item instanceof Mapping m) {
                m.scalar("name").ifPresent(names::add);
            }
        }
        return names;
    }

    /**
     * The container to change: the named one, or the only one when the alert named none ({@code null} or empty).
     *
     * @throws ManifestPatchException when the named container is missing, or none is named and there are several
     */
    public String container(String manifest, ManifestTarget target, String name) {
        List<String> names = containerNames(manifest, target);
        if (name != null && !name.isEmpty()) {
            if (!names.contains(name)) {
                throw error(target, "no container " + name + " (found: " + String.join(", ", names) + ")");
            }
            return name;
        }
        if (names.size() != 1) {
            throw error(target, "the alert names no container and the pod has " + names.size() + " ("
                    + String.join(", ", names) + "): name one");
        }
        return names.get(0);
    }

    /** The manifest with an action's changes applied, or unchanged when the action changes nothing. */
    public String apply(String manifest, ManifestTarget target, ActionResult result) {
        return result.changed() ? apply(manifest, target, result.changes()) : manifest;
    }

    private String applyOne(String text, ManifestTarget target, FieldChange change) {
        YamlText yaml = YamlText.parse(text, limits);
        Mapping root = select(yaml, target);
        FieldPath path = FieldPath.parse(change.path());
        List<Segment> segments = path.segments();
        Node node = root;
        Mapping parent = null;
        int entry = -1;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            requireEditable(node, target, path.prefix(i));
            if (s.isItem()) {
                if (!(node instanceof Sequence seq)) {
                    throw error(target, path.prefix(i) + " is not a list (line " + (node.line + 1) + ")");
                }
                node = item(seq, s, target, path.prefix(i));
                parent = null;
                continue;
            }
            if (node instanceof Scalar scalar && scalar.isNull() && parent != null) {
                return insertUnderNull(yaml, parent, entry, rest(segments, i, path, target), change.newValue());
            }
            if (!(node instanceof Mapping m)) {
                throw error(target, path.prefix(i) + " is not a mapping (line " + (node.line + 1) + ")");
            }
            int index = m.indexOf(s.key());
            if (index < 0) {
                if (m.indexOf("<<") >= 0) {
                    throw error(target, path.prefix(i) + " uses a YAML merge key (<<) at line " + (m.line + 1)
                            + "; edit the file by hand");
                }
                return insertInto(yaml, m, rest(segments, i, path, target), change.newValue());
            }
            parent = m;
            entry = index;
            node = m.values.get(index);
        }
        requireEditable(node, target, path.text());
        if (!(node instanceof Scalar scalar)) {
            throw error(target, path.text() + " is a " + (node instanceof Mapping ? "mapping" : "list")
                    + ", not a value (line " + (node.line + 1) + ")");
        }
        if (scalar.start == scalar.end) {
            // An empty value right after "key:": the new one needs the separating space.
            return splice(text, scalar.start, scalar.end, " " + YamlScalars.inserting(change.newValue()));
        }
        return splice(text, scalar.start, scalar.end,
                YamlScalars.replacing(scalar.value, scalar.style, change.newValue()));
    }

    /** The remaining keys from segment {@code i}, which must all be map keys: a missing list item cannot be invented. */
    private static List<String> rest(List<Segment> segments, int i, FieldPath path, ManifestTarget target) {
        List<String> keys = new ArrayList<>();
        for (int j = i; j < segments.size(); j++) {
            if (segments.get(j).isItem()) {
                throw error(target, "there is no " + path.prefix(j) + " to find " + segments.get(j) + " in");
            }
            keys.add(segments.get(j).key());
        }
        return keys;
    }

    private String insertInto(YamlText yaml, Mapping m, List<String> keys, String value) {
        String text = yaml.text;
        if (m.flow) {
            String entry = flowEntry(keys, value);
            if (m.keys.isEmpty()) {
                return splice(text, m.start + 1, m.start + 1, entry);
            }
            int after = m.values.get(m.values.size() - 1).contentEnd();
            return splice(text, after, after, ", " + entry);
        }
        int column = m.keys.get(0).column;
        String block = blockEntry(keys, value, column, indentStep(yaml), lineEnding(text));
        int end = m.contentEnd();
        if (end > 0 && text.charAt(end - 1) == '\n') {
            // A block scalar (|, >) ends after its line break: insert before the next line.
            return splice(text, end, end, block + lineEnding(text));
        }
        int lineEnd = lineEnd(text, end);
        return splice(text, lineEnd, lineEnd, lineEnding(text) + block);
    }

    private String insertUnderNull(YamlText yaml, Mapping parent, int entry, List<String> keys, String value) {
        String text = yaml.text;
        Node key = parent.keys.get(entry);
        Scalar nullValue = (Scalar) parent.values.get(entry);
        if (parent.flow) {
            String flow = flowValue(keys, value);
            return splice(text, nullValue.start, nullValue.end, nullValue.start == nullValue.end ? " " + flow : flow);
        }
        int step = indentStep(yaml);
        String block = blockEntry(keys, value, key.column + step, step, lineEnding(text));
        int lineEnd = lineEnd(text, nullValue.end);
        // "key: ~  # comment" becomes "key:  # comment" followed by the new block.
        return text.substring(0, key.end) + ":" + text.substring(nullValue.end, lineEnd) + lineEnding(text) + block
                + text.substring(lineEnd);
    }

    private static String blockEntry(List<String> keys, String value, int column, int step, String lineEnding) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                sb.append(lineEnding);
            }
            sb.append(" ".repeat(column + i * step)).append(YamlScalars.inserting(keys.get(i))).append(':');
        }
        return sb.append(' ').append(YamlScalars.inserting(value)).toString();
    }

    private static String flowEntry(List<String> keys, String value) {
        return YamlScalars.inserting(keys.get(0)) + ": "
                + (keys.size() == 1 ? YamlScalars.inserting(value) : flowValue(keys.subList(1, keys.size()), value));
    }

    private static String flowValue(List<String> keys, String value) {
        return "{" + flowEntry(keys, value) + "}";
    }

    /** The file's indentation step: how far the first nested block mapping sits right of its key; 2 if none. */
    private static int indentStep(YamlText yaml) {
        for (Node doc : yaml.documents) {
            int step = indentStep(doc);
            if (step > 0) {
                return step;
            }
        }
        return 2;
    }

    private static int indentStep(Node node) {
        if (node instanceof Mapping m && !m.flow) {
            for (int i = 0; i < m.values.size(); i++) {
                if (m.values.get(i) instanceof Mapping child && !child.flow && !child.keys.isEmpty()) {
                    int step = child.keys.get(0).column - m.keys.get(i).column;
                    if (step > 0) {
                        return step;
                    }
                }
            }
        }
        if (node instanceof Collection c) {
            for (Node child : c.children()) {
                int step = indentStep(child);
                if (step > 0) {
                    return step;
                }
            }
        }
        return 0;
    }

    private static Node item(Sequence seq, Segment s, ManifestTarget target, String where) {
        List<Mapping> found = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (Node item : seq.items) {
            if (item instanceof Mapping m) {
                Optional<String> v = m.scalar(s.field());
                v.ifPresent(present::add);
                if (v.isPresent() && v.get().equals(s.value())) {
                    found.add(m);
                }
            }
        }
        if (found.isEmpty()) {
            throw error(target, "no item with " + s.field() + " " + s.value() + " in " + where + " (line "
                    + (seq.line + 1) + "; found: " + (present.isEmpty() ? "none" : String.join(", ", present)) + ")");
        }
        if (found.size() > 1) {
            throw error(target, "more than one item with " + s.field() + " " + s.value() + " in " + where
                    + " (lines " + found.stream().map(m -> String.valueOf(m.line + 1)).collect(Collectors.joining(", "))
                    + ")");
        }
        return found.get(0);
    }

    private static void requireEditable(Node node, ManifestTarget target, String where) {
        if (node instanceof Alias) {
            throw error(target, where + " is a YAML alias (*) at line " + (node.line + 1)
                    + ": editing it would edit what it refers to; edit the file by hand");
        }
        if (node.anchored) {
            throw error(target, where + " carries a YAML anchor (&) at line " + (node.line + 1)
                    + ": editing it would also change every alias of it; edit the file by hand");
        }
    }

    /** The one document (or item of a {@code kind: List}) that is the target. */
    private static Mapping select(YamlText yaml, ManifestTarget target) {
        List<Mapping> objects = new ArrayList<>();
        for (Node doc : yaml.documents) {
            if (doc instanceof Mapping m) {
                Optional<Node> items = m.get("items");
                if ("List".equals(m.scalar("kind").orElse(null)) && items.isPresent()
                        && items.get() instanceof Sequence seq) {
                    seq.items.stream().filter(Mapping.class::isInstance).map(Mapping.class::cast).forEach(objects::add);
                } else {
                    objects.add(m);
                }
            }
        }
        List<Mapping> exact = new ArrayList<>();
        List<Mapping> unnamespaced = new ArrayList<>();
        for (Mapping m : objects) {
            Optional<Mapping> meta = m.get("metadata").filter(Mapping.class::isInstance).map(Mapping.class::cast);
            if (!target.kind().equals(m.scalar("kind").orElse(null))
                    || !target.name().equals(meta.flatMap(x -> x.scalar("name")).orElse(null))) {
                continue;
            }
            Optional<String> namespace = meta.flatMap(x -> x.scalar("namespace"));
            if (target.namespace() == null || namespace.map(target.namespace()::equals).orElse(false)) {
                exact.add(m);
            } else if (namespace.isEmpty()) {
                unnamespaced.add(m);
            }
        }
        List<Mapping> matches = exact.isEmpty() ? unnamespaced : exact;
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            String present = objects.stream().limit(20).map(ManifestPatcher::describe).collect(Collectors.joining(", "));
            throw new ManifestPatchException("no " + target + " in the manifest; it holds "
                    + (present.isEmpty() ? "no Kubernetes objects" : present + (objects.size() > 20 ? ", …" : "")));
        }
        throw new ManifestPatchException("more than one " + target + " in the manifest (at lines "
                + matches.stream().map(m -> String.valueOf(m.line + 1)).collect(Collectors.joining(", ")) + ")");
    }

    private static String describe(Mapping m) {
        Optional<Mapping> meta = m.get("metadata").filter(Mapping.class::isInstance).map(Mapping.class::cast);
        return m.scalar("kind").orElse("(no kind)") + " "
                + meta.flatMap(x -> x.scalar("namespace")).map(ns -> ns + "/").orElse("")
                + meta.flatMap(x -> x.scalar("name")).orElse("(no name)") + " (line " + (m.line + 1) + ")";
    }

    private static ManifestPatchException error(ManifestTarget target, String message) {
        return new ManifestPatchException(target + ": " + message);
    }

    private static String splice(String text, int start, int end, String replacement) {
        return text.substring(0, start) + replacement + text.substring(end);
    }

    private static int lineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return text.length();
    }

    /** The file's own line break: CRLF stays CRLF. */
    private static String lineEnding(String text) {
        int lf = text.indexOf('\n');
        if (lf > 0 && text.charAt(lf - 1) == '\r') {
            return "\r\n";
        }
        return lf < 0 && text.indexOf('\r') >= 0 ? "\r" : "\n";
    }
}
