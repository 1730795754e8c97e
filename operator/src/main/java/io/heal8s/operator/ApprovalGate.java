package io.heal8s.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.PatchTarget;
import io.heal8s.engine.cluster.LiveActionException;
import io.heal8s.engine.cluster.LiveActions;
import io.heal8s.engine.cluster.RemediationStore;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyDecision;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.ApprovalInfo;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RollbackRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Analyzing's question to the approval policy, kept out of the reconciler so that it stays a short orchestration: the
 * change the action makes to the live workload ({@link LiveActions}), the policy's input ({@link PolicyInputs}) with
 * the workload's recent history ({@link RemediationStore}), and the decision written into {@code status.approval}
 * and {@code status.policyReasons}.
 */
final class ApprovalGate {

    /** How far back the policy's history of the target looks. */
    static final Duration HISTORY_WINDOW = Duration.ofDays(1);

    private final FailSafePolicy policy;
    private final LiveActions actions;
    private final RemediationStore store;

    ApprovalGate(KubernetesClient client, Clock clock, FailSafePolicy policy) {
        this.policy = policy;
        this.actions = new LiveActions(client, clock);
        this.store = new RemediationStore(client);
    }

    /**
     * Computes the change against the live workload and asks the policy, recording its decision in the status; returns
     * the Failed step when there is nothing to hand on (no change, an action that does not apply, Deny), else null.
     * A {@code KubernetesUnavailableException} propagates: the SDK retries with back-off.
     */
    RemediationExecutor.Step decide(Remediation r, ResolvedWorkload workload, Instant now) {
        return decide(r, workload, now, false);
    }

    /**
     * The same; with {@code plan} (dry-run) the change is also recorded in {@code status.plannedChange} before the
     * policy is asked, so that a human sees exactly what would have been done.
     */
    RemediationExecutor.Step decide(Remediation r, ResolvedWorkload workload, Instant now, boolean plan) {
        Computed computed = compute(r, workload);
        if (computed.refused() != null) {
            return computed.refused();
        }
        ActionResult result = computed.result();
        if (plan) {
            r.getStatus().setPlannedChange(planned(workload, result));
        }
        PolicyDecision decision = policy.evaluate(PolicyInputs.of(r, workload, result,
                store.history(workload.workload(), HISTORY_WINDOW, now, RemediationStore.alertIdOf(r)), now));
        r.getStatus().setPolicyReasons(decision.reasons());
        r.getStatus().setApproval(new ApprovalInfo(decision.mode().name(), decision.requireApproval(),
                decision.source(), decision.failSafe()));
        if (decision.mode() == PolicyMode.Deny) {
            return RemediationExecutor.Step.failed(RemediationReconciler.REASON_DENIED,
                    "The approval policy denied the change: " + String.join(" ", decision.reasons()));
        }
        return null;
    }

    /**
     * Records the change in {@code status.plannedChange} for a Remediation whose policy decided earlier (dry-run
     * turned on while it waited); returns the Failed step when there is no change to record, else null.
     */
    RemediationExecutor.Step plan(Remediation r, ResolvedWorkload workload) {
        Computed computed = compute(r, workload);
        if (computed.refused() != null) {
            return computed.refused();
        }
        r.getStatus().setPlannedChange(planned(workload, computed.result()));
        return null;
    }

    /** {@code Deployment shop/checkout (path: old -> new, ...)}, for messages. */
    static String describe(RollbackRecord plan) {
        StringBuilder text = new StringBuilder(plan.getKind() + " " + plan.getNamespace() + "/" + plan.getName()
                + " (");
        for (int i = 0; i < plan.getChanges().size(); i++) {
            RollbackRecord.Change c = plan.getChanges().get(i);
            text.append(i == 0 ? "" : ", ").append(c.getPath()).append(": ")
                    .append(c.getOldValue() == null ? "unset" : c.getOldValue()).append(" -> ").append(c.getNewValue());
        }
        return text.append(')').toString();
    }

    /** The action's result, or the Failed step when there is nothing to hand on. */
    private record Computed(ActionResult result, RemediationExecutor.Step refused) {
    }

    private Computed compute(Remediation r, ResolvedWorkload workload) {
        String type = r.getSpec().getAction() == null ? null : r.getSpec().getAction().getType();
        Optional<ActionType> action = ActionType.parse(type);
        if (action.isEmpty()) {
            return new Computed(null, RemediationExecutor.Step.failed(
                    RemediationReconciler.REASON_ACTION_NOT_APPLICABLE,
                    "spec.action.type '" + type + "' is not an action this heal8s knows."));
        }
        Map<String, String> params = r.getSpec().getAction().getParams();
        ActionResult result;
        try {
            result = actions.compute(action.get(), params == null ? Map.of() : params, workload.workload());
        } catch (LiveActionException | IllegalArgumentException e) {
            // A missing container or object, a kind the action cannot change, a malformed parameter: retrying will not
            // help, so the Remediation fails, saying which.
            return new Computed(null, RemediationExecutor.Step.failed(
                    RemediationReconciler.REASON_ACTION_NOT_APPLICABLE,
                    e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        if (!result.changed()) {
            return new Computed(null, RemediationExecutor.Step.failed(RemediationReconciler.REASON_NO_CHANGE,
                    result.reason()));
        }
        return new Computed(result, null);
    }

    /** The object and fields the change would set, as {@code status.rollback} records a Direct change. */
    private RollbackRecord planned(ResolvedWorkload resolved, ActionResult result) {
        WorkloadRef workload = resolved.workload();
        String kind = workload.kind().name();
        String name = workload.name();
        if (result.patch().target() == PatchTarget.HORIZONTAL_POD_AUTOSCALER) {
            kind = "HorizontalPodAutoscaler";
            name = actions.autoscalerOf(workload).orElse(name);
        }
        List<RollbackRecord.Change> changes = result.changes().stream()
                .map(c -> new RollbackRecord.Change(c.path(), c.oldValue(), c.newValue())).toList();
        return new RollbackRecord(kind, workload.namespace(), name, changes);
    }
}
