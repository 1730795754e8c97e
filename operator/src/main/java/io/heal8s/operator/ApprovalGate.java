package io.heal8s.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.cluster.LiveActionException;
import io.heal8s.engine.cluster.LiveActions;
import io.heal8s.engine.cluster.RemediationStore;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyDecision;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.ApprovalInfo;
import io.heal8s.engine.remediation.Remediation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
        String type = r.getSpec().getAction() == null ? null : r.getSpec().getAction().getType();
        Optional<ActionType> action = ActionType.parse(type);
        if (action.isEmpty()) {
            return RemediationExecutor.Step.failed(RemediationReconciler.REASON_ACTION_NOT_APPLICABLE,
                    "spec.action.type '" + type + "' is not an action this heal8s knows.");
        }
        Map<String, String> params = r.getSpec().getAction().getParams();
        ActionResult result;
        try {
            result = actions.compute(action.get(), params == null ? Map.of() : params, workload.workload());
        } catch (LiveActionException | IllegalArgumentException e) {
            // A missing container or object, a kind the action cannot change, a malformed parameter: retrying will not
            // help, so the Remediation fails, saying which.
            return RemediationExecutor.Step.failed(RemediationReconciler.REASON_ACTION_NOT_APPLICABLE,
                    e.getMessage() == null ? e.toString() : e.getMessage());
        }
        if (!result.changed()) {
            return RemediationExecutor.Step.failed(RemediationReconciler.REASON_NO_CHANGE, result.reason());
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
}
