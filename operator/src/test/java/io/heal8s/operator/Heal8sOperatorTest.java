package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real java-operator-sdk {@link io.javaoperatorsdk.operator.Operator} against fabric8's CRUD mock server:
 * Remediations created in the API move through their lifecycle on their own, survive a restart of the operator, and
 * an API outage is retried with back-off rather than in a hot loop.
 */
class Heal8sOperatorTest {

    // Generous: the build machine is shared and often loaded; a pass usually takes a second or two.
    static final Duration WAIT = Duration.ofSeconds(60);

    MockApi api;
    TestClock clock;
    RecordingListener listener;
    FailSafePolicy policy = FailSafePolicy.unconfigured();
    OperatorSettings settings;
    final List<Heal8sOperator> operators = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = MockApi.start();
        clock = new TestClock(Instant.now());
        listener = new RecordingListener();
        // The ScriptedExecutor moves PRCreated on by polling, not by a webhook: both intervals short.
        settings = OperatorSettings.defaults()
                .withResyncInterval(Duration.ofMillis(200))
                .withPrPollInterval(Duration.ofMillis(200))
                .withBackoff(Duration.ofMillis(200), Duration.ofMillis(1600));
    }

    @AfterEach
    void tearDown() {
        operators.forEach(Heal8sOperator::stop);
        api.close();
    }

    Heal8sOperator start(OperatorSettings s, RemediationExecutor... executors) {
        Heal8sOperator operator = new Heal8sOperator(api.client, s, new RemediationReconciler(api.client, s, clock,
                new WorkloadResolver(api.client), policy, List.of(executors), listener));
        operators.add(operator);
        operator.start();
        return operator;
    }

    Remediation create(String name, WorkloadKind kind, String target, Strategy.Mode mode, String ttl) {
        return api.createRemediation(name, kind, target, mode, ttl, clock.instant());
    }

    RemediationStatus awaitStatus(String name, RemediationPhase phase, String reason) {
        await().atMost(WAIT).untilAsserted(() -> {
            RemediationStatus status = api.get(name).getStatus();
            assertThat(status).as("status of " + name).isNotNull();
            assertThat(status.getPhase()).isEqualTo(phase);
            assertThat(status.getReason()).isEqualTo(reason);
        });
        return api.get(name).getStatus();
    }

    @Test
    void aRemediationOnADeploymentIsAnalyzedAndWaitsQuietlyForAnExecutor() {
        api.deployment("checkout");
        start(settings);

        Remediation created = create("oom-wait", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "24h");

        RemediationStatus status = awaitStatus("oom-wait", RemediationPhase.Analyzing, "AwaitingExecutor");
        assertThat(status.getMessage()).contains("mode GitOps");
        assertThat(status.getResolvedTarget().getName()).isEqualTo("checkout");
        assertThat(status.getObservedGeneration()).isEqualTo(created.getMetadata().getGeneration());
        assertThat(status.getConditions()).extracting(Condition::getObservedGeneration)
                .containsOnly(created.getMetadata().getGeneration());
        String version = api.get("oom-wait").getMetadata().getResourceVersion();
        // Several resync intervals (200 ms) pass: no new write, no new Event, no new transition.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(api.events("oom-wait")).extracting(Event::getReason)
                    .containsExactlyInAnyOrder("Analyzing", "AwaitingExecutor");
            assertThat(api.get("oom-wait").getMetadata().getResourceVersion()).isEqualTo(version);
        });
        assertThat(listener.seen).containsExactly("oom-wait: null -> Analyzing (Analyzing)");
    }

    @Test
    void withAnExecutorARemediationGoesThroughPrCreatedAndApplyingToSucceeded() {
        api.deployment("checkout");
        ScriptedExecutor gitops = new ScriptedExecutor(Strategy.Mode.GitOps);
        start(settings, gitops);

        create("oom-run", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "24h");

        RemediationStatus status = awaitStatus("oom-run", RemediationPhase.Succeeded, "Succeeded");
        assertThat(status.getPrNumber()).isEqualTo(42);
        assertThat(status.condition(RemediationStatus.CONDITION_READY).getStatus()).isEqualTo("True");
        // The listener hears of a move after its status patch: awaited, like the status.
        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.of("oom-run")).containsExactly(
                "oom-run: null -> Analyzing (Analyzing)", "oom-run: Analyzing -> PRCreated (PRCreated)",
                "oom-run: PRCreated -> Applying (Applying)", "oom-run: Applying -> Succeeded (Succeeded)"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.events("oom-run")).extracting(Event::getReason)
                .containsExactlyInAnyOrder("Analyzing", "PRCreated", "Applying", "Succeeded"));
        assertThat(gitops.handed).hasSize(3);
    }

    @Test
    void aPodTargetEndsAsItsDeploymentAndAMissingTargetFails() {
        api.deploymentWithPod("checkout", "checkout-7d9f8b6c5d", "checkout-7d9f8b6c5d-x2k4q");
        start(settings);

        create("oom-pod", WorkloadKind.Pod, "checkout-7d9f8b6c5d-x2k4q", Strategy.Mode.GitOps, "24h");
        create("oom-missing", WorkloadKind.Pod, "checkout-7d9f8b6c5d-gone1", Strategy.Mode.GitOps, "24h");

        RemediationStatus resolved = awaitStatus("oom-pod", RemediationPhase.Analyzing, "AwaitingExecutor");
        assertThat(resolved.getResolvedTarget().getKind()).isEqualTo(WorkloadKind.Deployment);
        assertThat(resolved.getResolvedTarget().getName()).isEqualTo("checkout");
        assertThat(resolved.getResolvedTarget().getContainer()).isEqualTo("app");
        assertThat(resolved.getMessage()).contains("ReplicaSet shop/checkout-7d9f8b6c5d → Deployment shop/checkout");
        RemediationStatus failed = awaitStatus("oom-missing", RemediationPhase.Failed, "TargetNotFound");
        assertThat(failed.getMessage()).contains("Pod shop/checkout-7d9f8b6c5d-gone1");
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.events("oom-missing"))
                .filteredOn(e -> e.getReason().equals("TargetNotFound"))
                .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning")));
    }

    @Test
    void aWaitingRemediationExpiresOnceTheClockPassesItsTtl() {
        api.deployment("checkout");
        // A long resync: only the edited annotation below triggers the reconcile that sees the TTL ran out.
        start(settings.withResyncInterval(Duration.ofMinutes(5)));
        create("oom-ttl", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "1h");
        awaitStatus("oom-ttl", RemediationPhase.Analyzing, "AwaitingExecutor");

        clock.advance(Duration.ofMinutes(61));
        api.client.resources(Remediation.class).inNamespace(MockApi.NS).withName("oom-ttl")
                .edit(r -> {
                    r.getMetadata().getAnnotations().put("example.com/touched", "yes");
                    return r;
                });

        RemediationStatus status = awaitStatus("oom-ttl", RemediationPhase.Expired, "TTLExpired");
        assertThat(status.getMessage()).contains("TTL of 1h");
        // The listener hears of a move after its status patch: awaited, like the status.
        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.of("oom-ttl")).last()
                .isEqualTo("oom-ttl: Analyzing -> Expired (TTLExpired)"));
    }

    @Test
    void aRestartedOperatorContinuesEachRemediationWhereItWasWithoutDuplicatesOrRegressions() {
        policy = FakePolicyEngine.choosing(input -> "fp-r-direct".equals(input.alert().fingerprint())
                ? PolicyMode.Direct : PolicyMode.GitOps).failSafe();
        api.deployment("checkout");
        api.deployment("cart");
        RemediationExecutor reviewPending = new RemediationExecutor() {
            @Override
            public Strategy.Mode mode() {
                return Strategy.Mode.Direct;
            }

            @Override
            public Step execute(Remediation remediation, ResolvedWorkload workload) {
                return Step.prCreated("Opened pull request #7; waiting for review.");
            }
        };
        Heal8sOperator first = start(settings, reviewPending);
        create("r-gitops-1", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "24h");
        create("r-gitops-2", WorkloadKind.Deployment, "cart", Strategy.Mode.GitOps, "24h");
        create("r-direct", WorkloadKind.Deployment, "cart", Strategy.Mode.Direct, "24h");
        awaitStatus("r-gitops-1", RemediationPhase.Analyzing, "AwaitingExecutor");
        awaitStatus("r-gitops-2", RemediationPhase.Analyzing, "AwaitingExecutor");
        awaitStatus("r-direct", RemediationPhase.PRCreated, "PRCreated");
        first.stop();
        assertThat(first.isRunning()).isFalse();
        Map<String, String> versions = new HashMap<>();
        for (String name : List.of("r-gitops-1", "r-gitops-2", "r-direct")) {
            versions.put(name, api.get(name).getMetadata().getResourceVersion());
        }
        int transitionsBefore = listener.seen.size();

        // A new operator without executors: everything stays exactly as it was.
        Heal8sOperator second = start(settings);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                versions.forEach((name, version) ->
                        assertThat(api.get(name).getMetadata().getResourceVersion()).as(name).isEqualTo(version)));
        assertThat(listener.seen).hasSize(transitionsBefore);
        second.stop();

        // A third with both executors: each goes on from its phase.
        start(settings, new ScriptedExecutor(Strategy.Mode.GitOps), new ScriptedExecutor(Strategy.Mode.Direct));
        for (String name : List.of("r-gitops-1", "r-gitops-2", "r-direct")) {
            awaitStatus(name, RemediationPhase.Succeeded, "Succeeded");
        }

        assertThat(api.client.resources(Remediation.class).inNamespace(MockApi.NS).list().getItems()).hasSize(3);
        // The listener hears of a move after its status patch: awaited, like the status.
        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.of("r-direct")).containsExactly(
                "r-direct: null -> Analyzing (Analyzing)", "r-direct: Analyzing -> PRCreated (PRCreated)",
                "r-direct: PRCreated -> Applying (Applying)", "r-direct: Applying -> Succeeded (Succeeded)"));
        for (String name : List.of("r-gitops-1", "r-gitops-2")) {
            // The listener hears of a move after its status patch: awaited, like the status.
            await().atMost(WAIT).untilAsserted(() -> assertThat(listener.of(name)).containsExactly(
                    name + ": null -> Analyzing (Analyzing)", name + ": Analyzing -> PRCreated (PRCreated)",
                    name + ": PRCreated -> Applying (Applying)", name + ": Applying -> Succeeded (Succeeded)"));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(api.events(name)).filteredOn(e -> e.getReason().equals("Analyzing")).hasSize(1);
                assertThat(api.events(name)).filteredOn(e -> e.getReason().equals("AwaitingExecutor")).hasSize(1);
            });
        }
    }

    @Test
    void anApiOutageIsRetriedWithBackOffNotInAHotLoopAndTheRemediationGoesOnAfterwards() {
        api.deployment("checkout");
        AtomicInteger refused = api.fail(request -> "GET".equals(request.getMethod())
                && request.getPath().startsWith("/apis/apps/v1/namespaces/shop/deployments/checkout"));
        start(settings);

        create("oom-outage", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "24h");

        await().atMost(WAIT).until(() -> refused.get() >= 3);
        int start = refused.get();
        // Back-off 200 ms doubling to 1.6 s: within 3 s at most three more attempts; a hot loop would make hundreds.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                .until(() -> refused.get() - start <= 4);
        assertThat(refused.get() - start).isGreaterThanOrEqualTo(1);
        assertThat(api.get("oom-outage").getStatus().getPhase()).isEqualTo(RemediationPhase.Analyzing);

        api.heal();

        awaitStatus("oom-outage", RemediationPhase.Analyzing, "AwaitingExecutor");
    }

    @Test
    void withLeaderElectionTheOperatorTakesTheLeaseAndReconciles() {
        api.deployment("checkout");
        Heal8sOperator operator = start(settings.withLeaderElection(OperatorSettings.DEFAULT_LEASE_NAME, MockApi.NS));
        await().atMost(WAIT).until(operator::isLeader);

        create("oom-leader", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "24h");

        awaitStatus("oom-leader", RemediationPhase.Analyzing, "AwaitingExecutor");
        Lease lease = api.client.leases().inNamespace(MockApi.NS).withName("heal8s-operator").get();
        assertThat(lease).isNotNull();
        assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    }

    @Test
    void aReplicaThatLosesItsLeaseSaysItNoLongerRuns() {
        Heal8sOperator operator = start(settings.withLeaderElection(OperatorSettings.DEFAULT_LEASE_NAME, MockApi.NS));
        await().atMost(WAIT).until(operator::isLeader);

        // Another replica holds the Lease for an hour: this one cannot renew, and gives up at its renew deadline.
        api.client.leases().inNamespace(MockApi.NS).withName(OperatorSettings.DEFAULT_LEASE_NAME).edit(lease -> {
            lease.getSpec().setHolderIdentity("another-replica");
            lease.getSpec().setLeaseDurationSeconds(3600);
            lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
            return lease;
        });

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(operator.isRunning()).isFalse();
            assertThat(operator.isLeader()).isFalse();
        });
    }

    @Test
    void onlyTheWatchedNamespacesAreReconciled() {
        api.deployment("checkout");
        api.client.resource(new NamespaceBuilder().withNewMetadata().withName("other").endMetadata().build())
                .create();
        start(settings.withNamespaces(Set.of(MockApi.NS)));
        Remediation elsewhere = MockApi.remediation("oom-other", WorkloadKind.Deployment, "checkout",
                Strategy.Mode.GitOps, "24h", clock.instant());
        elsewhere.getMetadata().setNamespace("other");
        api.client.resource(elsewhere).create();

        create("oom-watched", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "24h");

        awaitStatus("oom-watched", RemediationPhase.Analyzing, "AwaitingExecutor");
        assertThat(api.client.resources(Remediation.class).inNamespace("other").withName("oom-other").get()
                .getStatus()).isNull();
    }

    @Test
    void stopIsIdempotentEndsTheSdkSchedulerAndAStoppedOperatorCannotStartAgain() {
        Heal8sOperator operator = start(settings);
        assertThat(operator.isRunning()).isTrue();

        operator.stop();
        operator.stop();

        assertThat(operator.isRunning()).isFalse();
        assertThat(operator.sdk().getConfigurationService().getExecutorServiceManager().scheduledExecutorService()
                .isShutdown()).isTrue();
        assertThatThrownBy(operator::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("create a new one");
    }

    @Test
    void theDecidedAtAnnotationIsWhatTheTtlCountsFrom() {
        api.deployment("checkout");
        start(settings);
        Remediation old = MockApi.remediation("oom-old", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps,
                "1h", clock.instant().minus(Duration.ofHours(2)));
        api.client.resource(old).create();

        RemediationStatus status = awaitStatus("oom-old", RemediationPhase.Expired, "TTLExpired");

        assertThat(status.condition(RemediationStatus.CONDITION_PROGRESSING).getStatus()).isEqualTo("False");
        // The listener hears of a move after its status patch: awaited, like the status.
        await().atMost(WAIT).untilAsserted(() -> assertThat(listener.of("oom-old"))
                .containsExactly("oom-old: null -> Expired (TTLExpired)"));
    }
}
