package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator inside the IT server, seen from outside: Remediations are created in the sandbox's API directly, as
 * {@code kubectl apply} would, and the test watches their status, their Events and the metrics.
 */
class OperatorIT {

    private static final String NAMESPACE = "shop";
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final String INCREASE_MEMORY = "{type: IncreaseMemory, params: {percent: \"25\", max: 2Gi}}";
    private static final String SCALE_UP = "{type: ScaleUp, params: {percent: \"50\", maxReplicas: \"10\"}}";
    /** The sandbox's manifests repository, seeded from examples/manifests-repo (liberty-server/pom.xml). */
    private static final Path SANDBOX_REPOSITORY = Path.of(System.getProperty("heal8s.it.manifests-repository",
            "target/it-manifests.git"));
    private static final String CHECKOUT_MANIFEST = "apps/shop/checkout.yaml";

    private static KubernetesClient client;

    @BeforeAll
    static void connectToTheSandbox() throws Exception {
        client = SandboxApi.connect();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void readinessReportsTheOperatorRunning() throws Exception {
        HttpResponse<String> ready = Http.get("/health/ready");

        assertThat(ready.body()).containsPattern("\"name\":\"operator\",\"status\":\"UP\"")
                .contains("\"state\":\"RUNNING\"")
                .contains("\"policyEngine\":\"none\"")
                // The IT server: the sandbox's seeded manifests repository, and GitHub at the ITs' fake.
                .containsPattern("\"gitopsDefaultRepository\":\"file:[^\"]*it-manifests\\.git/?\"")
                .contains("\"github\":\"http://127.0.0.1:" + System.getProperty("heal8s.it.github-port", "9490"));
    }

    @Test
    void withoutAPolicyEngineADeploymentsRemediationGoesToTheSandboxRepositoryAsGitOpsWithApproval() throws Exception {
        // examples/workloads/10-checkout.yaml gives container checkout a 256Mi limit: IncreaseMemory changes it.
        // Decided a day ago (with a TTL to match) so that the alert ITs' guard rules, which share this sandbox, do not
        // see a recent IncreaseMemory on checkout and hold their own alert back.
        String decided = Instant.now().minus(25, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        create("op-fail-safe", "Deployment", "checkout", "48h", decided, INCREASE_MEMORY);

        Remediation r = awaitReason("op-fail-safe", "PRCreated");

        // The fail-safe decision is kept with the change: GitOps, approval required, and why.
        assertThat(r.getStatus().getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(r.getStatus().getApproval().getMode()).isEqualTo("GitOps");
        assertThat(r.getStatus().getApproval().getRequireApproval()).isTrue();
        assertThat(r.getStatus().getApproval().getFailSafe()).isTrue();
        assertThat(r.getStatus().getPolicyReasons()).containsExactly(FailSafePolicy.NOT_CONFIGURED_REASON);
        // On the sandbox the change is a branch pushed to its local manifests repository; no pull request number.
        String branch = r.getStatus().getBranch();
        assertThat(branch).startsWith("heal8s/increase-memory/shop-checkout-");
        assertThat(r.getStatus().getMessage()).startsWith("Pushed branch " + branch + " to ");
        assertThat(r.getStatus().getCommitSHA()).matches("[0-9a-f]{40}");
        assertThat(r.getStatus().getPrNumber()).isNull();
        String base = ManifestDiff.file(SANDBOX_REPOSITORY, "main", CHECKOUT_MANIFEST);
        String changed = ManifestDiff.file(SANDBOX_REPOSITORY, branch, CHECKOUT_MANIFEST);
        assertThat(ManifestDiff.changedLines(base, changed)).containsExactly(
                new ManifestDiff.Changed(20, "              memory: 256Mi   # raised by hand in March",
                        "              memory: 320Mi   # raised by hand in March"),
                new ManifestDiff.Changed(22, "              memory: 128Mi", "              memory: 160Mi"));
        awaitEvents("op-fail-safe", "Analyzing", "PRCreated");
    }

    @Test
    void aPodTargetIsResolvedToItsDeploymentAndHandedToItsExecutor() {
        // ScaleUp, not IncreaseMemory: a newer change of the same kind to checkout would supersede the test above's.
        create("op-pod-target", "Pod", "checkout-7d9f8b6c5d-9wzmr", null, null, SCALE_UP);

        Remediation r = awaitReason("op-pod-target", "PRCreated");

        assertThat(r.getStatus().getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(r.getStatus().getResolvedTarget().getKind().name()).isEqualTo("Deployment");
        assertThat(r.getStatus().getResolvedTarget().getName()).isEqualTo("checkout");
        assertThat(r.getStatus().getBranch()).startsWith("heal8s/scale-up/shop-checkout-");
        assertThat(r.getStatus().getObservedGeneration()).isEqualTo(r.getMetadata().getGeneration());
        assertThat(r.getStatus().condition(RemediationStatus.CONDITION_PROGRESSING).getObservedGeneration())
                .isEqualTo(r.getMetadata().getGeneration());
        awaitEvents("op-pod-target", "Analyzing", "PRCreated");
    }

    @Test
    void aMissingTargetFailsWithAWarningEventAndIsCounted() throws Exception {
        double before = Metrics.value("heal8s_remediations_failed_total", "reason=\"TargetNotFound\"");

        create("op-missing-target", "Deployment", "no-such-deployment", null, null, INCREASE_MEMORY);

        Remediation r = awaitReason("op-missing-target", "TargetNotFound");
        assertThat(r.getStatus().getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(r.getStatus().getMessage()).contains("no-such-deployment");
        awaitEvents("op-missing-target", "TargetNotFound");
        Event failed = events("op-missing-target").stream()
                .filter(e -> "TargetNotFound".equals(e.getReason())).findFirst().orElseThrow();
        assertThat(failed.getType()).isEqualTo("Warning");
        await().atMost(AWAIT).untilAsserted(() -> {
            assertThat(Metrics.value("heal8s_remediations_failed_total", "reason=\"TargetNotFound\""))
                    .isEqualTo(before + 1);
            assertThat(Metrics.value("heal8s_remediation_phase_transitions_total",
                    "from=\"Analyzing\"", "to=\"Failed\"")).isGreaterThanOrEqualTo(1);
            assertThat(Metrics.value("heal8s_remediation_duration_seconds_count", "phase=\"Failed\""))
                    .isGreaterThanOrEqualTo(1);
        });
        // Each move is logged with the Remediation, the alert's fingerprint and the new phase as JSON fields.
        await().atMost(AWAIT).untilAsserted(() -> assertThat(logRecords()).anySatisfy(record -> {
            assertThat(record.path("ext_remediation").asText()).isEqualTo(NAMESPACE + "/op-missing-target");
            assertThat(record.path("ext_fingerprint").asText()).isEqualTo("op-missing-target");
            assertThat(record.path("ext_phase").asText()).isEqualTo("Failed");
            assertThat(record.path("loglevel").asText()).isEqualTo("WARNING");
            assertThat(record.path("message").asText()).contains("TargetNotFound");
        }));
    }

    @Test
    void aRemediationPastItsTtlExpires() throws Exception {
        String decided = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();

        create("op-expired", "Deployment", "checkout", "1h", decided, INCREASE_MEMORY);

        Remediation r = awaitReason("op-expired", "TTLExpired");
        assertThat(r.getStatus().getPhase()).isEqualTo(RemediationPhase.Expired);
        assertThat(r.getStatus().getResolvedAt()).isNotNull();
        awaitEvents("op-expired", "TTLExpired");
        await().atMost(AWAIT).untilAsserted(() -> assertThat(
                Metrics.value("heal8s_remediation_phase_transitions_total", "to=\"Expired\""))
                .isGreaterThanOrEqualTo(1));
    }

    @Test
    void thePhaseGaugesDescribeTheClustersRemediationsWithAPhaseLabel() throws Exception {
        create("op-gauges", "Deployment", "no-such-deployment-either", null, null, INCREASE_MEMORY);

        Remediation r = awaitReason("op-gauges", "TargetNotFound");
        assertThat(r.getStatus().getPhaseSince()).isEqualTo(r.getStatus().getResolvedAt());
        // Read from the cache at scrape time (recomputed at most once a second), so awaited.
        await().atMost(AWAIT).untilAsserted(() -> {
            assertThat(Metrics.value("heal8s_remediations", "phase=\"Failed\"")).isGreaterThanOrEqualTo(1);
            String scrape = Metrics.scrape();
            for (RemediationPhase phase : RemediationPhase.values()) {
                assertThat(scrape).containsPattern("(?m)^heal8s_remediations\\{[^}]*phase=\"" + phase + "\"[^}]*\\} \\d");
                String oldest = "(?m)^heal8s_remediation_oldest_in_phase_seconds\\{[^}]*phase=\"" + phase
                        + "\"[^}]*\\} \\d";
                if (phase.isTerminal()) {
                    assertThat(scrape).doesNotContainPattern(oldest);
                } else {
                    assertThat(scrape).containsPattern(oldest);
                }
            }
        });
    }

    @Test
    void theSuccessCounterIsExposedBeforeTheFirstSuccess() throws Exception {
        assertThat(Metrics.scrape()).containsPattern("(?m)^heal8s_remediations_succeeded_total\\{[^}]*\\} \\d");
    }

    private static void create(String name, String kind, String target, String ttl, String decidedAt, String action) {
        String yaml = """
                apiVersion: k8shealer.k8s-healer.io/v1alpha1
                kind: Remediation
                metadata:
                  name: %s
                  namespace: %s
                  annotations: {%s}
                spec:
                  alert: {name: KubePodOOMKilled, fingerprint: %s, severity: critical, source: it}
                  target: {kind: %s, name: %s, namespace: %s, container: checkout}
                  action: %s
                  strategy: {mode: GitOps, requireApproval: true, ttl: %s}
                """.formatted(name, NAMESPACE,
                decidedAt == null ? "" : "heal8s.io/decided-at: \"" + decidedAt + "\"",
                name, kind, target, NAMESPACE, action, ttl == null ? "24h" : ttl);
        Remediation r = client.resources(Remediation.class)
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
        client.resources(Remediation.class).inNamespace(NAMESPACE).resource(r).create();
    }

    private static Remediation awaitReason(String name, String reason) {
        await("Remediation " + name + " with reason " + reason).atMost(AWAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Remediation r = client.resources(Remediation.class).inNamespace(NAMESPACE).withName(name).get();
                    return r != null && r.getStatus() != null && reason.equals(r.getStatus().getReason());
                });
        return client.resources(Remediation.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static List<Event> events(String name) {
        return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static List<JsonNode> logRecords() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(Http.MESSAGES_LOG)) {
            records.add(json.readTree(line));
        }
        return records;
    }

    /** The Events are written after the status, so they are awaited too. */
    private static void awaitEvents(String name, String... reasons) {
        await("Events " + String.join(", ", reasons) + " on " + name).atMost(AWAIT)
                .untilAsserted(() -> assertThat(events(name).stream().map(Event::getReason).toList())
                        .contains(reasons));
    }

    /** The application's metrics in Prometheus' text format. */
    static final class Metrics {

        static String scrape() throws Exception {
            HttpResponse<String> response = Http.get("/metrics?scope=application");
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }

        /** The sample of {@code name} whose labels contain every fragment; 0 when none. */
        static double value(String name, String... labelFragments) throws Exception {
            Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape());
            double sum = 0;
            while (m.find()) {
                boolean all = true;
                for (String fragment : labelFragments) {
                    all &= m.group(1).contains(fragment);
                }
                if (all) {
                    sum += Double.parseDouble(m.group(2));
                }
            }
            return sum;
        }
    }
}
