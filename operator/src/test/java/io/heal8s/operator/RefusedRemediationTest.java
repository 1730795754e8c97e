package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Event;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.DecisionInfo;
import io.heal8s.engine.remediation.RefusalInfo;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A Remediation that records a guard's refusal ({@code spec.decision.refusal}, written by the webhook) goes from
 * Pending to Skipped on its first reconcile, with the refusal's reason and message, and nothing else happens: no
 * Analyzing, no target lookup, no approval policy, no executor.
 */
class RefusedRemediationTest extends ReconcilerFixture {

    static final String LEAK = "memory raised 3 times in 24h on Deployment shop/checkout: this looks like a leak, not a"
            + " sizing problem; a human should look";

    final FakePolicyEngine policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "anything goes.");
    final ScriptedExecutor executor = new ScriptedExecutor(Strategy.Mode.Direct);

    Remediation createRefusal(String name, RefusalInfo refusal, Instant decidedAt) {
        Remediation r = MockApi.remediation(name, WorkloadKind.Deployment, "checkout", Strategy.Mode.Direct, "24h",
                decidedAt);
        DecisionInfo decision = new DecisionInfo();
        decision.setReason("Every playbook matching alert KubePodOOMKilled is blocked: ...");
        decision.setRefusal(refusal);
        r.getSpec().setDecision(decision);
        return api.client.resource(r).create();
    }

    @Test
    void aSuspectedLeakIsSkippedAtOnceWithAWarningThatAsksAHumanToLook() {
        // No Deployment exists: a lookup would fail the Remediation with TargetNotFound.
        createRefusal("leak", new RefusalInfo("loop", "SuspectedLeak", LEAK), T0);

        UpdateControl<Remediation> control = reconcile(reconciler(policy.failSafe(), executor), "leak");

        RemediationStatus status = api.get("leak").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Skipped);
        assertThat(status.getReason()).isEqualTo("SuspectedLeak");
        assertThat(status.getMessage()).isEqualTo(LEAK);
        assertThat(status.getResolvedTarget()).isNull();
        assertThat(status.getApproval()).isNull();
        assertThat(api.events("leak")).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("SuspectedLeak");
            assertThat(e.getMessage()).isEqualTo(LEAK).contains("a human should look");
        });
        assertThat(listener.seen).containsExactly("leak: null -> Skipped (SuspectedLeak)");
        assertThat(policy.inputs).isEmpty();
        assertThat(executor.handed).isEmpty();
        assertThat(control.isNoUpdate()).isTrue();
        assertThat(control.getScheduleDelay()).isEmpty();
    }

    @Test
    void aCooldownIsSkippedWithANormalEventAndThenLeftAlone() {
        api.deployment("checkout");
        createRefusal("cool", new RefusalInfo("cooldown", "Cooldown", "cooldown: IncreaseMemory on"
                + " shop/Deployment/checkout is 10m ago, within the 30m cooldown"), T0);
        RemediationReconciler reconciler = reconciler(policy.failSafe(), executor);
        reconcile(reconciler, "cool");
        String version = api.get("cool").getMetadata().getResourceVersion();

        clock.advance(Duration.ofMinutes(5));
        reconcile(reconciler, "cool");

        assertThat(api.get("cool").getStatus().getPhase()).isEqualTo(RemediationPhase.Skipped);
        assertThat(api.get("cool").getStatus().getReason()).isEqualTo("Cooldown");
        assertThat(api.get("cool").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(api.events("cool")).extracting(Event::getType, Event::getReason)
                .containsExactly(tuple("Normal", "Cooldown"));
        assertThat(executor.handed).isEmpty();
    }

    @Test
    void aRefusalWhoseTtlRanOutIsStillSkippedNotExpired() {
        createRefusal("late", new RefusalInfo("max-attempts", "MaxAttempts", "max attempts: 3 reach the limit of 3"),
                T0.minus(Duration.ofDays(3)));

        reconcile(reconciler(policy.failSafe(), executor), "late");

        assertThat(api.get("late").getStatus().getPhase()).isEqualTo(RemediationPhase.Skipped);
        assertThat(api.get("late").getStatus().getReason()).isEqualTo("MaxAttempts");
    }

    @Test
    void aRefusalWithoutReasonOrMessageIsSkippedAsGuarded() {
        createRefusal("bare", new RefusalInfo("freeze", null, " "), T0);

        reconcile(reconciler(policy.failSafe(), executor), "bare");

        RemediationStatus status = api.get("bare").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Skipped);
        assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_GUARDED);
        assertThat(status.getMessage()).isEqualTo("A guard (freeze) refused this change.");
    }
}
