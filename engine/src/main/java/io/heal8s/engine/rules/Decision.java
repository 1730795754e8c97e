package io.heal8s.engine.rules;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.GitOpsSpec;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.Verify;
import io.heal8s.engine.playbook.WorkloadRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the rules decided for one alert: a remediation to propose, or an explicit no-op with its reason, plus the
 * trace of every rule that fired. Immutable; playbook, action, target and strategy are null for a no-op, except for a
 * {@link Outcome#GUARDED} one with a {@link #refusal()}: those then describe what the refused playbook would have done,
 * so that the refusal can be recorded as a Remediation of its own.
 *
 * @param params the action's parameters in the action's declared order; empty for a no-op
 * @param gitops null for a no-op or when the playbook does not say where its manifests live
 * @param reason one sentence for people (events, status, logs)
 * @param dryRun the playbook's {@code spec.dryRun}: the Remediation is decided and recorded, never carried out
 * @param verify the winning playbook's {@code verify:} section; null for a no-op
 * @param refusal for {@link Outcome#GUARDED}, which guard refused the best blocked playbook; null otherwise
 */
public record Decision(
        Outcome outcome,
        Alert alert,
        String playbook,
        ActionType action,
        Map<String, Object> params,
        WorkloadRef target,
        Strategy strategy,
        GitOpsSpec gitops,
        String reason,
        List<TraceEntry> trace,
        boolean dryRun,
        Verify verify,
        Refusal refusal) {

    /** Whether the decision acts and, when it does not, why. */
    public enum Outcome {
        /** A playbook matched, found its target and passed its guards. */
        REMEDIATE,
        /** No playbook matches the alert (or the alert is resolved). */
        NO_MATCH,
        /** Playbooks matched and found targets, but every one of those was blocked by a guard. */
        GUARDED,
        /** Playbooks matched, but none found a workload in the alert's labels that its action can change. */
        NO_TARGET
    }

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(reason, "reason");
        // Map.copyOf would lose the action's parameter order, which people read in traces and PR bodies.
        params = params == null || params.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        trace = List.copyOf(trace);
        if (refusal != null && outcome != Outcome.GUARDED) {
            throw new IllegalArgumentException("only a GUARDED decision has a refusal, not " + outcome);
        }
    }

    /** A decision of a playbook without {@code spec.dryRun}, a verification section (the defaults) or a refusal. */
    public Decision(Outcome outcome, Alert alert, String playbook, ActionType action, Map<String, Object> params,
            WorkloadRef target, Strategy strategy, GitOpsSpec gitops, String reason, List<TraceEntry> trace) {
        this(outcome, alert, playbook, action, params, target, strategy, gitops, reason, trace, false, null, null);
    }

    /** A decision with the playbook's {@code spec.dryRun}, without a verification section or a refusal. */
    public Decision(Outcome outcome, Alert alert, String playbook, ActionType action, Map<String, Object> params,
            WorkloadRef target, Strategy strategy, GitOpsSpec gitops, String reason, List<TraceEntry> trace,
            boolean dryRun) {
        this(outcome, alert, playbook, action, params, target, strategy, gitops, reason, trace, dryRun, null, null);
    }

    /** A decision with a verification section, without {@code spec.dryRun} or a refusal. */
    public Decision(Outcome outcome, Alert alert, String playbook, ActionType action, Map<String, Object> params,
            WorkloadRef target, Strategy strategy, GitOpsSpec gitops, String reason, List<TraceEntry> trace,
            Verify verify) {
        this(outcome, alert, playbook, action, params, target, strategy, gitops, reason, trace, false, verify, null);
    }

    /** A GUARDED decision: the refused playbook's proposal and the guard that refused it. */
    public Decision(Outcome outcome, Alert alert, String playbook, ActionType action, Map<String, Object> params,
            WorkloadRef target, Strategy strategy, GitOpsSpec gitops, String reason, List<TraceEntry> trace,
            Refusal refusal) {
        this(outcome, alert, playbook, action, params, target, strategy, gitops, reason, trace, false, null,
                refusal);
    }

    static Decision noOp(Outcome outcome, Alert alert, String reason, List<TraceEntry> trace) {
        return new Decision(outcome, alert, null, null, Map.of(), null, null, null, reason, trace);
    }

    /** True when the outcome is {@link Outcome#REMEDIATE}. */
    public boolean remediates() {
        return outcome == Outcome.REMEDIATE;
    }

    /** True when a guard refused a playbook that would otherwise have remediated ({@link #refusal()} is set). */
    public boolean refused() {
        return refusal != null;
    }

    /** The names of the rules that fired, in order (a convenience over {@link #trace()}). */
    public List<String> firedRules() {
        return trace.stream().map(TraceEntry::rule).toList();
    }
}
