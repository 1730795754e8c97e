package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.GitHubConfig;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GitOps executor in the real java-operator-sdk operator against the CRUD mock server, with the resync and the PR
 * poll interval set to an hour: whatever happens below happens because of a watch event, never a timer. The pull
 * request is opened in the reconcile the creation triggers, and a webhook's annotation patch makes exactly one state
 * call.
 */
class GitOpsOperatorTest {

    static final Duration AN_HOUR = Duration.ofHours(1);

    MockApi api;
    TestClock clock;
    RecordingListener listener;
    FakePublisher github;
    Heal8sOperator operator;

    @BeforeEach
    void start() {
        api = MockApi.start();
        clock = new TestClock(Instant.now());
        listener = new RecordingListener();
        github = FakePublisher.github();
        OperatorSettings settings = OperatorSettings.defaults().withResyncInterval(AN_HOUR).withPrPollInterval(AN_HOUR)
                .withBackoff(Duration.ofMillis(200), Duration.ofMillis(1600));
        GitOpsExecutor executor = new GitOpsExecutor(api.client, clock, GitOpsSettings.defaults(),
                Map.of(FakePublisher.REPOSITORY, github)::get);
        operator = new Heal8sOperator(api.client, settings, new RemediationReconciler(api.client, settings, clock,
                new WorkloadResolver(api.client),
                FakePolicyEngine.answering(PolicyMode.GitOps, true, "review it").failSafe(), List.of(executor),
                listener));
        operator.start();
    }

    @AfterEach
    void stop() {
        operator.stop();
        api.close();
    }

    /** Creates the Remediation (and its Deployment); returns {@link System#nanoTime()} once the API stored it. */
    long create(String name, String deployment) {
        api.deployment(deployment);
        Remediation r = MockApi.remediation(name, WorkloadKind.Deployment, deployment, Strategy.Mode.GitOps, "24h",
                clock.instant());
        GitHubConfig config = new GitHubConfig();
        config.setRepository(FakePublisher.REPOSITORY);
        r.getSpec().setGithub(config);
        api.client.resource(r).create();
        return System.nanoTime();
    }

    RemediationStatus awaitPhase(String name, RemediationPhase phase) {
        // Awaitility's default (10 s): an event-driven step takes milliseconds, an hourly timer would never come.
        await().untilAsserted(() -> assertThat(api.get(name).getStatus()).isNotNull()
                .extracting(RemediationStatus::getPhase).isEqualTo(phase));
        return api.get(name).getStatus();
    }

    void touch(String name, Consumer<Remediation> edit) {
        api.client.resources(Remediation.class).inNamespace(MockApi.NS).withName(name).edit(r -> {
            edit.accept(r);
            return r;
        });
    }

    @Test
    void thePullRequestIsOpenedByTheReconcileTheCreationTriggersAndAPrEventAnnotationAsksForItsStateOnce() {
        long created = create("oom-gitops", "checkout");

        RemediationStatus opened = awaitPhase("oom-gitops", RemediationPhase.PRCreated);
        long millis = Duration.ofNanos(github.publishedAt - created).toMillis();

        assertThat(opened.getPrNumber()).isEqualTo(1);
        assertThat(opened.getBranch()).startsWith("heal8s/increase-memory/shop-checkout-");
        assertThat(github.published).hasSize(1);
        assertThat(millis).as("from creation to publish, in ms").isLessThan(10_000);
        await().untilAsserted(() -> assertThat(listener.of("oom-gitops")).containsExactly(
                "oom-gitops: null -> Analyzing (Analyzing)", "oom-gitops: Analyzing -> PRCreated (PRCreated)"));
        // No timer and no echo of the operator's own status patch: nobody asks the host.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(github.asked).isEmpty());

        touch("oom-gitops", r -> r.getMetadata().getAnnotations().put(GitOpsExecutor.PR_EVENT_ANNOTATION,
                "pull_request/synchronize/1"));

        await().untilAsserted(() -> assertThat(github.asked).hasSize(1));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(github.asked).hasSize(1));
        assertThat(api.get("oom-gitops").getStatus().getPhase()).isEqualTo(RemediationPhase.PRCreated);

        github.merge(opened.getBranch(), "5eed");
        touch("oom-gitops", r -> r.getMetadata().getAnnotations().put(GitOpsExecutor.PR_EVENT_ANNOTATION,
                "pull_request/closed/2"));

        RemediationStatus applying = awaitPhase("oom-gitops", RemediationPhase.Applying);
        assertThat(applying.getMessage()).startsWith("Pull request #1 merged as 5eed");
        assertThat(github.asked).hasSize(2);

        // The apply workflow's patch of the status subresource is an event too.
        api.client.resource(api.get("oom-gitops")).editStatus(r -> {
            r.getStatus().setAppliedAt("2026-11-26T12:10:00Z");
            return r;
        });

        awaitPhase("oom-gitops", RemediationPhase.Succeeded);
        await().untilAsserted(() -> assertThat(api.events("oom-gitops")).extracting(Event::getReason)
                .containsExactlyInAnyOrder("Analyzing", "PRCreated", "Applying", "Succeeded"));
        assertThat(github.published).hasSize(1);
        assertThat(github.asked).hasSize(2);

        // The same path once the JVM is warm: the figure for docs/operator.md.
        long warm = create("oom-warm", "cart");
        awaitPhase("oom-warm", RemediationPhase.PRCreated);
        System.out.println("GitOpsOperatorTest: Remediation stored -> change published in " + millis + " ms (first, "
                + "cold JVM), " + Duration.ofNanos(github.publishedAt - warm).toMillis() + " ms (second)");
    }
}
