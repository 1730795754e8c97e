package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The path grammar of FieldChange read back into a strategic merge patch, and values read from a live object. */
class FieldPathsTest {

    @Test
    void aContainerFieldBecomesAKeyedListItemAndTwoChangesShareIt() {
        Map<String, Object> tree = new LinkedHashMap<>();
        FieldPaths.put(tree, "spec.template.spec.containers[name=app].resources.limits.memory", "512Mi");
        FieldPaths.put(tree, "spec.template.spec.containers[name=app].resources.requests.memory", null);

        assertThat(tree).containsOnlyKeys("spec");
        assertThat(FieldPaths.get(tree, "spec.template.spec.containers")).asList().hasSize(1);
        assertThat(FieldPaths.get(tree, "spec.template.spec.containers[name=app].name")).isEqualTo("app");
        assertThat(FieldPaths.get(tree, "spec.template.spec.containers[name=app].resources.limits.memory"))
                .isEqualTo("512Mi");
        @SuppressWarnings("unchecked")
        Map<String, Object> requests = (Map<String, Object>) FieldPaths.get(tree,
                "spec.template.spec.containers[name=app].resources.requests");
        // null deletes the field in a strategic merge patch: the key is there, with null.
        assertThat(requests).containsEntry("memory", null);
    }

    @Test
    void aQuotedKeyKeepsItsDots() {
        Map<String, Object> tree = new LinkedHashMap<>();
        FieldPaths.put(tree, "spec.template.metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]", "t");

        assertThat(FieldPaths.get(tree, "spec.template.metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]"))
                .isEqualTo("t");
        assertThat(FieldPaths.parse("metadata.annotations[\"a.b/c\"]")).extracting(FieldPaths.Segment::key)
                .containsExactly("metadata", "annotations", "a.b/c");
    }

    @Test
    void getFindsAListItemByItsKeyAndAnswersNullForAMissingOne() {
        Map<String, Object> live = Map.of("spec", Map.of("replicas", 3, "containers", List.of(
                Map.of("name", "sidecar", "image", "s:1"), Map.of("name", "app", "image", "a:2"))));

        assertThat(FieldPaths.get(live, "spec.replicas")).isEqualTo(3);
        assertThat(FieldPaths.get(live, "spec.containers[name=app].image")).isEqualTo("a:2");
        assertThat(FieldPaths.get(live, "spec.containers[name=db].image")).isNull();
    }

    @Test
    void aMalformedPathIsRejectedNamingIt() {
        assertThatThrownBy(() -> FieldPaths.parse("spec.containers[app].image"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path 'spec.containers[app].image': a list item must read [key=value]");
        assertThatThrownBy(() -> FieldPaths.parse("metadata.annotations[\"open"))
                .hasMessage("path 'metadata.annotations[\"open': unterminated quoted key");
    }
}
