package io.heal8s.operator;

import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The two ends of the split roles' hand-over of a GitOps Remediation ({@link Role}), apart from the
 * {@link RemediationReconciler} and the {@link Analysis} because the hand-over is a protocol between two processes:
 * the operator role, once the policy approved a GitOps change and the rate limits admit it, leaves the Remediation in
 * Analyzing with reason {@value RemediationReconciler#REASON_AWAITING_GITOPS_WORKER} ({@link #handOver}); the GitOps
 * worker takes such a Remediation over and publishes the change on the target the operator resolved, asking neither
 * the policy nor the rails ({@link #takeOver}). Both sides keep that reason while the Remediation waits in Analyzing,
 * which is what {@link Role#reconciles} tells them apart by.
 */
final class RoleHandOver {

    private final SafetyRails rails;
    private final Map<Strategy.Mode, RemediationExecutor> executors;
    private final StatusRecorder recorder;

    /** @param executors the reconciler's executors by mode, as validated for the role */
    RoleHandOver(SafetyRails rails, Map<Strategy.Mode, RemediationExecutor> executors, StatusRecorder recorder) {
        this.rails = rails;
        this.executors = executors;
        this.recorder = recorder;
    }

    /**
     * The executors by mode, at most one per mode and only of modes the role {@link Role#executes}.
     *
     * @throws IllegalArgumentException when two executors claim the same mode, or an executor's mode is not the role's
     */
    static Map<Strategy.Mode, RemediationExecutor> byMode(Role role, List<RemediationExecutor> executors) {
        Map<Strategy.Mode, RemediationExecutor> byMode = new EnumMap<>(Strategy.Mode.class);
        for (RemediationExecutor executor : executors) {
            RemediationExecutor previous = byMode.putIfAbsent(executor.mode(), executor);
            if (previous != null) {
                throw new IllegalArgumentException("executors: two for mode " + executor.mode() + " ("
                        + previous.getClass().getName() + " and " + executor.getClass().getName() + ")");
            }
            if (!role.executes(executor.mode())) {
                throw new IllegalArgumentException("executors: role " + role.value() + " runs no " + executor.mode()
                        + " executor (" + executor.getClass().getName() + ")");
            }
        }
        return byMode;
    }

    /**
     * The operator role, a GitOps change approved: once the rate limits admit it (the claim lasts until the watch shows
     * the worker's {@code startedAt}), it waits in Analyzing for the GitOps worker, told by one Event.
     */
    Analysis.Outcome handOver(Remediation r, ResolvedWorkload workload, Remediation before,
            StatusRecorder.StatusWriter writeStatus, Instant now) {
        RemediationExecutor.Step held = rails.admit(r, workload.workload(), Strategy.Mode.GitOps, now);
        if (held != null) {
            return new Analysis.Outcome(recorder.record(r, held, before, writeStatus, now));
        }
        return new Analysis.Outcome(recorder.record(r, new RemediationExecutor.Step(RemediationPhase.Analyzing,
                RemediationReconciler.REASON_AWAITING_GITOPS_WORKER, "Resolved " + workload.describe()
                + "; the approval policy chose GitOps: the GitOps worker opens the pull request."), before,
                writeStatus, now));
    }

    /**
     * The GitOps worker role, a handed-over Remediation in Analyzing: publish the change on the target the operator
     * resolved. A wait the executor asks for keeps the hand-over's reason (the executor's reason leads the message), so
     * that the Remediation stays the worker's.
     */
    Analysis.Outcome takeOver(Remediation r, StatusRecorder.StatusWriter writeStatus, Instant now) {
        RemediationExecutor executor = executors.get(Strategy.Mode.GitOps);
        if (executor == null) {
            return new Analysis.Outcome(r);
        }
        Remediation before = StatusRecorder.snapshot(r);
        WorkloadRef ref = r.getStatus().getResolvedTarget() == null ? null
                : Targets.of(r.getStatus().getResolvedTarget());
        if (ref == null) {
            return new Analysis.Outcome(recorder.record(r, RemediationExecutor.Step.failed(
                    RemediationReconciler.REASON_INVALID_TARGET, "status.resolvedTarget is missing: the operator"
                    + " records it before it hands a Remediation over."), before, writeStatus, now));
        }
        RemediationExecutor.Step step = Analysis.execute(executor, r,
                new ResolvedWorkload(ref, List.of(Targets.describe(ref))));
        if (step.phase() == RemediationPhase.Analyzing) {
            step = new RemediationExecutor.Step(RemediationPhase.Analyzing,
                    RemediationReconciler.REASON_AWAITING_GITOPS_WORKER, step.reason() + ": " + step.message(),
                    step.retryAfter());
        }
        Analysis.started(r, step, now);
        return new Analysis.Outcome(recorder.record(r, step, before, writeStatus, now), step.retryAfter());
    }
}
