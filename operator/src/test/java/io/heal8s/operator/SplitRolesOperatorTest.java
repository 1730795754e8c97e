package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.config.RailSettings;
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
 * Split mode in the real java-operator-sdk: an operator-role and a GitOps-worker-role operator on the same CRUD mock
 * server, as the chart's two Deployments share one API server, with the resync and PR poll interval set to an hour.
 * The hand-over is a status write of the operator, and that write alone wakes the worker.
 */
class SplitRolesOperatorTest {

    MockApi api;
    TestClock clock;
    RecordingListener listener;
    FakePublisher github;
    FakePolicyEngine policy;
    Heal8sOperator operator;
    Heal8sOperator worker;

    @BeforeEach
    void start() {
        api = MockApi.start();
        clock = new TestClock(Instant.now());
        listener = new RecordingListener();
        github = FakePublisher.github();
        policy = FakePolicyEngine.answering(PolicyMode.GitOps, true, "review it");
        OperatorSettings settings = OperatorSettings.defaults().withResyncInterval(GitOpsOperatorTest.AN_HOUR)
                .withPrPollInterval(GitOpsOperatorTest.AN_HOUR).withBackoff(Duration.ofMillis(200),
                        Duration.ofMillis(1600));
        operator = new Heal8sOperator(api.client, settings, new RemediationReconciler(api.client, settings, clock,
                new WorkloadResolver(api.client), policy.failSafe(), List.of(), listener, RailSettings.off(),
                List::of, Role.OPERATOR));
        GitOpsExecutor executor = new GitOpsExecutor(api.client, clock, GitOpsSettings.defaults(),
                Map.of(FakePublisher.REPOSITORY, github)::get);
        worker = new Heal8sOperator(api.client, settings, new RemediationReconciler(api.client, settings, clock,
                new WorkloadResolver(api.client), FakePolicyEngine.failing("the worker never asks").failSafe(),
                List.of(executor), listener, RailSettings.off(), List::of, Role.GITOPS_WORKER));
        operator.start();
        worker.start();
    }

    @AfterEach
    void stop() {
        worker.stop();
        operator.stop();
        api.close();
    }

    RemediationStatus awaitPhase(String name, RemediationPhase phase) {
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
    void theOperatorDecidesAndTheWorkerPublishesFollowsAndCompletesTheChange() {
        api.deployment("checkout");
        Remediation r = MockApi.remediation("oom-split", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps,
                "24h", clock.instant());
        GitHubConfig config = new GitHubConfig();
        config.setRepository(FakePublisher.REPOSITORY);
        r.getSpec().setGithub(config);
        api.client.resource(r).create();

        RemediationStatus opened = awaitPhase("oom-split", RemediationPhase.PRCreated);
        assertThat(opened.getApproval().getMode()).isEqualTo("GitOps");
        assertThat(policy.inputs).hasSize(1);
        assertThat(github.published).hasSize(1);

        github.merge(opened.getBranch(), "5eed");
        touch("oom-split", x -> x.getMetadata().getAnnotations().put(GitOpsExecutor.PR_EVENT_ANNOTATION,
                "pull_request/closed/1"));
        awaitPhase("oom-split", RemediationPhase.Applying);
        api.client.resource(api.get("oom-split")).editStatus(x -> {
            x.getStatus().setAppliedAt("2026-11-26T12:05:00Z");
            return x;
        });

        RemediationStatus done = awaitPhase("oom-split", RemediationPhase.Succeeded);
        assertThat(done.getMessage()).isEqualTo("The change was applied at 2026-11-26T12:05:00Z.");
        assertThat(github.published).hasSize(1);
        assertThat(policy.inputs).as("asked once, by the operator").hasSize(1);
        assertThat(api.events("oom-split")).extracting(Event::getReason).containsExactlyInAnyOrder("Analyzing",
                "AwaitingGitOpsWorker", "PRCreated", "Applying", "Succeeded");
    }
}
