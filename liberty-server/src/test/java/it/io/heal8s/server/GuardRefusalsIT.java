package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationNames;
import io.heal8s.engine.remediation.RemediationPhase;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook's guards on the running server, over sequences of OOM alerts for new pods of one Deployment (each alert
 * its own fingerprint, as Alertmanager sends them): a refused alert is stored as a Remediation that the operator moves
 * to Skipped with the guard's reason and an Event, and {@code heal8s_alerts_skipped_total} counts it by reason. Each
 * test has its own Deployment, so the other ITs' Remediations never enter its history.
 */
class GuardRefusalsIT {

    private static final String NAMESPACE = SandboxWorkloads.NAMESPACE;
    private static final String PLAYBOOK = "oom-increase-memory";
    private static final String TOKEN = "sandbox-token";
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final Path SANDBOX_REPOSITORY = Path.of(System.getProperty("heal8s.it.manifests-repository",
            "target/it-manifests.git"));
    private static final String LEAKY = "leaky";
    private static final String COOLED = "cooled";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static KubernetesClient client;

    @BeforeAll
    static void createTheDeployments() throws Exception {
        client = SandboxApi.connect();
        SandboxWorkloads.deploymentWithPods(client, LEAKY, 2);
        SandboxWorkloads.deploymentWithPods(client, COOLED, 2);
        // Leaky's changes must stay changes (PRCreated) for the loop check to count them: its manifest is in the
        // sandbox's Git repository, so GitOps can propose each raise.
        pushManifest(LEAKY);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void theFourthRaiseOfADeploymentsMemoryInADayIsSkippedAsASuspectedLeakWithAWarning() throws Exception {
        // Two raises earlier today, past the cooldown, as a Remediation created by hand would record them.
        createEarlierRaise("leaky-earlier-1", Instant.now().minus(5, ChronoUnit.HOURS));
        createEarlierRaise("leaky-earlier-2", Instant.now().minus(3, ChronoUnit.HOURS));
        awaitPhase("leaky-earlier-1", RemediationPhase.PRCreated);
        awaitPhase("leaky-earlier-2", RemediationPhase.PRCreated);
        double leaksBefore = OperatorIT.Metrics.value("heal8s_alerts_skipped_total", "reason=\"suspected_leak\"");

        // The third raise: allowed, and a change proposed as a branch.
        Instant startsAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        JsonNode third = post(payload(SandboxWorkloads.pod(LEAKY, 0), "1eaa000000000001", startsAt));
        assertThat(third.path("outcome").asText()).isEqualTo("remediate");
        assertThat(third.path("result").asText()).isEqualTo("created");
        awaitPhase(third.path("remediation").path("name").asText(), RemediationPhase.PRCreated);

        // The fourth, another pod a moment later: cooldown, attempt limit and loop all refuse; the loop says most.
        JsonNode fourth = post(payload(SandboxWorkloads.pod(LEAKY, 1), "1eaa000000000002", startsAt.plusSeconds(30)));

        String name = RemediationNames.forAlert("1eaa000000000002", startsAt.plusSeconds(30), PLAYBOOK);
        assertThat(fourth.path("outcome").asText()).isEqualTo("guarded");
        assertThat(fourth.path("result").asText()).isEqualTo("skipped");
        assertThat(fourth.path("reason").asText()).isEqualTo("suspected_leak");
        assertThat(fourth.path("remediation").path("name").asText()).isEqualTo(name);
        String message = "memory raised 3 times in 24h on Deployment shop/leaky: this looks like a leak, not a sizing"
                + " problem; a human should look";
        assertThat(fourth.path("message").asText()).isEqualTo(message);
        Remediation skipped = awaitPhase(name, RemediationPhase.Skipped);
        assertThat(skipped.getStatus().getReason()).isEqualTo("SuspectedLeak");
        assertThat(skipped.getStatus().getMessage()).isEqualTo(message);
        assertThat(skipped.getStatus().getResolvedTarget()).isNull();
        assertThat(skipped.getSpec().getDecision().getRefusal().getRail()).isEqualTo("loop");
        assertThat(skipped.getSpec().getAction().getType()).isEqualTo("IncreaseMemory");
        assertThat(skipped.getSpec().getTarget().getName()).isEqualTo(LEAKY);
        await("the SuspectedLeak Event of " + name).atMost(AWAIT).untilAsserted(() -> assertThat(events(name))
                .singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("SuspectedLeak");
                    assertThat(e.getMessage()).isEqualTo(message);
                }));
        assertThat(OperatorIT.Metrics.value("heal8s_alerts_skipped_total", "reason=\"suspected_leak\""))
                .isEqualTo(leaksBefore + 1);

