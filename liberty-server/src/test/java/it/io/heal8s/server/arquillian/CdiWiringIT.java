package it.io.heal8s.server.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertParser;
import io.heal8s.engine.cluster.CreateResult;
import io.heal8s.engine.cluster.RemediationStore;
import io.heal8s.engine.config.ConfigException;
import io.heal8s.engine.config.KubernetesSettings;
import io.heal8s.engine.config.PlaybookSettings;
import io.heal8s.engine.config.WebhookSettings;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.LoadResult;
import io.heal8s.engine.playbook.PlaybookLoader;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationFactory;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.rules.Decision;
import io.heal8s.server.config.Settings;
import io.heal8s.server.kubernetes.KubernetesClientProducer;
import io.heal8s.server.kubernetes.SandboxHandle;
import io.heal8s.server.operator.OperatorService;
import io.heal8s.server.operator.RemediationMetrics;
import io.heal8s.server.playbooks.PlaybookService;
import io.heal8s.server.remediations.RemediationStores;
import io.heal8s.server.security.WebhookConfiguration;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application's CDI wiring, inside the server: the beans and producers the webhook relies on, as Liberty builds
 * them from the real WAR and the server's MicroProfile Config (sandbox mode, its own copy of the playbooks, the build's
 * token).
 */
@ExtendWith(ArquillianExtension.class)
class CdiWiringIT {

    @Deployment
    static WebArchive deployment() {
        return Heal8sDeployment.of("heal8s.war").addClass(CdiWiringIT.class);
    }

    @Inject
    PlaybookService playbooks;

    @Inject
    KubernetesClientProducer kubernetes;

    @Inject
    KubernetesClient client;

    @Inject
    RemediationStores remediations;

    @Inject
    WebhookConfiguration webhook;

    @Inject
    @Readiness
    Instance<HealthCheck> readinessChecks;

    @Inject
    OperatorService operator;

    @Inject
    Instance<io.heal8s.operator.RemediationExecutor> executors;

    @Inject
    RemediationMetrics transitions;

    @Inject
    MetricRegistry registry;

    @Test
    void thePlaybooksInServiceAreWhatTheLoaderReadsFromTheServersCopy() {
        var dir = playbooks.settings().dir();
        LoadResult read = new PlaybookLoader().load(dir);

        // The server's own copy (src/test/arquillian's override), not the repository's nor the IT server's.
        assertThat(dir.getFileName()).hasToString("arquillian-playbooks");
        assertThat(read.errors()).isEmpty();
        assertThat(playbooks.ready()).isTrue();
        assertThat(playbooks.lastErrors()).isEmpty();
        assertThat(playbooks.current().playbooks())
                .isNotEmpty()
                .isEqualTo(read.playbooks());
        assertThat(playbooks.current().rules()).isEqualTo(read.rules());
        assertThat(playbooks.current().playbook("oom-increase-memory")).isPresent();
    }

    @Test
    void theExampleOomAlertIsRemediatedByRaisingTheContainersMemory() throws IOException {
        Alert alert = exampleOomAlert();

        Decision decision = playbooks.decide(alert, List.of(), Instant.now());

        assertThat(decision.outcome()).as(decision.reason()).isEqualTo(Decision.Outcome.REMEDIATE);
        assertThat(decision.playbook()).isEqualTo("oom-increase-memory");
        assertThat(decision.action()).isEqualTo(ActionType.IncreaseMemory);
        assertThat(decision.target().namespace()).isEqualTo("shop");
        assertThat(decision.target().name()).isEqualTo("checkout-7d9f8b6c5d-9wzmr");
        assertThat(decision.target().container()).isEqualTo("checkout");
        assertThat(decision.params()).containsKey("percent");
        assertThat(String.valueOf(decision.params().get("percent"))).isEqualTo("25");
    }

    @Test
    void theProducedClientTalksToTheSandboxAndSeesItsSeededDeployments() {
        SandboxHandle sandbox = kubernetes.sandbox().orElseThrow(
                () -> new AssertionError("heal8s.kubernetes.mode=sandbox, yet the producer has no sandbox"));

        assertThat(kubernetes.mode()).isEqualTo("sandbox");
        assertThat(kubernetes.settings().mode()).isEqualTo(KubernetesSettings.Mode.SANDBOX);
        assertThat(client.getMasterUrl().toString()).isEqualTo(sandbox.url());
        assertThat(client.getMasterUrl().getHost()).isIn("127.0.0.1", "localhost");
        List<String> seededDeployments = sandbox.seeded().stream()
                .filter(o -> "Deployment".equals(o.getKind()))
                .map(o -> o.getMetadata().getName())
                .toList();
        assertThat(client.apps().deployments().inNamespace("shop").list().getItems())
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(seededDeployments)
                .contains("checkout");
    }

