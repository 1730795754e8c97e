package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle, one reconcile at a time, without the SDK: the reconciler's {@code reconcile} is called directly with
 * a status writer that patches the status subresource of the CRUD mock server, and a clock the test moves.
 */
class RemediationReconcilerTest extends ReconcilerFixture {

    FailSafePolicy policy = FailSafePolicy.unconfigured();

    RemediationReconciler reconciler(RemediationExecutor... executors) {
        return reconciler(policy, executors);
    }

    @Test
    void aNewRemediationIsAnalyzedThenWaitsForAnExecutorOfItsMode() {
        api.deployment("checkout");
        Remediation created = api.createRemediation("oom-1", WorkloadKind.Deployment, "checkout",
                Strategy.Mode.GitOps, "24h", T0);

        UpdateControl<Remediation> control = reconcile(reconciler(), "oom-1");

        RemediationStatus status = api.get("oom-1").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Analyzing);
        assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_AWAITING_EXECUTOR);
        assertThat(status.getMessage()).isEqualTo(
                "Resolved Deployment shop/checkout; waiting for an executor for mode GitOps "
                        + "(the approval policy chose it).");
        assertThat(status.getResolvedTarget().getKind()).isEqualTo(WorkloadKind.Deployment);
        assertThat(status.getResolvedTarget().getName()).isEqualTo("checkout");
        assertThat(status.getResolvedTarget().getContainer()).isEqualTo("app");
        long generation = created.getMetadata().getGeneration();
        assertThat(status.getObservedGeneration()).isEqualTo(generation);
        assertThat(status.getConditions()).extracting(Condition::getObservedGeneration).containsOnly(generation);
        assertThat(status.condition(RemediationStatus.CONDITION_PROGRESSING).getStatus()).isEqualTo("True");
        assertThat(api.events("oom-1")).extracting(Event::getReason)
                .containsExactlyInAnyOrder("Analyzing", "AwaitingExecutor");
        assertThat(api.events("oom-1")).allSatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getSource().getComponent()).isEqualTo("heal8s");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("Remediation");
        });
        assertThat(listener.seen).containsExactly("oom-1: null -> Analyzing (Analyzing)");
        assertThat(control.getScheduleDelay()).contains(OperatorSettings.DEFAULT_RESYNC_INTERVAL.toMillis());
    }

    @Test
    void aWaitingRemediationLookedAtAgainWritesNothingAndEmitsNoSecondEvent() {
        api.deployment("checkout");
        api.createRemediation("oom-2", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "24h", T0);
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-2");
        String version = api.get("oom-2").getMetadata().getResourceVersion();

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(reconcile(reconciler, "oom-2").getScheduleDelay()).isPresent();
        }

        assertThat(api.get("oom-2").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(api.events("oom-2")).hasSize(2);
        assertThat(listener.seen).hasSize(1);
    }

    @Test
    void anEditedSpecIsAcknowledgedWithTheNewGenerationWithoutASecondEvent() {
        api.deployment("checkout");
        api.createRemediation("oom-gen", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "24h", T0);
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-gen");
        Remediation edited = api.client.resources(Remediation.class).inNamespace(MockApi.NS).withName("oom-gen")
                .edit(r -> {
                    r.getSpec().getAction().setParams(Map.of("percent", "50"));
                    return r;
                });
        long generation = edited.getMetadata().getGeneration();
        assertThat(generation).isGreaterThan(api.get("oom-gen").getStatus().getObservedGeneration());

        reconcile(reconciler, "oom-gen");

        RemediationStatus status = api.get("oom-gen").getStatus();
        assertThat(status.getObservedGeneration()).isEqualTo(generation);
        assertThat(status.getConditions()).extracting(Condition::getObservedGeneration).containsOnly(generation);
        assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_AWAITING_EXECUTOR);
        assertThat(api.events("oom-gen")).hasSize(2);
    }

    @Test
    void aPodTargetIsRecordedAsItsDeploymentWithTheChainInTheMessage() {
        api.deploymentWithPod("checkout", "checkout-7d9f8b6c5d", "checkout-7d9f8b6c5d-x2k4q");
        api.createRemediation("oom-pod", WorkloadKind.Pod, "checkout-7d9f8b6c5d-x2k4q", Strategy.Mode.GitOps,
                "24h", T0);

        reconcile(reconciler(), "oom-pod");

        RemediationStatus status = api.get("oom-pod").getStatus();
        assertThat(status.getResolvedTarget().getKind()).isEqualTo(WorkloadKind.Deployment);
        assertThat(status.getResolvedTarget().getName()).isEqualTo("checkout");
        assertThat(status.getMessage()).startsWith("Resolved Pod shop/checkout-7d9f8b6c5d-x2k4q → ReplicaSet "
                + "shop/checkout-7d9f8b6c5d → Deployment shop/checkout;");
    }

    @Test
    void aMissingTargetFailsWithTargetNotFoundAndAWarning() {
        api.createRemediation("oom-gone", WorkloadKind.Deployment, "vanished", Strategy.Mode.GitOps, "24h", T0);

        UpdateControl<Remediation> control = reconcile(reconciler(), "oom-gone");

        RemediationStatus status = api.get("oom-gone").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo("TargetNotFound");
        assertThat(status.getMessage()).isEqualTo("Deployment shop/vanished does not exist.");
        assertThat(status.condition(RemediationStatus.CONDITION_HAS_ERRORS).getStatus()).isEqualTo("True");
        assertThat(control.getScheduleDelay()).isEmpty();
        assertThat(api.events("oom-gone")).filteredOn(e -> e.getReason().equals("TargetNotFound"))
                .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
        assertThat(listener.seen).containsExactly("oom-gone: null -> Analyzing (Analyzing)",
                "oom-gone: Analyzing -> Failed (TargetNotFound)");
    }

    @Test
    void theExecutorOfTheModeTakesTheRemediationToSucceededOneStepPerReconcile() {
        policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "a bounded change outside production.")
                .failSafe();
        api.deployment("checkout");
        api.createRemediation("oom-3", WorkloadKind.Deployment, "checkout", Strategy.Mode.Direct, "24h", T0);
        ScriptedExecutor gitops = new ScriptedExecutor(Strategy.Mode.GitOps);
        ScriptedExecutor direct = new ScriptedExecutor(Strategy.Mode.Direct);
        RemediationReconciler reconciler = reconciler(gitops, direct);

        reconcile(reconciler, "oom-3");
        assertThat(api.get("oom-3").getStatus().getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(api.get("oom-3").getStatus().getPrNumber()).isEqualTo(42);
        reconcile(reconciler, "oom-3");
        assertThat(api.get("oom-3").getStatus().getPhase()).isEqualTo(RemediationPhase.Applying);
        UpdateControl<Remediation> last = reconcile(reconciler, "oom-3");

        RemediationStatus status = api.get("oom-3").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Succeeded);
        assertThat(status.getPrNumber()).isEqualTo(42);
        assertThat(status.getResolvedAt()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(status.condition(RemediationStatus.CONDITION_READY).getStatus()).isEqualTo("True");
        assertThat(last.getScheduleDelay()).isEmpty();
        assertThat(gitops.handed).isEmpty();
        assertThat(direct.handed).extracting(ResolvedWorkload::describe).containsOnly("Deployment shop/checkout");
        assertThat(listener.of("oom-3")).containsExactly("oom-3: null -> Analyzing (Analyzing)",
                "oom-3: Analyzing -> PRCreated (PRCreated)", "oom-3: PRCreated -> Applying (Applying)",
                "oom-3: Applying -> Succeeded (Succeeded)");
        assertThat(api.events("oom-3")).extracting(Event::getReason)
                .containsExactlyInAnyOrder("Analyzing", "PRCreated", "Applying", "Succeeded");
    }

    @Test
    void aTerminalRemediationIsLeftAloneWithoutAnyApiCall() {
        policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "a bounded change outside production.")
                .failSafe();
        api.deployment("checkout");
        api.createRemediation("oom-4", WorkloadKind.Deployment, "checkout", Strategy.Mode.Direct, "24h", T0);
        RemediationReconciler reconciler = reconciler(new ScriptedExecutor(Strategy.Mode.Direct));
        for (int i = 0; i < 3; i++) {
            reconcile(reconciler, "oom-4");
        }
        Remediation done = api.get("oom-4");
        int requests = api.server.getRequestCount();

        UpdateControl<Remediation> control = reconciler.reconcile(done, (original, status) -> {
            throw new AssertionError("no status write for a terminal Remediation");
        });

        assertThat(control.isNoUpdate()).isTrue();
        assertThat(control.getScheduleDelay()).isEmpty();
        assertThat(api.server.getRequestCount()).isEqualTo(requests);
    }

    @Test
    void aWaitingRemediationIsRescheduledForExactlyItsExpiryWhenThatComesBeforeTheResync() {
        api.deployment("checkout");
        api.createRemediation("oom-5", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "45s", T0);
        RemediationReconciler reconciler = reconciler();
        clock.advance(Duration.ofSeconds(5));

        UpdateControl<Remediation> control = reconcile(reconciler, "oom-5");

        assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(40).toMillis());
    }

    @Test
    void whenTheTtlRunsOutAWaitingRemediationExpiresWithAWarning() {
        api.deployment("checkout");
        api.createRemediation("oom-6", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "1h", T0);
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-6");

        clock.advance(Duration.ofMinutes(59));
        reconcile(reconciler, "oom-6");
        assertThat(api.get("oom-6").getStatus().getPhase()).isEqualTo(RemediationPhase.Analyzing);
        clock.advance(Duration.ofMinutes(1));
        UpdateControl<Remediation> control = reconcile(reconciler, "oom-6");

        RemediationStatus status = api.get("oom-6").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Expired);
        assertThat(status.getReason()).isEqualTo("TTLExpired");
        assertThat(status.getMessage()).isEqualTo(
                "Nobody applied the change within its TTL of 1h; it expired at 2026-11-26T13:00:00Z.");
        assertThat(control.getScheduleDelay()).isEmpty();
        assertThat(api.events("oom-6")).filteredOn(e -> e.getReason().equals("TTLExpired"))
                .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
        assertThat(listener.of("oom-6")).last().isEqualTo("oom-6: Analyzing -> Expired (TTLExpired)");
    }

    @Test
    void theTtlCountsFromTheDecidedAtAnnotationAndFallsBackOnTheDefaultWhenUnreadable() {
        api.deployment("checkout");
        api.createRemediation("oom-7", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "1.5h", T0);
        RemediationReconciler reconciler = reconciler();
        reconcile(reconciler, "oom-7");

        clock.advance(Duration.ofHours(23));
        reconcile(reconciler, "oom-7");
        assertThat(api.get("oom-7").getStatus().getPhase()).isEqualTo(RemediationPhase.Analyzing);
        clock.advance(Duration.ofHours(1));
        reconcile(reconciler, "oom-7");

        assertThat(api.get("oom-7").getStatus().getPhase()).isEqualTo(RemediationPhase.Expired);
        assertThat(api.get("oom-7").getStatus().getMessage()).contains("TTL of 24h");
    }

    @Test
    void anOpenPullRequestExpiresButAChangeBeingAppliedDoesNot() {
        api.deployment("checkout");
        api.createRemediation("oom-8", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "1h", T0);
        api.createRemediation("oom-9", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "1h", T0);
        RemediationReconciler opensPr = reconciler(new ScriptedExecutor(Strategy.Mode.GitOps));
        reconcile(opensPr, "oom-8");
        reconcile(opensPr, "oom-9");
        reconcile(opensPr, "oom-9");
        assertThat(api.get("oom-8").getStatus().getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(api.get("oom-9").getStatus().getPhase()).isEqualTo(RemediationPhase.Applying);

        clock.advance(Duration.ofHours(2));
        RemediationReconciler waiting = reconciler();
        reconcile(waiting, "oom-8");
        UpdateControl<Remediation> applying = reconcile(waiting, "oom-9");

        assertThat(api.get("oom-8").getStatus().getPhase()).isEqualTo(RemediationPhase.Expired);
        assertThat(api.get("oom-9").getStatus().getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(applying.getScheduleDelay()).contains(OperatorSettings.DEFAULT_RESYNC_INTERVAL.toMillis());
    }

    @Test
    void anExecutorAskingForAMoveTheLifecycleForbidsFailsTheRemediationInsteadOfLooping() {
        policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "a bounded change outside production.")
                .failSafe();
        api.deployment("checkout");
        api.createRemediation("oom-10", WorkloadKind.Deployment, "checkout", Strategy.Mode.Direct, "24h", T0);
        RemediationExecutor broken = new RemediationExecutor() {
            @Override
            public Strategy.Mode mode() {
                return Strategy.Mode.Direct;
            }

            @Override
            public Step execute(Remediation remediation, ResolvedWorkload workload) {
                return Step.succeeded("skipped straight to the end");
            }
        };

        reconcile(reconciler(broken), "oom-10");

        RemediationStatus status = api.get("oom-10").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo("InvalidExecutorStep");
        assertThat(status.getMessage()).contains("Succeeded/Succeeded").contains("from Analyzing");
    }

    @Test
    void twoExecutorsForOneModeAreRefused() {
        assertThatThrownBy(() -> reconciler(new ScriptedExecutor(Strategy.Mode.GitOps),
                new ScriptedExecutor(Strategy.Mode.GitOps)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("executors: two for mode GitOps");
    }
}