        // Alertmanager sends the same notification again: the same Remediation, counted once.
        JsonNode again = post(payload(SandboxWorkloads.pod(LEAKY, 1), "1eaa000000000002", startsAt.plusSeconds(30)));
        assertThat(again.path("remediation").path("name").asText()).isEqualTo(name);
        assertThat(again.path("result").asText()).isEqualTo("skipped");
        assertThat(OperatorIT.Metrics.value("heal8s_alerts_skipped_total", "reason=\"suspected_leak\""))
                .isEqualTo(leaksBefore + 1);
    }

    @Test
    void anOomWithinTheCooldownIsSkippedWithReasonCooldownAndANewFiringIsANewRemediation() throws Exception {
        double cooldownsBefore = OperatorIT.Metrics.value("heal8s_alerts_skipped_total", "reason=\"cooldown\"");
        Instant startsAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        JsonNode first = post(payload(SandboxWorkloads.pod(COOLED, 0), "c001ed0000000001", startsAt));
        assertThat(first.path("result").asText()).isEqualTo("created");

        JsonNode second = post(payload(SandboxWorkloads.pod(COOLED, 1), "c001ed0000000002", startsAt));

        String name = RemediationNames.forAlert("c001ed0000000002", startsAt, PLAYBOOK);
        assertThat(second.path("reason").asText()).isEqualTo("cooldown");
        assertThat(second.path("remediation").path("name").asText()).isEqualTo(name);
        Remediation skipped = awaitPhase(name, RemediationPhase.Skipped);
        assertThat(skipped.getStatus().getReason()).isEqualTo("Cooldown");
        assertThat(skipped.getStatus().getMessage()).startsWith("cooldown: IncreaseMemory on shop/Deployment/cooled");
        await("the Cooldown Event of " + name).atMost(AWAIT).untilAsserted(() -> assertThat(events(name))
                .extracting(Event::getType, Event::getReason).containsExactly(
                        tuple("Normal", "Cooldown")));
        assertThat(OperatorIT.Metrics.value("heal8s_alerts_skipped_total", "reason=\"cooldown\""))
                .isEqualTo(cooldownsBefore + 1);

        // The first pod's alert firing again later (same labels, so the same fingerprint; a new startsAt) is a new
        // firing: a Remediation of its own, here refused by the cooldown, not the first one found again.
        JsonNode refiring = post(payload(SandboxWorkloads.pod(COOLED, 0), "c001ed0000000001", startsAt.plusSeconds(600)));
        assertThat(refiring.path("remediation").path("name").asText())
                .isEqualTo(RemediationNames.forAlert("c001ed0000000001", startsAt.plusSeconds(600), PLAYBOOK))
                .isNotEqualTo(first.path("remediation").path("name").asText());
        assertThat(refiring.path("reason").asText()).isEqualTo("cooldown");
    }

    /** Commits apps/shop/NAME.yaml to the sandbox repository's main branch, where GitOps looks for it. */
    private static void pushManifest(String name) throws Exception {
        Path work = Files.createTempDirectory("guard-refusals-it");
        try (Git git = Git.cloneRepository().setURI(SANDBOX_REPOSITORY.toAbsolutePath().toUri().toString())
                .setDirectory(work.toFile()).setBranch("main").call()) {
            Path manifest = work.resolve("apps/shop/" + name + ".yaml");
            Files.createDirectories(manifest.getParent());
            Files.writeString(manifest, """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: %s
                      namespace: shop
                    spec:
                      replicas: 3
                      selector:
                        matchLabels: {app: %s}
                      template:
                        metadata:
                          labels: {app: %s}
                        spec:
                          containers:
                            - name: app
                              image: example/app:1
                              resources:
                                limits:
                                  memory: 256Mi
                    """.formatted(name, name, name));
            git.add().addFilepattern("apps/shop/" + name + ".yaml").call();
            git.commit().setMessage("GuardRefusalsIT: " + name).setAuthor("it", "it@example.com")
                    .setCommitter("it", "it@example.com").call();
            git.push().call();
        } finally {
            FileUtils.delete(work.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
        }
    }

    /** A Remediation of IncreaseMemory on leaky as an earlier alert would have left it, decided at {@code at}. */
    private static void createEarlierRaise(String name, Instant at) {
        String yaml = """
                apiVersion: k8shealer.k8s-healer.io/v1alpha1
                kind: Remediation
                metadata:
                  name: %s
                  namespace: %s
                  labels: {heal8s.io/target-kind: Deployment, heal8s.io/target-name: %s, heal8s.io/action: IncreaseMemory}
                  annotations: {heal8s.io/decided-at: "%s"}
                spec:
                  alert: {name: KubePodOOMKilled, fingerprint: %s, severity: critical, source: it}
                  target: {kind: Deployment, name: %s, namespace: %s, container: app}
                  action: {type: IncreaseMemory, params: {percent: "25", max: 2Gi}}
                  strategy: {mode: GitOps, requireApproval: true, ttl: 48h}
                """.formatted(name, NAMESPACE, LEAKY, at.truncatedTo(ChronoUnit.SECONDS), name, LEAKY, NAMESPACE);
        Remediation r = client.resources(Remediation.class)
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
        client.resources(Remediation.class).inNamespace(NAMESPACE).resource(r).create();
    }

    private static Remediation awaitPhase(String name, RemediationPhase phase) {
        await("Remediation " + name + " in " + phase).atMost(AWAIT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Remediation r = client.resources(Remediation.class).inNamespace(NAMESPACE).withName(name).get();
                    assertThat(r).as("Remediation " + name).isNotNull();
                    assertThat(r.getStatus()).as("status of " + name).isNotNull();
                    assertThat(r.getStatus().getPhase()).as(r.getStatus().getReason() + ": "
                            + r.getStatus().getMessage()).isEqualTo(phase);
                });
        return client.resources(Remediation.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static List<Event> events(String name) {
        return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static String payload(String pod, String fingerprint, Instant startsAt) {
        return SandboxWorkloads.oomPayload(pod, fingerprint, startsAt.toString());
    }

    /** Posts one alert and answers the webhook's result for it. */
    private static JsonNode post(String body) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(Http.BASE + "/api/v1/alerts"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).path("alerts").get(0);
    }
}
