package io.heal8s.engine.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.action.FieldChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Whatever string replaces a value (quotes, colons, hashes, brackets, non-ASCII), the patched file reads back with
 * exactly that string there, everything else as it was, and only that one line changed.
 */
class ManifestPatcherPropertiesTest {

    private static final String HAND_WRITTEN = ManifestPatcherTest.manifest("hand-written.yaml");
    private static final String KUSTOMIZE = ManifestPatcherTest.manifest("kustomize-output.yaml");
    private final ManifestPatcher patcher = new ManifestPatcher();

    @Provide
    Arbitrary<String> values() {
        // Whole code points, so the emoji is never split into lone surrogates (no Kubernetes value holds one).
        List<String> pieces = "abcXYZ019 :#-[]{},'\"&*!|>%@`?~.\\/=é😀\t".codePoints()
                .mapToObj(Character::toString).toList();
        return Arbitraries.of(pieces).list().ofMinSize(1).ofMaxSize(24).map(l -> String.join("", l));
    }

    @Property
    void anyStringReplacingAValueReadsBackExactlyAndChangesOneLine(@ForAll("values") String value,
            @ForAll("paths") String path) {
        ManifestTarget target = new ManifestTarget("Deployment", "payments", "prod");

        String after = patcher.apply(HAND_WRITTEN, target, List.of(new FieldChange(path, null, value)));

        LineDiff diff = LineDiff.between(HAND_WRITTEN, after);
        assertThat(diff.removed()).hasSize(1);
        assertThat(diff.added()).hasSize(1);
        assertThat(valueAt(after, path)).isEqualTo(value);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of(
                "spec.template.spec.containers[name=api].image",
                "spec.template.spec.containers[name=envoy].image",
                "spec.template.spec.containers[name=api].resources.limits.memory",
                "spec.template.spec.containers[name=api].resources.requests.memory",
                "spec.template.spec.containers[name=api].resources.requests.cpu",
                "metadata.annotations.owner",
                "spec.template.metadata.labels.tier");
    }

    @Property
    void anyStringInsertedReadsBackExactly(@ForAll("values") String value) {
        ManifestTarget target = new ManifestTarget("Deployment", "worker", "jobs");
        String path = "spec.template.metadata.annotations[\"heal8s.io/note\"]";

        String after = patcher.apply(KUSTOMIZE, target, List.of(new FieldChange(path, null, value)));

        assertThat(LineDiff.between(KUSTOMIZE, after).removed()).isEmpty();
        assertThat(valueAt(after, path, "worker")).isEqualTo(value);
    }

    private static Object valueAt(String text, String path) {
        return valueAt(text, path, "payments");
    }

    @SuppressWarnings("unchecked")
    private static Object valueAt(String text, String path, String name) {
        Map<String, Object> doc = null;
        for (Object d : new Load(LoadSettings.builder().build()).loadAllFromString(text)) {
            Map<String, Object> m = (Map<String, Object>) d;
            if (((Map<String, Object>) m.get("metadata")).get("name").equals(name)) {
                doc = m;
            }
        }
        Object node = doc;
        for (FieldPath.Segment s : FieldPath.parse(path).segments()) {
            if (s.isItem()) {
                node = new ArrayList<>((List<Object>) node).stream()
                        .filter(i -> s.value().equals(((Map<String, Object>) i).get(s.field()))).findFirst().orElseThrow();
            } else {
                node = ((Map<String, Object>) node).get(s.key());
            }
        }
        return node;
    }
}
