package io.heal8s.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.config.RailSettings;
import io.heal8s.engine.playbook.Durations;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.remediation.ApprovalInfo;
import io.heal8s.engine.remediation.RefusalInfo;
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
import java.util.EnumMap;
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
 * told by one Event; every phase change also reaches the {@link TransitionListener}. Errors are thrown to the SDK, which retries with the back-off of
 * {@link OperatorSettings}; terminal Remediations are left alone.
 *
 * <p>The {@link SafetyRails} are asked in Analyzing once the target is resolved: an excluded namespace or a pause
 * ends the Remediation in Skipped before the policy is asked; a dry-run asks the policy, records the planned change
 * and ends in Skipped; a rate limit ends it in Skipped and the applying limit keeps it waiting in Analyzing, both
 * just before the executor would start the change, which is when {@code status.startedAt} is set.
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
    private final Map<Strategy.Mode, RemediationExecutor> executors = new EnumMap<>(Strategy.Mode.class);
    private final StatusRecorder recorder;
    private final ApprovalGate approval;
    private final SafetyRails rails;
    private final Role role;

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
        this.rails = new SafetyRails(Objects.requireNonNull(rails, "rails"), Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(known, "known"));
        this.settings = Objects.requireNonNull(settings, "settings").validate();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.approval = new ApprovalGate(Objects.requireNonNull(client, "client"), clock,
                Objects.requireNonNull(policy, "policy"));
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.recorder = new StatusRecorder(new RemediationEvents(Objects.requireNonNull(client, "client")),
                Objects.requireNonNull(listener, "listener"));
        for (RemediationExecutor executor : executors) {
            RemediationExecutor previous = this.executors.putIfAbsent(executor.mode(), executor);
            if (previous != null) {
                throw new IllegalArgumentException("executors: two for mode " + executor.mode() + " ("
                        + previous.getClass().getName() + " and " + executor.getClass().getName() + ")");
            }
            if (!role.executes(executor.mode())) {
                throw new IllegalArgumentException("executors: role " + role.value() + " runs no " + executor.mode()
                        + " executor (" + executor.getClass().getName() + ")");
            }
        }
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
        RefusalInfo refusal = r.getSpec() == null || r.getSpec().getDecision() == null ? null
                : r.getSpec().getDecision().getRefusal();
        if (refusal != null) {
            // A guard of the webhook refused this change; the Remediation only makes the refusal visible. Nothing is
            // looked up, asked or changed: it goes straight to Skipped with the guard's reason.
            recorder.record(r, skipped(refusal), StatusRecorder.snapshot(r), writeStatus, now);
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
            recorder.record(r, new RemediationExecutor.Step(RemediationPhase.Expired, REASON_TTL_EXPIRED, "Nobody applied the "
                    + "change within its TTL of " + ttl + "; it expired at " + WireFormats.timestamp(deadline) + "."),
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
        Outcome outcome = phase(r) != RemediationPhase.Analyzing ? advance(r, target, writeStatus, now)
                : role == Role.GITOPS_WORKER ? takeOver(r, writeStatus, now) : analyze(r, target, writeStatus, now);
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

    /** The Skipped step of a refusal; a refusal written by hand without reason or message still gets both. */
    static RemediationExecutor.Step skipped(RefusalInfo refusal) {
        String reason = refusal.getReason() == null || refusal.getReason().isBlank() ? REASON_GUARDED
                : refusal.getReason();
        String message = refusal.getMessage() == null || refusal.getMessage().isBlank()
                ? "A guard" + (refusal.getRail() == null ? "" : " (" + refusal.getRail() + ")")
                        + " refused this change."
                : refusal.getMessage();
        return new RemediationExecutor.Step(RemediationPhase.Skipped, reason, message);
    }

    /** The Remediation after a step, and the executor's retryAfter when it asked to wait. */
    private record Outcome(Remediation remediation, Duration retryAfter) {

        Outcome(Remediation remediation) {
            this(remediation, null);
        }
    }

    /** Analyzing: resolve the target, record it, and hand the Remediation to its executor if there is one. */
    private Outcome analyze(Remediation r, WorkloadRef target, StatusRecorder.StatusWriter writeStatus,
            Instant now) {
        Remediation before = StatusRecorder.snapshot(r);
        Optional<ResolvedWorkload> resolved = resolver.resolve(target);
        if (resolved.isEmpty()) {
            String what = target.kind() == WorkloadKind.Pod
                    ? Targets.describe(target) + ", or an owner on its way to a workload," : Targets.describe(target);
            return new Outcome(recorder.record(r, RemediationExecutor.Step.failed(REASON_TARGET_NOT_FOUND,
                    what + " does not exist."), before, writeStatus, now));
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
        Strategy.Mode mode = mode(r);
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
            return handOver(r, workload, before, writeStatus, now);
        }
        if (executor == null) {
            String chosen = r.getStatus().getApproval() == null ? "" : " (the approval policy chose it)";
            return new Outcome(recorder.record(r, new RemediationExecutor.Step(RemediationPhase.Analyzing,
                    REASON_AWAITING_EXECUTOR, "Resolved " + workload.describe() + "; waiting for an executor for mode "
                    + mode + chosen + "."), before, writeStatus, now));
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
        if (step.phase() == RemediationPhase.PRCreated || step.phase() == RemediationPhase.Applying) {
            r.getStatus().setStartedAt(WireFormats.timestamp(now));
        }
        return new Outcome(recorder.record(r, step, before, writeStatus, now), step.retryAfter());
    }


    /**
     * The operator role, a GitOps change approved: once the rate limits admit it (the claim lasts until the watch shows
     * the worker's {@code startedAt}), it waits in Analyzing for the GitOps worker, told by one Event.
     */
    private Outcome handOver(Remediation r, ResolvedWorkload workload, Remediation before,
            StatusRecorder.StatusWriter writeStatus, Instant now) {
        RemediationExecutor.Step held = rails.admit(r, workload.workload(), Strategy.Mode.GitOps, now);
        if (held != null) {
            return new Outcome(recorder.record(r, held, before, writeStatus, now));
        }
        return new Outcome(recorder.record(r, new RemediationExecutor.Step(RemediationPhase.Analyzing,
                REASON_AWAITING_GITOPS_WORKER, "Resolved " + workload.describe() + "; the approval policy chose GitOps:"
                + " the GitOps worker opens the pull request."), before, writeStatus, now));
    }

    /**
     * The GitOps worker role, a handed-over Remediation in Analyzing: publish the change on the target the operator
     * resolved. A wait the executor asks for keeps the hand-over's reason (the executor's reason leads the message), so
     * that the Remediation stays the worker's.
     */
    private Outcome takeOver(Remediation r, StatusRecorder.StatusWriter writeStatus, Instant now) {
        RemediationExecutor executor = executors.get(Strategy.Mode.GitOps);
        if (executor == null) {
            return new Outcome(r);
        }
        Remediation before = StatusRecorder.snapshot(r);
        WorkloadRef ref = r.getStatus().getResolvedTarget() == null ? null
                : Targets.of(r.getStatus().getResolvedTarget());
        if (ref == null) {
            return new Outcome(recorder.record(r, RemediationExecutor.Step.failed(REASON_INVALID_TARGET,
                    "status.resolvedTarget is missing: the operator records it before it hands a Remediation over."),
                    before, writeStatus, now));
        }
        RemediationExecutor.Step step = execute(executor, r, new ResolvedWorkload(ref, List.of(Targets.describe(ref))));
        if (step.phase() == RemediationPhase.Analyzing) {
            step = new RemediationExecutor.Step(RemediationPhase.Analyzing, REASON_AWAITING_GITOPS_WORKER,
                    step.reason() + ": " + step.message(), step.retryAfter());
        }
        if (step.phase() == RemediationPhase.PRCreated || step.phase() == RemediationPhase.Applying) {
            r.getStatus().setStartedAt(WireFormats.timestamp(now));
        }
        return new Outcome(recorder.record(r, step, before, writeStatus, now), step.retryAfter());
    }

    /** PRCreated or Applying: ask the executor whether the change moved on. */
    private Outcome advance(Remediation r, WorkloadRef target, StatusRecorder.StatusWriter writeStatus,
            Instant now) {
        RemediationExecutor executor = executors.get(mode(r));
        if (executor == null) {
            return new Outcome(r);
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
                return new Outcome(recorder.record(r, RemediationExecutor.Step.failed(REASON_TARGET_NOT_FOUND,
                        Targets.describe(target) + " does not exist any more."), before, writeStatus, now));
            }
            workload = resolved.get();
            r.getStatus().setResolvedTarget(Targets.resource(workload.workload()));
        }
        return step(executor, r, workload, before, writeStatus, now);
    }

    private Outcome step(RemediationExecutor executor, Remediation r, ResolvedWorkload workload, Remediation before,
            StatusRecorder.StatusWriter writeStatus, Instant now) {
        RemediationExecutor.Step step = execute(executor, r, workload);
        return new Outcome(recorder.record(r, step, before, writeStatus, now), step.retryAfter());
    }

    private static RemediationExecutor.Step execute(RemediationExecutor executor, Remediation r,
            ResolvedWorkload workload) {
        RemediationExecutor.Step step = executor.execute(r, workload);
        RemediationPhase from = phase(r);
        if (step == null || !from.canMoveTo(step.phase())) {
            // An executor's bug must not wedge the Remediation in a retry loop: it fails, saying what was asked.
            String asked = step == null ? "no step" : step.phase() + "/" + step.reason();
            return RemediationExecutor.Step.failed(REASON_INVALID_EXECUTOR_STEP, executor.getClass().getSimpleName()
                    + " asked for " + asked + ", which the lifecycle does not allow from " + from + ".");
        }
        return step;
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
