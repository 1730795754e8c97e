package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyDecision;
import io.heal8s.engine.policy.PolicyInput;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.WireFormats;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The approval policy in Analyzing, one reconcile at a time against the CRUD mock server: the change is computed from
 * the live Deployment, the policy is asked once with that change and the target's history, and its decision (Deny,
 * Direct, or the fail-safe GitOps with approval) is what the Remediation records and follows.
 */
class PolicyWiringTest extends ReconcilerFixture {

    Remediation create(String name, Strategy.Mode mode, Map<String, String> params) {
        Remediation r = MockApi.remediation(name, WorkloadKind.Deployment, "checkout", mode, "24h", T0);
        r.getSpec().getAction().setParams(params);
        return api.client.resource(r).create();
    }

    @Test
    void aDenyFailsTheRemediationWithReasonDeniedAWarningAndThePolicyReasonsInStatus() {
        api.deployment("checkout");
        create("oom-deny", Strategy.Mode.GitOps, null);
        FakePolicyEngine engine = FakePolicyEngine.answering(PolicyMode.Deny, true,
                "checkout had 3 remediations in the last hour.");

        reconcile(reconciler(engine.failSafe(), new ScriptedExecutor(Strategy.Mode.GitOps)), "oom-deny");

        RemediationStatus status = api.get("oom-deny").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_DENIED);
        assertThat(status.getMessage()).isEqualTo(
                "The approval policy denied the change: checkout had 3 remediations in the last hour.");
        assertThat(status.getPolicyReasons()).containsExactly("checkout had 3 remediations in the last hour.");
        assertThat(status.getApproval().getMode()).isEqualTo("Deny");
        assertThat(status.getApproval().getSource()).isEqualTo(FakePolicyEngine.SOURCE);
        assertThat(status.getApproval().getFailSafe()).isFalse();
        Event denied = api.events("oom-deny").stream().filter(e -> "Denied".equals(e.getReason())).findFirst()
                .orElseThrow();
        assertThat(denied.getType()).isEqualTo("Warning");
        assertThat(denied.getMessage()).contains("denied the change");
    }

    @Test
    void directChosenByThePolicyGoesToTheDirectExecutorAlthoughTheSpecSaysGitOps() {
        api.deployment("checkout");
        create("oom-direct", Strategy.Mode.GitOps, null);
        ScriptedExecutor gitops = new ScriptedExecutor(Strategy.Mode.GitOps);
        ScriptedExecutor direct = new ScriptedExecutor(Strategy.Mode.Direct);
        RemediationReconciler reconciler = reconciler(FakePolicyEngine.answering(PolicyMode.Direct, false,
                "a bounded memory increase outside production.").failSafe(), gitops, direct);

        reconcile(reconciler, "oom-direct");
        reconcile(reconciler, "oom-direct");

        Remediation r = api.get("oom-direct");
        assertThat(r.getStatus().getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(r.getSpec().getStrategy().getMode()).as("the spec is left as proposed").isEqualTo(
                Strategy.Mode.GitOps);
        assertThat(r.getStatus().getApproval().getMode()).isEqualTo("Direct");
        assertThat(r.getStatus().getApproval().getRequireApproval()).isFalse();
        assertThat(RemediationReconciler.mode(r)).isEqualTo(Strategy.Mode.Direct);
        assertThat(r.getStatus().getPolicyReasons()).containsExactly("a bounded memory increase outside production.");
        assertThat(gitops.handed).isEmpty();
        assertThat(direct.handed).extracting(ResolvedWorkload::describe).containsExactly(
                "Deployment shop/checkout", "Deployment shop/checkout");
    }

    @Test
    void withoutAPolicyTheRemediationFailsSafeToGitOpsWithApprovalAndSaysWhy() {
        api.deployment("checkout");
        create("oom-none", Strategy.Mode.Direct, null);
        ScriptedExecutor direct = new ScriptedExecutor(Strategy.Mode.Direct);

        reconcile(reconciler(FailSafePolicy.unconfigured(), direct), "oom-none");

        RemediationStatus status = api.get("oom-none").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Analyzing);
        assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_AWAITING_EXECUTOR);
        assertThat(status.getMessage()).isEqualTo("Resolved Deployment shop/checkout; waiting for an executor for "
                + "mode GitOps (the approval policy chose it).");
        assertThat(status.getPolicyReasons()).containsExactly(FailSafePolicy.NOT_CONFIGURED_REASON);
        assertThat(status.getApproval().getMode()).isEqualTo("GitOps");
        assertThat(status.getApproval().getRequireApproval()).isTrue();
        assertThat(status.getApproval().getSource()).isEqualTo(PolicyDecision.FAIL_SAFE_SOURCE);
        assertThat(status.getApproval().getFailSafe()).isTrue();
        assertThat(direct.handed).as("never Direct by accident").isEmpty();
    }

    @Test
    void anEngineThatFailsLeavesGitOpsWithApprovalAndTheErrorInThePolicyReasons() {
        api.deployment("checkout");
        create("oom-broken", Strategy.Mode.Direct, null);
        ScriptedExecutor gitops = new ScriptedExecutor(Strategy.Mode.GitOps);
        ScriptedExecutor direct = new ScriptedExecutor(Strategy.Mode.Direct);

        reconcile(reconciler(FakePolicyEngine.failing("OPA is unreachable").failSafe(), gitops, direct),
                "oom-broken");

        RemediationStatus status = api.get("oom-broken").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(status.getApproval().getMode()).isEqualTo("GitOps");
        assertThat(status.getApproval().getRequireApproval()).isTrue();
        assertThat(status.getApproval().getFailSafe()).isTrue();
        assertThat(status.getPolicyReasons()).singleElement().asString()
                .contains("OPA is unreachable").contains("GitOps with approval is the safe default");
        assertThat(gitops.handed).hasSize(1);
        assertThat(direct.handed).isEmpty();
    }

    @Test
    void memoryAlreadyAtItsCapFailsWithNoChangeWithoutAskingThePolicy() {
        api.deployment("checkout", "2Gi");
        create("oom-capped", Strategy.Mode.GitOps, null);
        FakePolicyEngine engine = FakePolicyEngine.answering(PolicyMode.Direct, false, "never asked.");

        reconcile(reconciler(engine.failSafe()), "oom-capped");

        RemediationStatus status = api.get("oom-capped").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_NO_CHANGE);
        assertThat(status.getMessage()).isNotBlank();
        assertThat(status.getApproval()).isNull();
        assertThat(engine.inputs).isEmpty();
        assertThat(api.events("oom-capped")).filteredOn(e -> "NoChange".equals(e.getReason()))
                .extracting(Event::getType).containsExactly("Warning");
    }

    @Test
    void aContainerTheWorkloadDoesNotHaveFailsWithActionNotApplicable() {
        api.deployment("checkout");
        Remediation r = MockApi.remediation("oom-sidecar", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps,
                "24h", T0);
        r.getSpec().getTarget().setContainer("sidecar");
        api.client.resource(r).create();
        FakePolicyEngine engine = FakePolicyEngine.answering(PolicyMode.Direct, false, "never asked.");

        reconcile(reconciler(engine.failSafe()), "oom-sidecar");

        RemediationStatus status = api.get("oom-sidecar").getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_ACTION_NOT_APPLICABLE);
        assertThat(status.getMessage()).contains("sidecar");
        assertThat(engine.inputs).isEmpty();
    }

    @Test
    void thePolicySeesTheLiveChangeWithRatioAndCapAndTheTargetsHistory() {
        api.deployment("checkout", "512Mi");
        history("earlier-today", T0.minus(Duration.ofHours(5)), RemediationPhase.Succeeded);
        history("half-an-hour-ago", T0.minus(Duration.ofMinutes(30)), RemediationPhase.Failed);
        history("two-days-ago", T0.minus(Duration.ofDays(2)), RemediationPhase.Succeeded);
        Remediation r = MockApi.remediation("oom-input", WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps,
                "24h", T0);
        r.getSpec().getAction().setParams(Map.of("percent", "50", "max", "1Gi"));
        r.getSpec().getStrategy().setEnvironment("staging");
        r.getSpec().getAlert().setSeverity("critical");
        r.getSpec().getAlert().setPayload("{\"labels\":{\"alertname\":\"KubePodOOMKilled\",\"team\":\"shop\"},"
                + "\"startsAt\":\"2026-11-26T11:58:00Z\"}");
        api.client.resource(r).create();
        FakePolicyEngine engine = FakePolicyEngine.answering(PolicyMode.GitOps, true, "staging: review it.");

        reconcile(reconciler(engine.failSafe()), "oom-input");

        assertThat(engine.inputs).hasSize(1);
        PolicyInput input = engine.inputs.get(0);
        PolicyInput.Change limit = input.decision().changes().stream()
                .filter(c -> c.field().endsWith("limits.memory")).findFirst().orElseThrow();
        assertThat(limit.old()).isEqualTo("512Mi");
        assertThat(limit.newValue()).isEqualTo("768Mi");
        assertThat(limit.ratio()).isEqualTo(1.5);
        assertThat(limit.withinCap()).isTrue();
        assertThat(input.decision().action()).isEqualTo("IncreaseMemory");
        assertThat(input.decision().params()).containsEntry("max", "1Gi").containsEntry("percent", "50");
        assertThat(input.target()).isEqualTo(new PolicyInput.Target("Deployment", MockApi.NS, "checkout", "app"));
        assertThat(input.environment()).isEqualTo("staging");
        assertThat(input.alert().labels()).containsExactly(Map.entry("alertname", "KubePodOOMKilled"),
                Map.entry("team", "shop"));
        assertThat(input.alert().severity()).isEqualTo("critical");
        assertThat(input.alert().startsAt()).isEqualTo(Instant.parse("2026-11-26T11:58:00Z"));
        assertThat(input.history()).isEqualTo(new PolicyInput.History(1, 2, "Failed"));
        assertThat(input.time()).isEqualTo(T0);
        assertThat(api.get("oom-input").getStatus().getPolicyReasons()).containsExactly("staging: review it.");
    }

    @Test
    void thePolicyIsAskedOnceAcrossRequeues() {
        api.deployment("checkout");
        create("oom-once", Strategy.Mode.GitOps, null);
        FakePolicyEngine engine = FakePolicyEngine.answering(PolicyMode.GitOps, true, "review it.");
        RemediationReconciler reconciler = reconciler(engine.failSafe());

        for (int i = 0; i < 3; i++) {
            reconcile(reconciler, "oom-once");
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(engine.inputs).hasSize(1);
        assertThat(api.get("oom-once").getStatus().getReason()).isEqualTo(
                RemediationReconciler.REASON_AWAITING_EXECUTOR);
        assertThat(api.events("oom-once")).extracting(Event::getReason)
                .containsExactlyInAnyOrder("Analyzing", "AwaitingExecutor");
    }

    /** Another Remediation of Deployment checkout, decided at {@code at}, that ended in {@code outcome}. */
    void history(String name, Instant at, RemediationPhase outcome) {
        Remediation r = MockApi.remediation(name, WorkloadKind.Deployment, "checkout", Strategy.Mode.GitOps, "24h",
                at);
        r.getMetadata().setLabels(new HashMap<>(Map.of(RemediationLabels.TARGET_KIND, "Deployment",
                RemediationLabels.TARGET_NAME, "checkout")));
        r.getMetadata().getAnnotations().put(RemediationLabels.DECIDED_AT, WireFormats.timestamp(at));
        Remediation created = api.client.resource(r).create();
        api.client.resource(created).editStatus(x -> {
            RemediationStatus status = new RemediationStatus();
            status.setPhase(outcome);
            x.setStatus(status);
            return x;
        });
    }
}
