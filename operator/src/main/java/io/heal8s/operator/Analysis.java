package io.heal8s.operator;

import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.RefusalInfo;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.WireFormats;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The Analyzing phase of a Remediation, apart from the {@link RemediationReconciler} so that the reconciler only
 * orchestrates (terminal check, expiry, phase dispatch, rescheduling) and the decisions of this one phase read in one
 * place: the target is resolved in the cluster (a Pod to its controller) and recorded in {@code status.resolvedTarget},
 * the {@link SafetyRails} are asked (an excluded namespace or a pause ends it in Skipped before the policy is asked),
 * the {@link ApprovalGate} computes the change and asks the approval policy once, a dry-run records the planned change
 * and ends in Skipped, the operator role hands an approved GitOps change over ({@link RoleHandOver}), and otherwise the
 * rate limits and the applying limit are asked just before the executor of the policy's mode starts the change, which
 * is when {@code status.startedAt} is set. Also the Skipped step of a guard's refusal ({@link #refused}) and the check
 * of an executor's step ({@link #execute}), which every phase uses.
 */
final class Analysis {

    /** The Remediation after a step, and the executor's retryAfter when it asked to wait. */
    record Outcome(Remediation remediation, Duration retryAfter) {

        Outcome(Remediation remediation) {
            this(remediation, null);
        }
    }

    private final WorkloadResolver resolver;
    private final SafetyRails rails;
    private final ApprovalGate approval;
    private final Map<Strategy.Mode, RemediationExecutor> executors;
    private final StatusRecorder recorder;
    private final Role role;
    private final RoleHandOver handOver;

    /** @param executors the reconciler's executors by mode, as validated for the role */
    Analysis(WorkloadResolver resolver, SafetyRails rails, ApprovalGate approval,
            Map<Strategy.Mode, RemediationExecutor> executors, StatusRecorder recorder, Role role,
            RoleHandOver handOver) {
        this.resolver = resolver;
        this.rails = rails;
        this.approval = approval;
        this.executors = executors;
        this.recorder = recorder;
        this.role = role;
        this.handOver = handOver;
    }

    /**
     * The Skipped step of the guard's refusal the Remediation records ({@code spec.decision.refusal}), or null when it
     * records none; a refusal written by hand without reason or message still gets both.
     */
    static RemediationExecutor.Step refused(Remediation r) {
        RefusalInfo refusal = r.getSpec() == null || r.getSpec().getDecision() == null ? null
                : r.getSpec().getDecision().getRefusal();
        if (refusal == null) {
            return null;
        }
        String reason = refusal.getReason() == null || refusal.getReason().isBlank()
                ? RemediationReconciler.REASON_GUARDED : refusal.getReason();
        String message = refusal.getMessage() == null || refusal.getMessage().isBlank()
                ? "A guard" + (refusal.getRail() == null ? "" : " (" + refusal.getRail() + ")")
                        + " refused this change."
                : refusal.getMessage();
        return new RemediationExecutor.Step(RemediationPhase.Skipped, reason, message);
    }

    /** Analyzing: resolve the target, record it, and hand the Remediation to its executor if there is one. */
    Outcome analyze(Remediation r, WorkloadRef target, StatusRecorder.StatusWriter writeStatus, Instant now) {
        Remediation before = StatusRecorder.snapshot(r);
        Optional<ResolvedWorkload> resolved = resolver.resolve(target);
        if (resolved.isEmpty()) {
            String what = target.kind() == WorkloadKind.Pod
                    ? Targets.describe(target) + ", or an owner on its way to a workload," : Targets.describe(target);
            return new Outcome(recorder.record(r, RemediationExecutor.Step.failed(
                    RemediationReconciler.REASON_TARGET_NOT_FOUND, what + " does not exist."), before, writeStatus,
                    now));
        }
        ResolvedWorkload workload = resolved.get();
        r.getStatus().setResolvedTarget(Targets.resource(workload.workload()));
        RemediationExecutor.Step railed = rails.refuse(workload);
        if (railed != null) {
            return new Outcome(recorder.record(r, railed, before, writeStatus, now));
        }
        boolean dryRun = rails.dryRun(r);
        if (r.getStatus().getApproval() == null) {
            RemediationExecutor.Step refused = approval.decide(r, workload, now, dryRun);
            if (refused != null) {
                return new Outcome(recorder.record(r, refused, before, writeStatus, now));
            }
        }
        Strategy.Mode mode = RemediationReconciler.mode(r);
        if (dryRun) {
            RemediationExecutor.Step refused = r.getStatus().getPlannedChange() == null
                    ? approval.plan(r, workload) : null;
            RemediationExecutor.Step step = refused != null ? refused
                    : rails.dryRunStep(r, mode, ApprovalGate.describe(r.getStatus().getPlannedChange()));
            return new Outcome(recorder.record(r, step, before, writeStatus, now));
        }
        RemediationExecutor executor = executors.get(mode);
        if (executor == null && role == Role.OPERATOR && mode == Strategy.Mode.GitOps
                && r.getStatus().getApproval() != null) {
            return handOver.handOver(r, workload, before, writeStatus, now);
        }
        if (executor == null) {
            String chosen = r.getStatus().getApproval() == null ? "" : " (the approval policy chose it)";
            return new Outcome(recorder.record(r, new RemediationExecutor.Step(RemediationPhase.Analyzing,
                    RemediationReconciler.REASON_AWAITING_EXECUTOR, "Resolved " + workload.describe()
                    + "; waiting for an executor for mode " + mode + chosen + "."), before, writeStatus, now));
        }
        RemediationExecutor.Step held = rails.admit(r, workload.workload(), mode, now);
        if (held != null) {
            boolean first = !held.reason().equals(r.getStatus().getReason());
            Remediation written = recorder.record(r, held, before, writeStatus, now);
            if (first && held.phase() == RemediationPhase.Analyzing) {
                recorder.deferred(written, held.reason());
            }
            return new Outcome(written);
        }
        // An executor that throws keeps its claim until the retry (the same Remediation, counted once) or its expiry.
        RemediationExecutor.Step step = execute(executor, r, workload);
        rails.settle(r, step);
        started(r, step, now);
        return new Outcome(recorder.record(r, step, before, writeStatus, now), step.retryAfter());
    }

    /** Sets {@code status.startedAt} when the step starts the change (PRCreated or Applying). */
    static void started(Remediation r, RemediationExecutor.Step step, Instant now) {
        if (step.phase() == RemediationPhase.PRCreated || step.phase() == RemediationPhase.Applying) {
            r.getStatus().setStartedAt(WireFormats.timestamp(now));
        }
    }

    /**
     * The executor's step, or Failed with {@value RemediationReconciler#REASON_INVALID_EXECUTOR_STEP} when it is none
     * or one the lifecycle does not allow from the Remediation's phase.
     */
    static RemediationExecutor.Step execute(RemediationExecutor executor, Remediation r, ResolvedWorkload workload) {
        RemediationExecutor.Step step = executor.execute(r, workload);
        RemediationPhase from = r.getStatus().getPhase();
        if (step == null || !from.canMoveTo(step.phase())) {
            // An executor's bug must not wedge the Remediation in a retry loop: it fails, saying what was asked.
            String asked = step == null ? "no step" : step.phase() + "/" + step.reason();
            return RemediationExecutor.Step.failed(RemediationReconciler.REASON_INVALID_EXECUTOR_STEP,
                    executor.getClass().getSimpleName() + " asked for " + asked
                    + ", which the lifecycle does not allow from " + from + ".");
        }
        return step;
    }
}
