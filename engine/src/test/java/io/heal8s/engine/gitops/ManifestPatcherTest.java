package io.heal8s.engine.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.ContainerResources;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.action.HpaState;
import io.heal8s.engine.action.IncreaseMemory;
import io.heal8s.engine.action.ReplicaState;
import io.heal8s.engine.action.RolloutRestart;
import io.heal8s.engine.action.ScaleUp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestPatcherTest {

    private static final String APP = "spec.template.spec.containers[name=%s]";
    private final ManifestPatcher patcher = new ManifestPatcher();

    static String manifest(String name) {
        try (InputStream in = ManifestPatcherTest.class.getResourceAsStream("/manifests/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FieldChange change(String path, String newValue) {
        return new FieldChange(path, null, newValue);
    }

    private static String container(String name, String rest) {
        return String.format(APP, name) + rest;
    }

    @Test
    void helmRenderedEmptyResourcesGainTheLimitInTheirOwnFlowStyle() {
        String before = manifest("helm-rendered.yaml");
        ActionResult raise = IncreaseMemory.withParams(Map.of())
                .apply(ContainerResources.memory("shop", null, null));

        String after = patcher.apply(before, new ManifestTarget("Deployment", "shop", "shop-prod"), raise.changes());

        assertThat(LineDiff.between(before, after)).isEqualTo(new LineDiff(
                List.of("            {}"),
                List.of("            {limits: {memory: 320Mi}}")));
    }

    @Test
    void raisesAMaxedOutHpaInItsOwnDocument() {
        String before = manifest("helm-rendered.yaml");
        ActionResult scale = ScaleUp.withParams(Map.of()).apply(new ReplicaState(5, new HpaState("shop", 2, 5, 5, 5)));

        String after = patcher.apply(before, new ManifestTarget("HorizontalPodAutoscaler", "shop", null),
                scale.changes());

        assertThat(LineDiff.between(before, after)).isEqualTo(new LineDiff(
                List.of("  maxReplicas: 5"), List.of("  maxReplicas: 8")));
    }

    @Test
    void kustomizeOutputGainsAResourcesBlockWithTheFilesIndentation() {
        String before = manifest("kustomize-output.yaml");
        ManifestTarget worker = new ManifestTarget("Deployment", "worker", "jobs");

        String after = patcher.apply(before, worker, List.of(
                change(container("worker", ".resources.limits.memory"), "320Mi"),
                change(container("metrics", ".resources.requests.memory"), "64Mi")));

        assertThat(LineDiff.between(before, after)).isEqualTo(new LineDiff(List.of(), List.of(
                "        resources:",
                "          limits:",
                "            memory: 320Mi",
                "          requests:",
                "            memory: 64Mi")));
        assertThat(after).contains("        name: worker\n        resources:\n          limits:\n");
    }

    @Test
    void handWrittenManifestKeepsCommentsQuotingAndFlowStyle() {
        String before = manifest("hand-written.yaml");
        ManifestTarget payments = new ManifestTarget("Deployment", "payments", "prod");
        ActionResult raise = IncreaseMemory.withParams(Map.of())
                .apply(ContainerResources.memory("api", "256Mi", "128Mi"));

        String after = patcher.apply(before, payments, raise.changes());

        assertThat(LineDiff.between(before, after)).isEqualTo(new LineDiff(
                List.of("                        limits: {cpu: 500m, memory: \"256Mi\"}   # raised after the Black"
                                + " Friday incident",
                        "                            memory: \"128Mi\"   # half the limit"),
                List.of("                        limits: {cpu: 500m, memory: \"320Mi\"}   # raised after the Black"
                                + " Friday incident",
                        "                            memory: \"160Mi\"   # half the limit")));
    }

    @Test
    void replacesValuesAfterCharactersOutsideTheBasicPlaneAndKeepsSingleQuotes() {
        String before = manifest("hand-written.yaml");
        ManifestTarget payments = new ManifestTarget("Deployment", "payments", "prod");

        String after = patcher.apply(before, payments, List.of(
                change(container("api", ".image"), "registry.example.com/payments:5.0.9"),
                change(container("envoy", ".image"), "envoyproxy/envoy:v1.29.4"),
                change("spec.replicas", "6")));

        assertThat(LineDiff.between(before, after)).isEqualTo(new LineDiff(
                List.of("    replicas: 4   # at least 4: one per zone plus one",
                        "                    image: 'registry.example.com/payments:5.1.0'   # pinned, see ADR-12",
                        "                    image: envoyproxy/envoy:v1.30.1"),
                List.of("    replicas: 6   # at least 4: one per zone plus one",
                        "                    image: 'registry.example.com/payments:5.0.9'   # pinned, see ADR-12",
                        "                    image: envoyproxy/envoy:v1.29.4")));
    }

    @Test
    void insertsTheRestartAnnotationWithTheFilesFourSpaceIndentationQuotedAsAString() {
        String before = manifest("hand-written.yaml");
        ActionResult restart = RolloutRestart.withClock(Clock.fixed(Instant.parse("2026-11-25T21:00:07Z"),
                ZoneOffset.UTC)).apply(null);

        String after = patcher.apply(before, new ManifestTarget("Deployment", "payments", "prod"), restart.changes());

        assertThat(LineDiff.between(before, after)).isEqualTo(new LineDiff(List.of(), List.of(
                "            annotations:",
                "                kubectl.kubernetes.io/restartedAt: \"2026-11-25T21:00:07Z\"")));
        assertThat(after).contains("labels: {app: payments, tier: \"backend\"}\n            annotations:\n");
    }

    @Test
    void insertsAfterABlockScalarBeforeTheNextItem() {
        String before = manifest("hand-written.yaml");

        String after = patcher.apply(before, new ManifestTarget("Deployment", "payments", null),
                List.of(change(container("api", ".imagePullPolicy"), "Always")));

        assertThat(after).contains("                          exec java -jar /app.jar\n"
                + "                    imagePullPolicy: Always\n"
                + "                -   name: envoy");
    }

    @Test
    void crlfFilesStayCrlfAndStatefulSetsAndClaimsAreFoundByKind() {
        String before = manifest("crlf.yaml");

        String after = patcher.apply(before, new ManifestTarget("StatefulSet", "db", "data"), List.of(
                change(container("postgres", ".resources.limits.memory"), "1280Mi"),
                change(container("postgres", ".resources.requests.memory"), "640Mi"),
                change("spec.template.metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]",
                        "2026-11-25T21:00:07Z")));
        after = patcher.apply(after, new ManifestTarget("PersistentVolumeClaim", "data-db-0", "data"),
                List.of(change("spec.resources.requests.storage", "15Gi")));

        assertThat(LineDiff.between(before, after)).isEqualTo(new LineDiff(
                List.of("              memory: 1Gi", "              memory: 512Mi", "      storage: 10Gi"),
                List.of("      annotations:",
                        "        kubectl.kubernetes.io/restartedAt: \"2026-11-25T21:00:07Z\"",
                        "              memory: 1280Mi", "              memory: 640Mi", "      storage: 15Gi")));
        assertThat(after.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void aDocumentNamingTheNamespaceWinsOverOneThatNamesNone() {
        String before = manifest("same-names.yaml");

        assertThat(LineDiff.between(before, patcher.apply(before, new ManifestTarget("Deployment", "web", "prod"),
                List.of(change("spec.replicas", "9")))).added()).containsExactly("  replicas: 9");
        String staging = patcher.apply(before, new ManifestTarget("Deployment", "web", "staging"),
                List.of(change("spec.replicas", "2")));
        assertThat(staging.lines().toList().get(6)).isEqualTo("  replicas: 2");
        String dev = patcher.apply(before, new ManifestTarget("Deployment", "web", "dev"),
                List.of(change("spec.replicas", "3")));
        assertThat(dev.lines().toList().get(27)).isEqualTo("  replicas: 3");
    }

    @Test
    void findsAnObjectInsideAKubectlList() {
        String before = """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: api
                  spec:
                    replicas: 1
                """;

        String after = patcher.apply(before, new ManifestTarget("Deployment", "api", "default"),
                List.of(change("spec.replicas", "2")));

        assertThat(after).isEqualTo(before.replace("replicas: 1", "replicas: 2"));
    }

    @Test
    void listsTheContainersSoACallerCanPickTheOnlyOne() {
        assertThat(patcher.containerNames(manifest("kustomize-output.yaml"),
                new ManifestTarget("Deployment", "worker", "jobs"))).containsExactly("worker", "metrics");
        assertThat(patcher.containerNames(manifest("helm-rendered.yaml"),
                new ManifestTarget("Deployment", "shop", null))).containsExactly("shop");
    }

    @Test
    void picksTheNamedContainerOrTheOnlyOne() {
        String kustomize = manifest("kustomize-output.yaml");
        ManifestTarget worker = new ManifestTarget("Deployment", "worker", "jobs");
        ManifestTarget shop = new ManifestTarget("Deployment", "shop", null);

        assertThat(patcher.container(manifest("helm-rendered.yaml"), shop, "")).isEqualTo("shop");
        assertThat(patcher.container(kustomize, worker, "metrics")).isEqualTo("metrics");
        assertThatThrownBy(() -> patcher.container(kustomize, worker, null))
                .hasMessage("Deployment jobs/worker: the alert names no container and the pod has 2 (worker, metrics):"
                        + " name one");
        assertThatThrownBy(() -> patcher.container(kustomize, worker, "app"))
                .hasMessage("Deployment jobs/worker: no container app (found: worker, metrics)");
    }

    @Test
    void anUnchangedResultLeavesTheManifestAsItIs() {
        String before = manifest("hand-written.yaml");
        ActionResult atCap = IncreaseMemory.withParams(Map.of("max", "256Mi"))
                .apply(ContainerResources.memory("api", "256Mi", null));

        assertThat(patcher.apply(before, new ManifestTarget("Deployment", "payments", "prod"), atCap)).isSameAs(before);
    }

    @Test
    void keepsTheTypeOfAPlainValueAndQuotesWhereYamlWouldMisreadIt() {
        String before = "kind: Deployment\nmetadata:\n  name: a\nspec:\n  replicas: 3\n  template:\n    spec:\n"
                + "      containers:\n      - name: app\n        resources:\n          limits:\n            cpu: 500m\n"
                + "            memory: 1G\n          requests:\n            cpu: 1\n";
        ManifestTarget a = new ManifestTarget("Deployment", "a", null);

        String after = patcher.apply(before, a, List.of(
                change("spec.replicas", "5"),
                change(container("app", ".resources.limits.cpu"), "2"),
                change(container("app", ".resources.limits.memory"), "1216Mi"),
                change(container("app", ".resources.requests.cpu"), "1250m")));

        assertThat(LineDiff.between(before, after).added()).containsExactly(
                "  replicas: 5", "            cpu: \"2\"", "            memory: 1216Mi", "            cpu: 1250m");
    }

    @Test
    void fillsAKeyThatHasNoValueYet() {
        String before = "kind: Deployment\nmetadata:\n  name: a\nspec:\n  template:\n    metadata:\n"
                + "      annotations: ~   # none yet\n    spec:\n      containers:\n      - name: app\n"
                + "        resources:\n        image: x\n";
        ManifestTarget a = new ManifestTarget("Deployment", "a", null);

        String after = patcher.apply(before, a, List.of(
                change("spec.template.metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]", "now"),
                change(container("app", ".resources.limits.memory"), "320Mi")));

        assertThat(after).isEqualTo("kind: Deployment\nmetadata:\n  name: a\nspec:\n  template:\n    metadata:\n"
                + "      annotations:   # none yet\n        kubectl.kubernetes.io/restartedAt: now\n    spec:\n"
                + "      containers:\n      - name: app\n        resources:\n          limits:\n"
                + "            memory: 320Mi\n        image: x\n");
    }

    @Test
    void aFileWithoutAFinalLineBreakGetsNoneAdded() {
        String before = "kind: Deployment\nmetadata:\n  name: a\nspec:\n  replicas: 1";

        String after = patcher.apply(before, new ManifestTarget("Deployment", "a", null),
                List.of(change("spec.paused", "true"), change("spec.replicas", "2")));

        assertThat(after).isEqualTo("kind: Deployment\nmetadata:\n  name: a\nspec:\n  replicas: 2\n  paused: \"true\"");
    }
}