    @Test
    void theRemediationStoreKeepsARemediationAndFindsItAgainOnRedelivery() throws IOException {
        Alert alert = exampleOomAlert();
        Instant now = Instant.now();
        Remediation remediation = RemediationFactory.from(playbooks.decide(alert, List.of(), now), alert, now);
        RemediationStore store = remediations.store();
        String namespace = remediation.getMetadata().getNamespace();
        String name = remediation.getMetadata().getName();
        try {
            CreateResult first = store.createIfAbsent(remediation);
            CreateResult again = store.createIfAbsent(remediation);

            assertThat(first.created()).isTrue();
            assertThat(again.created()).isFalse();
            assertThat(again.remediation().getMetadata().getUid()).isEqualTo(first.remediation().getMetadata().getUid());
            Remediation stored = store.get(namespace, name).orElseThrow();
            assertThat(stored.getSpec()).usingRecursiveComparison().isEqualTo(remediation.getSpec());
            assertThat(store.list(namespace, null)).extracting(HasMetadata::getMetadata)
                    .extracting(m -> m.getName()).contains(name);
            // The same client as the producer's: what the store wrote, the application's client reads.
            assertThat(client.resources(Remediation.class).inNamespace(namespace).withName(name).get()).isNotNull();
        } finally {
            client.resources(Remediation.class).inNamespace(namespace).withName(name).delete();
        }
    }

    @Test
    void theWebhookSettingsComeFromTheServersConfig() {
        WebhookSettings settings = webhook.settings();

        // liberty-server/pom.xml gives every server the build creates this token.
        assertThat(settings.token()).contains("sandbox-token");
        assertThat(settings.tokenSource()).isEqualTo(WebhookSettings.TOKEN);
        assertThat(settings.maxPayloadBytes()).isEqualTo(4_194_304);
        assertThat(settings.toString()).doesNotContain("sandbox-token");
        assertThat(Settings.playbooks()).extracting(PlaybookSettings::dir).isEqualTo(playbooks.settings().dir());
    }

