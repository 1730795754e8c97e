package io.heal8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviewCommandTest {

    private static final Path PLAYBOOKS = Path.of("..", "playbooks");
    private static final Path OOM = Path.of("..", "examples", "alerts", "oom.json");
    private static final String AT = "2026-11-25T21:00:00Z";

    private static final String CHECKOUT = """
            # The checkout service. Owned by team-payments.
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: checkout
              namespace: shop
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                    - name: checkout
                      image: ghcr.io/shop/checkout:1.4.2
                      resources:
                        limits:
                          memory: 256Mi   # raised by hand in March
                        requests:
                          memory: 128Mi
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: checkout
              namespace: shop
            spec:
              ports:
                - port: 80
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Heal8sCtl.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** A webhook payload with one firing alert carrying these labels. */
    private Path payload(Map<String, String> labels) throws IOException {
        String json = new TreeMap<>(labels).entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
        return file("payload.json", """
                {"version": "4", "status": "firing", "receiver": "heal8s", "groupLabels": {}, "commonLabels": {},
                 "commonAnnotations": {}, "externalURL": "",
                 "alerts": [{"status": "firing", "labels": %s, "annotations": {},
                             "startsAt": "2026-11-25T20:44:18Z", "endsAt": "0001-01-01T00:00:00Z",
                             "fingerprint": "0123456789abcdef"}]}
                """.formatted(json));
    }

    @Test
    void anOomKillOfAPodPrintsTheDiffRaisingMemoryInTheManifestsOnlyDeployment() throws IOException {
        Path manifest = file("checkout.yaml", CHECKOUT);

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, OOM.toString(), manifest.toString());

        assertThat(code).as(err.toString()).isZero();
        String path = PreviewCommand.label(manifest);
        assertThat(out.toString()).isEqualTo("""
                alert KubePodOOMKilled: playbook oom-increase-memory proposes IncreaseMemory on Deployment shop/checkout \
                (the alert names Pod shop/checkout-7d9f8b6c5d-9wzmr), container checkout
                memory limit 256Mi → 320Mi, request 128Mi → 160Mi
                --- a/%s
                +++ b/%s
                @@ -13,9 +13,9 @@
                           image: ghcr.io/shop/checkout:1.4.2
                           resources:
                             limits:
                -              memory: 256Mi   # raised by hand in March
                +              memory: 320Mi   # raised by hand in March
                             requests:
                -              memory: 128Mi
                +              memory: 160Mi
                 ---
                 apiVersion: v1
                 kind: Service
                """.formatted(path, path));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aLimitAtTheCapPrintsAtCapAndNoDiff() throws IOException {
        Path manifest = file("checkout.yaml", CHECKOUT.replace("256Mi", "2Gi"));

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, OOM.toString(), manifest.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .endsWith("container checkout\nno change: at cap: memory limit 2Gi is the cap 2Gi\n")
                .doesNotContain("---");
    }

    @Test
    void aManifestThatIsNotYamlIsBadInputAndExitsTwo() throws IOException {
        Path manifest = file("broken.yaml", "kind: Deployment\nmetadata: {name: checkout\nspec: [\n");

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, OOM.toString(), manifest.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith(manifest + ": not valid YAML: ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aQuantityThatDoesNotParseIsBadInputNamingTheContainer() throws IOException {
        Path manifest = file("checkout.yaml", CHECKOUT.replace("256Mi   #", "lots   #"));

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, OOM.toString(), manifest.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("alert KubePodOOMKilled: Deployment shop/checkout container checkout,"
                + " resources of memory: invalid quantity 'lots'");
    }

    @Test
    void aMissingManifestIsBadInputAndExitsTwo() {
        int code = run("preview", "-p", PLAYBOOKS.toString(), OOM.toString(), dir.resolve("none.yaml").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("none.yaml: cannot read: ");
    }

    @Test
    void aPodAlertWithSeveralWorkloadsInTheFileListsThemAndSuggestsKindAndName() throws IOException {
        Path manifest = file("shop.yaml", CHECKOUT + "---\n" + CHECKOUT.replace("name: checkout\n  namespace",
                "name: checkout-canary\n  namespace").replace("kind: Deployment", "kind: StatefulSet"));

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, OOM.toString(), manifest.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("alert KubePodOOMKilled: the alert names Pod shop/checkout-7d9f8b6c5d-9wzmr,"
                + " and the manifest holds 2 of Deployment, StatefulSet or DaemonSet in namespace shop:"
                + " Deployment shop/checkout, StatefulSet shop/checkout-canary; choose one with --kind and --name");
    }

    @Test
    void kindAndNameChooseAmongSeveralWorkloads() throws IOException {
        Path manifest = file("shop.yaml", CHECKOUT + "---\n" + CHECKOUT.replace("name: checkout\n  namespace",
                "name: checkout-canary\n  namespace").replace("kind: Deployment", "kind: StatefulSet"));

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, "--kind", "statefulset",
                "--name", "checkout-canary", OOM.toString(), manifest.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("on StatefulSet shop/checkout-canary").contains("@@ -41,9 +41,9 @@");
    }

    @Test
    void aPodAlertWithNoWorkloadInTheFileSaysWhatTheFileHolds() throws IOException {
        Path manifest = file("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: checkout\n");

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, OOM.toString(), manifest.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("the manifest holds no Deployment, StatefulSet or DaemonSet in namespace"
                + " shop; it holds Service checkout");
    }

    @Test
    void aCrlfManifestGetsADiffWhoseLinesKeepTheirCarriageReturns() throws IOException {
        Path manifest = file("checkout.yaml", CHECKOUT.replace("\n", "\r\n"));

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, OOM.toString(), manifest.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("@@ -13,9 +13,9 @@\n")
                .contains("\n-              memory: 256Mi   # raised by hand in March\r\n"
                        + "+              memory: 320Mi   # raised by hand in March\r\n");
    }

    @Test
    void aMaxedOutHpaWithoutStatusInTheFileGetsAHigherMaxReplicas() throws IOException {
        Path manifest = file("frontend.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: frontend
                spec:
                  template:
                    spec:
                      containers:
                        - name: web
                          image: nginx:1.27
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: frontend
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: frontend}
                  minReplicas: 2
                  maxReplicas: 8  # sized for the spring sale
                """);
        Path alert = payload(Map.of("alertname", "KubeHpaMaxedOut", "namespace", "shop",
                "horizontalpodautoscaler", "frontend", "severity", "warning"));

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, alert.toString(), manifest.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("proposes ScaleUp on Deployment shop/frontend\n")
                .contains("note: HorizontalPodAutoscaler frontend has no status in the file: taken to run, and want,"
                        + " its maxReplicas of 8\n")
                .contains("HPA maxReplicas 8 → 12\n")
                .contains("\n-  maxReplicas: 8  # sized for the spring sale\n+  maxReplicas: 12  # sized for the spring"
                        + " sale\n");
    }

    @Test
    void aRollbackSaysTheManifestHoldsNoRevisionHistoryAndChangesNothing() throws IOException {
        Path manifest = file("checkout.yaml", CHECKOUT);
        Path alert = payload(Map.of("alertname", "KubePodCrashLooping", "namespace", "shop",
                "pod", "checkout-7d9f8b6c5d-9wzmr", "container", "checkout", "severity", "warning"));

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, alert.toString(), manifest.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("proposes RollbackImage on Deployment shop/checkout")
                .contains("no change: RollbackImage needs the workload's revision history")
                .doesNotContain("@@");
    }

    @Test
    void aRolloutRestartIsDatedByAt() throws IOException {
        Path manifest = file("checkout.yaml", CHECKOUT);
        Path alert = payload(Map.of("alertname", "HighMemoryLeak", "namespace", "shop",
                "pod", "checkout-7d9f8b6c5d-9wzmr", "severity", "warning"));

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, alert.toString(), manifest.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("restart at 2026-11-25T21:00:00Z\n")
                .contains("\n               memory: 128Mi\n+    metadata:\n+      annotations:\n"
                        + "+        kubectl.kubernetes.io/restartedAt: \"2026-11-25T21:00:00Z\"\n ---\n");
    }

    @Test
    void aVolumeIsExpandedWhenItsStorageClassInTheFileAllowsItAndLeftAloneOtherwise() throws IOException {
        Path playbooks = Files.createDirectories(dir.resolve("playbooks"));
        Files.writeString(playbooks.resolve("disk-full.yaml"), """
                apiVersion: heal8s.io/v1alpha1
                kind: Playbook
                metadata:
                  name: disk-full-expand
                spec:
                  match:
                    alertNames: [KubePersistentVolumeFillingUp]
                  action:
                    type: ExpandVolume
                  strategy:
                    mode: GitOps
                """);
        String claim = """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: data-db-0
                  namespace: shop
                spec:
                  storageClassName: fast
                  resources:
                    requests:
                      storage: 10Gi  # sized for a year
                """;
        String fast = "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\n"
                + "allowVolumeExpansion: %s\n";
        Path alert = payload(Map.of("alertname", "KubePersistentVolumeFillingUp", "namespace", "shop",
                "persistentvolumeclaim", "data-db-0", "severity", "warning"));

        int allowed = run("preview", "-p", playbooks.toString(), "--at", AT, alert.toString(),
                file("allowed.yaml", claim + fast.formatted("true")).toString());
        int refused = run("preview", "-p", playbooks.toString(), "--at", AT, alert.toString(),
                file("refused.yaml", claim + fast.formatted("false")).toString());
        int unknown = run("preview", "-p", playbooks.toString(), "--at", AT, alert.toString(),
                file("unknown.yaml", claim).toString());

        assertThat(new int[] {allowed, refused, unknown}).as(err.toString()).containsOnly(0);
        assertThat(out.toString())
                .contains("storage request 10Gi → 15Gi\n")
                .contains("\n-      storage: 10Gi  # sized for a year\n+      storage: 15Gi  # sized for a year\n")
                .contains("no change: StorageClass fast does not allow volume expansion\n")
                .contains("no change: ExpandVolume needs StorageClass fast (its allowVolumeExpansion), which is not in"
                        + " this file");
    }

    @Test
    void aRolloutRestartReplacesAnEarlierRestartAndChangesNothingInTheSameSecond() throws IOException {
        Path manifest = file("checkout.yaml", CHECKOUT.replace("  template:\n", "  template:\n    metadata:\n"
                + "      annotations:\n        kubectl.kubernetes.io/restartedAt: '2026-11-01T08:00:00Z'\n"));
        Path alert = payload(Map.of("alertname", "HighMemoryLeak", "namespace", "shop",
                "pod", "checkout-7d9f8b6c5d-9wzmr", "severity", "warning"));

        int later = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, alert.toString(), manifest.toString());
        int same = run("preview", "-p", PLAYBOOKS.toString(), "--at", "2026-11-01T08:00:00Z", alert.toString(),
                manifest.toString());

        assertThat(new int[] {later, same}).as(err.toString()).containsOnly(0);
        assertThat(out.toString())
                .contains("\n-        kubectl.kubernetes.io/restartedAt: '2026-11-01T08:00:00Z'\n"
                        + "+        kubectl.kubernetes.io/restartedAt: '2026-11-25T21:00:00Z'\n")
                .contains("no change: already restarted at 2026-11-01T08:00:00Z\n");
    }

    @Test
    void anAlertNoPlaybookMatchesIsReportedWithoutADiff() throws IOException {
        Path manifest = file("checkout.yaml", CHECKOUT);
        Path alert = payload(Map.of("alertname", "Watchdog", "severity", "none"));

        int code = run("preview", "-p", PLAYBOOKS.toString(), "--at", AT, alert.toString(), manifest.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("alert Watchdog: no change: NO_MATCH: ");
    }

    @Test
    void aBrokenPlaybookDirectoryExitsOne() throws IOException {
        Path playbooks = Files.createDirectories(dir.resolve("playbooks"));
        Files.writeString(playbooks.resolve("bad.yaml"), "apiVersion: heal8s.io/v1alpha1\nkind: Playbook\n");
        Path manifest = file("checkout.yaml", CHECKOUT);

        int code = run("preview", "-p", playbooks.toString(), OOM.toString(), manifest.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("bad.yaml");
    }

    @Test
    void anUnknownKindIsAUsageError() throws IOException {
        Path manifest = file("checkout.yaml", CHECKOUT);

        int code = run("preview", "--kind", "CronJob", "--name", "x", OOM.toString(), manifest.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--kind: 'CronJob' is not one of Deployment, StatefulSet");
    }
}
