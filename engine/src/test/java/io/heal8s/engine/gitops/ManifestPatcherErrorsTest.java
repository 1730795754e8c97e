package io.heal8s.engine.gitops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.action.FieldChange;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestPatcherErrorsTest {

    private static final String DEPLOYMENT = """
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                  - name: app
                    image: shop:1
                  - name: sidecar
                    image: envoy:1
            """;

    private final ManifestPatcher patcher = new ManifestPatcher();

    private static List<FieldChange> set(String path) {
        return List.of(new FieldChange(path, null, "x"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "spec.template.spec.containers[name=ghost].image | Deployment web: no item with name ghost in"
                + " spec.template.spec.containers (line 9; found: app, sidecar)",
        "spec.replicas.count                            | Deployment web: spec.replicas is not a mapping (line 5)",
        "spec.template.spec.containers.image            | Deployment web: spec.template.spec.containers is not a"
                + " mapping (line 9)",
        "spec.template                                  | Deployment web: spec.template is a mapping, not a value"
                + " (line 7)",
        "spec.template.spec.initContainers[name=a].image | Deployment web: there is no"
                + " spec.template.spec.initContainers to find [name=a] in",
        "spec.replicas[name=a].image                    | Deployment web: spec.replicas is not a list (line 5)",
    })
    void namesTheMissingOrMistypedPart(String path, String message) {
        assertThatThrownBy(() -> patcher.apply(DEPLOYMENT, new ManifestTarget("Deployment", "web", null), set(path)))
                .isInstanceOf(ManifestPatchException.class).hasMessage(message);
    }

    @Test
    void aMissingObjectListsWhatTheFileHolds() {
        assertThatThrownBy(() -> patcher.apply(ManifestPatcherTest.manifest("same-names.yaml"),
                new ManifestTarget("StatefulSet", "web", "prod"), set("spec.replicas")))
                .isInstanceOf(ManifestPatchException.class)
                .hasMessage("no StatefulSet prod/web in the manifest; it holds Deployment staging/web (line 1),"
                        + " Deployment prod/web (line 9), Service prod/web (line 17), Deployment web (line 23)");
    }

    @Test
    void anAmbiguousObjectIsAnError() {
        assertThatThrownBy(() -> patcher.apply(ManifestPatcherTest.manifest("same-names.yaml"),
                new ManifestTarget("Deployment", "web", null), set("spec.replicas")))
                .isInstanceOf(ManifestPatchException.class)
                .hasMessage("more than one Deployment web in the manifest (at lines 1, 9, 23)");
    }

    @Test
    void aDuplicatedContainerNameIsAnError() {
        String text = DEPLOYMENT.replace("name: sidecar", "name: app");

        assertThatThrownBy(() -> patcher.apply(text, new ManifestTarget("Deployment", "web", null),
                set("spec.template.spec.containers[name=app].image")))
                .hasMessage("Deployment web: more than one item with name app in spec.template.spec.containers"
                        + " (lines 9, 11)");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "'kind: Deployment\nmetadata:\n  name: web\nx: &r {memory: 1Gi}\nspec:\n  r: *r\n' | spec.r |"
                + " Deployment web: spec.r is a YAML alias (*) at line 6: editing it would edit what it refers to;"
                + " edit the file by hand",
        "'kind: Deployment\nmetadata:\n  name: web\nspec: &s\n  replicas: 1\n' | spec.replicas |"
                + " Deployment web: spec carries a YAML anchor (&) at line 4: editing it would also change every alias"
                + " of it; edit the file by hand",
        "'kind: Deployment\nmetadata:\n  name: web\nbase: &b {replicas: 1}\nspec:\n  <<: *b\n' | spec.replicas |"
                + " Deployment web: spec uses a YAML merge key (<<) at line 6; edit the file by hand",
    })
    void refusesToEditThroughAnchorsAliasesAndMergeKeys(String text, String path, String message) {
        assertThatThrownBy(() -> patcher.apply(text, new ManifestTarget("Deployment", "web", null), set(path)))
                .isInstanceOf(ManifestPatchException.class).hasMessage(message);
    }

    @Test
    void invalidYamlIsAnError() {
        assertThatThrownBy(() -> patcher.apply("kind: Deployment\nmetadata: {name: web\n",
                new ManifestTarget("Deployment", "web", null), set("spec.replicas")))
                .isInstanceOf(ManifestPatchException.class)
                .hasMessageStartingWith("the manifest is not valid YAML: ");
    }

    @Test
    void refusesAnAliasBomb() {
        StringBuilder bomb = new StringBuilder("kind: Deployment\nmetadata: {name: web}\na: &a [\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
            }
            bomb.append("]\n");
        }

        assertThatThrownBy(() -> patcher.apply(bomb.toString(), new ManifestTarget("Deployment", "web", null),
                set("spec.replicas")))
                .isInstanceOf(ManifestPatchException.class)
                .hasMessage("the manifest has more than 50 aliases (line 9): refused as a possible alias bomb");
    }

    @Test
    void refusesDeepNestingInFlowAndBlockStyle() {
        String flow = "kind: Deployment\nx: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        StringBuilder block = new StringBuilder("kind: Deployment\n");
        for (int i = 0; i < 100; i++) {
            block.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }

        assertThatThrownBy(() -> patcher.apply(flow, new ManifestTarget("Deployment", "web", null), set("a")))
                .hasMessage("the manifest nests deeper than 64 levels (line 2)");
        assertThatThrownBy(() -> patcher.apply(block.toString(), new ManifestTarget("Deployment", "web", null),
                set("a"))).hasMessage("the manifest nests deeper than 64 levels (line 66)");
    }

    @Test
    void refusesAFileBeyondTheSizeAndDocumentLimits() {
        ManifestPatcher small = new ManifestPatcher(new PatcherLimits(1_000, 64, 50, 3));

        assertThatThrownBy(() -> small.apply("#".repeat(1_001), new ManifestTarget("Deployment", "web", null),
                set("a"))).hasMessage("the manifest has 1001 characters, more than the limit of 1000");
        assertThatThrownBy(() -> small.apply("a: 1\n---\nb: 1\n---\nc: 1\n---\nd: 1\n",
                new ManifestTarget("Deployment", "web", null), set("a")))
                .hasMessage("the manifest has more than 3 documents");
    }
}