    @Test
    void aBadValueInTheServersConfigIsReportedWithItsKey() {
        // A system property is one of MicroProfile Config's sources; the server defines no variable of that name.
        String key = WebhookSettings.MAX_PAYLOAD_BYTES;
        String previous = System.setProperty(key, "a lot");
        try {
            assertThatThrownBy(Settings::webhook)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(key + ": 'a lot' is not a byte count")
                    .extracting(e -> ((ConfigException) e).key()).isEqualTo(key);
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
        assertThat(Settings.webhook().maxPayloadBytes()).isEqualTo(4_194_304);
    }

    @Test
    void theOperatorGetsOneExecutorForEachMode() {
        assertThat(executors.stream().map(io.heal8s.operator.RemediationExecutor::mode))
                .containsExactlyInAnyOrder(io.heal8s.engine.playbook.Strategy.Mode.GitOps,
                        io.heal8s.engine.playbook.Strategy.Mode.Direct);
    }

    @Test
    void theOperatorStartsWithTheApplicationAndTakesUpARemediation() throws IOException {
        await().atMost(Duration.ofSeconds(60)).until(operator::state, s -> s == OperatorService.State.RUNNING);
        assertThat(operator.settings().namespaces()).isEmpty();
        assertThat(operator.alive()).isTrue();

        Alert alert = exampleOomAlert();
        Decision decision = playbooks.decide(alert, List.of(), Instant.now());
        Remediation stored = remediations.store()
                .createIfAbsent(RemediationFactory.from(decision, alert, Instant.now())).remediation();
        String namespace = stored.getMetadata().getNamespace();
        String name = stored.getMetadata().getName();
        try {
            // The in-container operator resolves the example's pod to its Deployment and hands it to the GitOps
            // executor, which pushes a branch to this server's sandbox manifests repository.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                RemediationStatus status = remediations.store().get(namespace, name).orElseThrow().getStatus();
                assertThat(status).isNotNull();
                assertThat(status.getReason()).isEqualTo("PRCreated");
                assertThat(status.getPhase()).isEqualTo(RemediationPhase.PRCreated);
                assertThat(status.getBranch()).startsWith("heal8s/increase-memory/shop-checkout-");
                assertThat(status.getResolvedTarget().getName()).isEqualTo("checkout");
                // No policy engine is configured in the IT server: the fail-safe decision.
                assertThat(status.getApproval().getMode()).isEqualTo("GitOps");
                assertThat(status.getApproval().getFailSafe()).isTrue();
            });
        } finally {
            client.resources(Remediation.class).inNamespace(namespace).withName(name).delete();
        }
    }

    @Test
    void aSuccessReportedByTheOperatorIsCountedAndTimedInTheApplicationsRegistry() throws IOException {
        // No executor can reach Succeeded yet; the operator's listener is driven as the reconciler drives it.
        Alert alert = exampleOomAlert();
        Instant decided = Instant.parse("2026-11-26T10:00:00Z");
        Remediation r = RemediationFactory.from(playbooks.decide(alert, List.of(), decided), alert, decided);
        r.setStatus(new RemediationStatus());
        r.getStatus().transition(RemediationPhase.Pending, null, null, 1, decided);
        r.getStatus().transition(RemediationPhase.Analyzing, null, null, 1, decided);
        r.getStatus().transition(RemediationPhase.Applying, null, null, 1, decided.plusSeconds(30));
        r.getStatus().transition(RemediationPhase.Succeeded, null, "applied", 1, decided.plusSeconds(90));
        // Read without registering (registering here first, without the description, would clash with the bean's).
        MetricID success = new MetricID("heal8s_remediations_succeeded");
        MetricID move = new MetricID("heal8s_remediation_phase_transitions",
                new Tag("from", "Applying"), new Tag("to", "Succeeded"));
        MetricID duration = new MetricID("heal8s_remediation_duration", new Tag("phase", "Succeeded"));
        long succeeded = count(registry.getCounter(success));
        long moves = count(registry.getCounter(move));
        long timed = registry.getTimer(duration) == null ? 0 : registry.getTimer(duration).getCount();

        transitions.onTransition(r, RemediationPhase.Applying, RemediationPhase.Succeeded, "Succeeded");

        assertThat(count(registry.getCounter(success))).isEqualTo(succeeded + 1);
        assertThat(count(registry.getCounter(move))).isEqualTo(moves + 1);
        var timer = registry.getTimer(duration);
        assertThat(timer.getCount()).isEqualTo(timed + 1);
        // From the decision to the end the status records: 90 s.
        assertThat(timer.getSnapshot().getMax()).isGreaterThanOrEqualTo(90e9);
    }

    @Test
    void everyReadinessCheckBeanReportsUp() {
        // The operator starts on its own thread after the application; its check is UP once it runs.
        await().atMost(Duration.ofSeconds(60)).until(operator::state, s -> s == OperatorService.State.RUNNING);
        Map<String, HealthCheckResponse> responses = new HashMap<>();
        for (HealthCheck check : readinessChecks) {
            HealthCheckResponse response = check.call();
            responses.put(response.getName(), response);
        }

        assertThat(responses).containsKeys("playbooks", "kubernetes", "operator");
        assertThat(responses.values()).allSatisfy(r -> assertThat(r.getStatus())
                .as("readiness check %s: %s", r.getName(), r.getData())
                .isEqualTo(HealthCheckResponse.Status.UP));
        Map<String, Object> playbookData = responses.get("playbooks").getData().orElseThrow();
        assertThat(playbookData).containsEntry("playbooks", (long) playbooks.current().playbooks().size());
        assertThat(responses.get("kubernetes").getData()).get().extracting(d -> d.get("mode")).isEqualTo("sandbox");
    }

    private static long count(org.eclipse.microprofile.metrics.Counter counter) {
        return counter == null ? 0 : counter.getCount();
    }

    private static Alert exampleOomAlert() throws IOException {
        try (InputStream in = CdiWiringIT.class.getClassLoader()
                .getResourceAsStream(Heal8sDeployment.ALERTS + "oom.json")) {
            assertThat(in).as("the example alert in the deployment").isNotNull();
            List<Alert> firing = new AlertParser().parse(in).firing();
            assertThat(firing).hasSize(1);
            return firing.get(0);
        }
    }
}
