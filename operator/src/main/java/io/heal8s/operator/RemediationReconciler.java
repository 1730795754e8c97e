package io.heal8s.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.config.RailSettings;
import io.heal8s.engine.playbook.Durations;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.remediation.ApprovalInfo;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.TargetResource;
import io.heal8s.engine.remediation.WireFormats;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Drives a Remediation through its lifecycle: a new one goes to Analyzing, its target is resolved in the cluster (a
 * Pod to its controller) and recorded in {@code status.resolvedTarget}, the {@link ApprovalGate} computes the change
 * and asks the approval policy once (Deny, no change or an inapplicable action fail it), then the executor of the
 * policy's mode takes it on (PRCreated, Applying, Succeeded); a missing target fails it, and a TTL that runs out
 * before anyone applied the change expires it. A Remediation that records a guard's refusal
 * ({@code spec.decision.refusal}) goes from Pending straight to Skipped with the refusal's reason. Every status
 * change goes through {@link RemediationStatus#transition}, is written with a patch of the status subresource, and is
 * told by one Event; every phase change also reaches the {@link TransitionListener}. Errors are thrown to the SDK,
 * which retries with the back-off of {@link OperatorSettings}; terminal Remediations are left alone.
 *
 * <p>This class orchestrates: the terminal check, the refusal, the TTL and expiry, the phase dispatch and the
 * rescheduling. The Analyzing phase (target, {@link SafetyRails}, approval, dry-run, executor start) is
 * {@link Analysis}'s, and the split roles' hand-over and take-over of a GitOps Remediation are {@link RoleHandOver}'s.
 *
 * <p>Generation-aware filtering is off so that an edited annotation (such as {@code heal8s.io/decided-at}, or the
 * GitHub webhook's {@code heal8s.io/pr-event}) or a status patch by someone else (the apply workflow's
 * {@code appliedAt}) is seen; the operator's own status patches do not come back as events. A Remediation in PRCreated
 * is otherwise looked at every PR poll interval, and one whose TTL runs out there has its executor withdraw what it
 * published before Expired is recorded. A step with a {@code retryAfter} is looked at again exactly then.
 */
@ControllerConfiguration(name = RemediationReconciler.NAME, generationAwareEventProcessing = false)
public class RemediationReconciler implements Reconciler<Remediation> {

    /** The controller's name in the SDK. */
    public static final String NAME = "heal8s-remediation";

    public static final String REASON_ANALYZING = "Analyzing";
    public static final String REASON_TARGET_NOT_FOUND = "TargetNotFound";
    public static final String REASON_INVALID_TARGET = "InvalidTarget";
    public static final String REASON_AWAITING_EXECUTOR = "AwaitingExecutor";
    public static final String REASON_TTL_EXPIRED = "TTLExpired";
    public static final String REASON_INVALID_EXECUTOR_STEP = "InvalidExecutorStep";
    public static final String REASON_DENIED = "Denied";
    public static final String REASON_NO_CHANGE = "NoChange";
    public static final String REASON_ACTION_NOT_APPLICABLE = "ActionNotApplicable";
    /** Skipped: a guard refused the change and its refusal names no reason of its own. */
    public static final String REASON_GUARDED = "Guarded";

    /** The operator role's hand-over of a GitOps Remediation to the GitOps worker ({@link Role}). */
    public static final String REASON_AWAITING_GITOPS_WORKER = "AwaitingGitOpsWorker";

    private final OperatorSettings settings;
    private final Clock clock;
    private final WorkloadResolver resolver;
    private final Map<Strategy.Mode, RemediationExecutor> executors;
    private final StatusRecorder recorder;
    private final Role role;
    private final Analysis analysis;
    private final RoleHandOver handOver;

    /**
     * A reconciler without safety rails ({@link RailSettings#off()}).
     *
     * @param policy the approval policy, asked once per Remediation in Analyzing
     * @param executors at most one per mode; a mode without one leaves its Remediations waiting in Analyzing
     * @throws IllegalArgumentException when two executors claim the same mode, or the settings are invalid
     */
    public RemediationReconciler(KubernetesClient client, OperatorSettings settings, Clock clock,
            WorkloadResolver resolver, FailSafePolicy policy, List<RemediationExecutor> executors,
            TransitionListener listener) {
        this(client, settings, clock, resolver, policy, executors, listener, RailSettings.off(), List::of);
    }

    /**
     * @param policy the approval policy, asked once per Remediation in Analyzing
     * @param executors at most one per mode; a mode without one leaves its Remediations waiting in Analyzing
     * @param rails the safety rails (dry-run, pause, excluded namespaces, rate limits, applying limit)
     * @param known the Remediations as a watch keeps them (such as {@code RemediationCache::all}), which the rate
     *     limits and the applying limit count; never a list of the API per call
     * @throws IllegalArgumentException when two executors claim the same mode, or the settings are invalid
     */
    public RemediationReconciler(KubernetesClient client, OperatorSettings settings, Clock clock,
            WorkloadResolver resolver, FailSafePolicy policy, List<RemediationExecutor> executors,
            TransitionListener listener, RailSettings rails, Supplier<? extends Collection<Remediation>> known) {
        this(client, settings, clock, resolver, policy, executors, listener, rails, known, Role.COMBINED);
    }

    /**
     * The reconciler of one {@link Role}: {@link Role#OPERATOR} hands GitOps Remediations over instead of publishing
     * them and leaves handed-over ones alone; {@link Role#GITOPS_WORKER} takes only handed-over ones, from the target
     * the operator resolved, and neither asks the policy nor the rails; {@link Role#COMBINED} does everything.
     *
     * @param executors at most one per mode, only of modes the role {@link Role#executes}
     * @throws IllegalArgumentException when two executors claim the same mode, an executor's mode is not the role's,
     *     or the settings are invalid
     */
    public RemediationReconciler(KubernetesClient client, OperatorSettings settings, Clock clock,
            WorkloadResolver resolver, FailSafePolicy policy, List<RemediationExecutor> executors,
            TransitionListener listener, RailSettings rails, Supplier<? extends Collection<Remediation>> known,
            Role role) {
        this.role = Objects.requireNonNull(role, "role");
        SafetyRails safetyRails = new SafetyRails(Objects.requireNonNull(rails, "rails"),
                Objects.requireNonNull(client, "client"), Objects.requireNonNull(known, "known"));
        this.settings = Objects.requireNonNull(settings, "settings").validate();
        this.clock = Objects.requireNonNull(clock, "clock");
        ApprovalGate approval = new ApprovalGate(Objects.requireNonNull(client, "client"), clock,
                Objects.requireNonNull(policy, "policy"));
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.recorder = new StatusRecorder(new RemediationEvents(Objects.requireNonNull(client, "client")),
                Objects.requireNonNull(listener, "listener"));
        this.executors = RoleHandOver.byMode(role, executors);
        this.handOver = new RoleHandOver(safetyRails, this.executors, recorder);
        this.analysis = new Analysis(resolver, safetyRails, approval, this.executors, recorder, role, handOver);
    }

    @Override
    public UpdateControl<Remediation> reconcile(Remediation resource, Context<Remediation> context) {
        // A JSON patch of the status subresource, computed from the Remediation as read, that also puts the result in
        // the SDK's cache: the next reconcile starts from what was written and the patch does not come back as an
        // event. (A JSON patch rather than a merge patch: the fabric8 mock server appends to lists on a merge patch,
        // and conditions is a list.)
        return reconcile(resource, (original, status) -> context.resourceOperations()
                .jsonPatchPrimaryStatus(original, r -> {
                    r.setStatus(status);
                    return r;
                }));
    }

    /** The lifecycle, with the status writer as a parameter so that tests can call it without the SDK. */
    UpdateControl<Remediation> reconcile(Remediation resource, StatusRecorder.StatusWriter writeStatus) {
        Remediation r = resource;
        if (r.getStatus() != null && r.getStatus().getPhase() != null && r.getStatus().getPhase().isTerminal()) {
            return UpdateControl.noUpdate();
        }
        if (!role.reconciles(r)) {
            // The other role's Remediation: its own events bring it back if it comes this role's way.
            return UpdateControl.noUpdate();
        }
        Instant now = clock.instant();
        RemediationExecutor.Step refused = Analysis.refused(r);
        if (refused != null) {
            // A guard of the webhook refused this change; the Remediation only makes the refusal visible. Nothing is
            // looked up, asked or changed: it goes straight to Skipped with the guard's reason.
            recorder.record(r, refused, StatusRecorder.snapshot(r), writeStatus, now);
            return UpdateControl.noUpdate();
        }
        Instant deadline = Expiry.deadline(r, settings.defaultTtl());
        if (Expiry.applies(phase(r)) && deadline != null && !now.isBefore(deadline)) {
            String ttl = Durations.formatWithoutDays(Expiry.ttl(r, settings.defaultTtl()));
            RemediationExecutor executor = executors.get(mode(r));
            if (phase(r) == RemediationPhase.PRCreated && executor != null) {
                // Before Expired is recorded: if withdrawing throws, the SDK retries and nothing is left open.
                executor.withdraw(r, "heal8s: this change was not merged within its TTL of " + ttl + " (it expired at "
                        + WireFormats.timestamp(deadline) + "), so the remediation expired and this is withdrawn.");
            }
            recorder.record(r, new RemediationExecutor.Step(RemediationPhase.Expired, REASON_TTL_EXPIRED, "Nobody "
                    + "applied the change within its TTL of " + ttl + "; it expired at " + WireFormats.timestamp(deadline)
                    + "."),
                    StatusRecorder.snapshot(r), writeStatus, now);
            return UpdateControl.noUpdate();
        }
        WorkloadRef target = Targets.of(r);
        if (target == null) {
            recorder.record(r, RemediationExecutor.Step.failed(REASON_INVALID_TARGET,
                    "spec.target needs a kind, a name and a namespace."), StatusRecorder.snapshot(r), writeStatus, now);
            return UpdateControl.noUpdate();
        }
        if (phase(r) == null || phase(r) == RemediationPhase.Pending) {
            r = recorder.record(r, new RemediationExecutor.Step(RemediationPhase.Analyzing, REASON_ANALYZING,
                    "Looking up " + Targets.describe(target) + " in the cluster."), StatusRecorder.snapshot(r),
                    writeStatus, now);
        }
        Analysis.Outcome outcome = phase(r) != RemediationPhase.Analyzing ? advance(r, target, writeStatus, now)
                : role == Role.GITOPS_WORKER ? handOver.takeOver(r, writeStatus, now)
                : analysis.analyze(r, target, writeStatus, now);
        RemediationPhase phase = phase(outcome.remediation());
        if (phase.isTerminal()) {
            return UpdateControl.noUpdate();
        }
        if (outcome.retryAfter() != null) {
            // The Git host said when: not sooner (the executor also refuses calls before then), whatever the TTL.
            return UpdateControl.<Remediation>noUpdate().rescheduleAfter(outcome.retryAfter());
        }
        // In PRCreated every look costs a call to the Git host: the webhook is the fast path, this the fallback.
        Duration resync = phase == RemediationPhase.PRCreated ? settings.prPollInterval() : settings.resyncInterval();
        return UpdateControl.<Remediation>noUpdate().rescheduleAfter(
                Expiry.recheckAfter(now, Expiry.applies(phase) ? deadline : null, resync));
    }

    /** PRCreated or Applying: ask the executor whether the change moved on. */
    private Analysis.Outcome advance(Remediation r, WorkloadRef target, StatusRecorder.StatusWriter writeStatus,
            Instant now) {
        RemediationExecutor executor = executors.get(mode(r));
        if (executor == null) {
            return new Analysis.Outcome(r);
        }
        Remediation before = StatusRecorder.snapshot(r);
        TargetResource known = r.getStatus().getResolvedTarget();
        ResolvedWorkload workload;
        if (known != null && Targets.of(known) != null) {
            WorkloadRef ref = Targets.of(known);
            workload = new ResolvedWorkload(ref, List.of(Targets.describe(ref)));
        } else {
            Optional<ResolvedWorkload> resolved = resolver.resolve(target);
            if (resolved.isEmpty()) {
                return new Analysis.Outcome(recorder.record(r, RemediationExecutor.Step.failed(REASON_TARGET_NOT_FOUND,
                        Targets.describe(target) + " does not exist any more."), before, writeStatus, now));
            }
            workload = resolved.get();
            r.getStatus().setResolvedTarget(Targets.resource(workload.workload()));
        }
        RemediationExecutor.Step step = Analysis.execute(executor, r, workload);
        return new Analysis.Outcome(recorder.record(r, step, before, writeStatus, now), step.retryAfter());
    }

    private static RemediationPhase phase(Remediation r) {
        return r.getStatus() == null ? null : r.getStatus().getPhase();
    }

    /** The policy's mode once it decided ({@code status.approval}), before that the spec's (GitOps by default). */
    static Strategy.Mode mode(Remediation r) {
        ApprovalInfo approval = r.getStatus() == null ? null : r.getStatus().getApproval();
        if (approval != null && approval.getMode() != null) {
            for (Strategy.Mode m : Strategy.Mode.values()) {
                if (m.name().equals(approval.getMode())) {
                    return m;
                }
            }
        }
        Strategy.Mode mode = r.getSpec().getStrategy() == null ? null : r.getSpec().getStrategy().getMode();
        return mode == null ? Strategy.Mode.GitOps : mode;
    }
}
