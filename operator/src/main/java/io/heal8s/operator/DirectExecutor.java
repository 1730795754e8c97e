package io.heal8s.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.action.PatchTarget;
import io.heal8s.engine.cluster.ApiCalls;
import io.heal8s.engine.cluster.KubernetesUnavailableException;
import io.heal8s.engine.cluster.LiveActionException;
import io.heal8s.engine.cluster.LiveActions;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.RollbackRecord;
import io.heal8s.engine.remediation.WireFormats;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Direct executor: it patches the live workload itself (no pull request) and follows the rollout, rolling the
 * change back when the rollout does not finish. Meant for clusters whose manifests are not in Git, or for changes a
 * policy lets through without review.
 *
 * <ul>
 *   <li><b>Analyzing</b>: the change is computed again on the live object ({@link LiveActions}; nothing to change →
 *       Failed {@code NoChange}), the old and new value of every field is recorded in {@code status.rollback}, the
 *       action's patch is sent with field manager {@value #FIELD_MANAGER} and {@code status.appliedAt} is set →
 *       Applying. The patch also writes two annotations on the patched object ({@value #APPLIED_BY_ANNOTATION} and
 *       {@value #ROLLBACK_ANNOTATION}): a crash between the patch and the status write finds them, with the new
 *       values live, and does not patch (nor raise the value) a second time.</li>
 *   <li><b>Applying</b>: the workload's rollout is read (Deployment, StatefulSet, DaemonSet; a PersistentVolumeClaim
 *       has none; a change on a HorizontalPodAutoscaler is done once the HPA's spec holds the new values and its
 *       controller observed that generation): done → the {@link Verification} (by default Succeeded; with a
 *       {@link Verifier}, Succeeded once the alert resolved or the PromQL check is healthy, and a change not verified
 *       within its window is rolled back like a failed rollout); not yet → nothing new;
 *       {@code ProgressDeadlineExceeded}, or the rollout timeout passed since {@code appliedAt} → the recorded old
 *       values are patched back → Failed {@code RolledBack} (or {@code RollbackFailed}, naming the values to restore,
 *       when the API refuses that patch).</li>
 * </ul>
 *
 * <p>Kubernetes errors: "cannot answer now" (429, 5xx, no answer) is thrown as {@link KubernetesUnavailableException}
 * (the SDK retries with back-off); a 404 of the target fails with {@code TargetNotFound}; a 400 or 422 on the patch
 * with {@code PatchRejected}; a 404, 400 or 422 on the rollback patch with {@code RollbackFailed}; a 409 is thrown
 * (the SDK retries).
 */
public final class DirectExecutor implements RemediationExecutor {

    /** The field manager of every patch heal8s sends, so that {@code managedFields} shows who changed what. */
    public static final String FIELD_MANAGER = "heal8s";
    /** On the patched object: the Remediation ({@code namespace/name/uid}) whose change it carries. */
    public static final String APPLIED_BY_ANNOTATION = "heal8s.io/applied-by";
    /** On the patched object: the JSON of the Remediation's {@code status.rollback}, for recovery after a crash. */
    public static final String ROLLBACK_ANNOTATION = "heal8s.io/rollback";

    public static final String REASON_PATCH_REJECTED = "PatchRejected";
    public static final String REASON_ROLLED_BACK = "RolledBack";
    /** The rollback patch was refused: the new values may still be live, and the message names the old ones. */
    public static final String REASON_ROLLBACK_FAILED = "RollbackFailed";
    public static final String REASON_INVALID_REMEDIATION = "InvalidRemediation";

    private static final Logger LOG = LoggerFactory.getLogger(DirectExecutor.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration rolloutTimeout;
    private final LiveActions actions;
    private final Verification verification;

    public DirectExecutor(KubernetesClient client, Clock clock, Duration rolloutTimeout) {
        this(client, clock, rolloutTimeout, Verification.ROLLOUT_DONE);
    }

    /** As above, with the check that ends Applying once the rollout is done (issue 7's live verification). */
    public DirectExecutor(KubernetesClient client, Clock clock, Duration rolloutTimeout, Verification verification) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rolloutTimeout = Objects.requireNonNull(rolloutTimeout, "rolloutTimeout");
        if (rolloutTimeout.isNegative() || rolloutTimeout.isZero()) {
            throw new IllegalArgumentException("rolloutTimeout must be positive, was " + rolloutTimeout);
        }
        this.actions = new LiveActions(client, clock);
        this.verification = Objects.requireNonNull(verification, "verification");
    }

    @Override
    public Strategy.Mode mode() {
        return Strategy.Mode.Direct;
    }

    @Override
    public Step execute(Remediation r, ResolvedWorkload workload) {
        RemediationPhase phase = r.getStatus().getPhase();
        return switch (phase) {
            case Analyzing -> apply(r, workload.workload());
            case Applying -> follow(r, workload);
            default -> throw new IllegalStateException("DirectExecutor called in " + phase);
        };
    }

    // ---- Analyzing -------------------------------------------------------------------------------------------

    private Step apply(Remediation r, WorkloadRef workload) {
        String marker = marker(r);
        Instant now = clock.instant();
        try {
            Optional<RollbackRecord> done = alreadyApplied(workload, marker);
            if (done.isPresent()) {
                r.getStatus().setRollback(done.get());
                r.getStatus().setAppliedAt(WireFormats.timestamp(now));
                return Step.applying("The change was already in " + describe(done.get())
                        + " (patched before a restart); following the rollout.");
            }
            ActionType action = ActionType.parse(r.getSpec().getAction() == null ? null
                    : r.getSpec().getAction().getType()).orElse(null);
            if (action == null) {
                return Step.failed(RemediationReconciler.REASON_ACTION_NOT_APPLICABLE,
                        "spec.action.type is not an action this heal8s knows.");
            }
            Map<String, String> params = r.getSpec().getAction().getParams();
            ActionResult result;
            try {
                result = actions.compute(action, params == null ? Map.of() : params, workload);
            } catch (LiveActionException | IllegalArgumentException e) {
                return Step.failed(RemediationReconciler.REASON_ACTION_NOT_APPLICABLE,
                        e.getMessage() == null ? e.toString() : e.getMessage());
            }
            if (!result.changed()) {
                return Step.failed(RemediationReconciler.REASON_NO_CHANGE, result.reason());
            }
            RollbackRecord record = record(workload, result);
            Map<String, Object> body = FieldPaths.mutableCopy(result.patch().body());
            FieldPaths.put(body, "metadata.annotations[\"" + APPLIED_BY_ANNOTATION + "\"]", marker);
            FieldPaths.put(body, "metadata.annotations[\"" + ROLLBACK_ANNOTATION + "\"]", json(record));
            try {
                patch(record, patchType(result.patch().type()), body);
            } catch (KubernetesClientException e) {
                return refused(e, patched(record, workload));
            }
            r.getStatus().setRollback(record);
            r.getStatus().setAppliedAt(WireFormats.timestamp(now));
            LOG.info("Remediation {}/{}: patched {} ({})", r.getMetadata().getNamespace(), r.getMetadata().getName(),
                    describe(record), result.reason());
            return Step.applying("Patched " + describe(record) + ": " + changes(record, false)
                    + "; following the rollout.");
        } catch (KubernetesClientException e) {
            return refused(e, workload);
        }
    }

    /** The record of a patch heal8s already sent for this Remediation, when its new values are all live. */
    private Optional<RollbackRecord> alreadyApplied(WorkloadRef workload, String marker) {
        Optional<RollbackRecord> onWorkload = appliedOn(workload.kind().name(), workload.namespace(),
                workload.name(), marker);
        if (onWorkload.isPresent() || workload.kind() == WorkloadKind.PersistentVolumeClaim) {
            return onWorkload;
        }
        Optional<String> hpa;
        try {
            hpa = actions.autoscalerOf(workload);
        } catch (LiveActionException e) {
            return Optional.empty();
        }
        return hpa.flatMap(name -> appliedOn("HorizontalPodAutoscaler", workload.namespace(), name, marker));
    }

    private Optional<RollbackRecord> appliedOn(String kind, String namespace, String name, String marker) {
        GenericKubernetesResource live = ApiCalls.call("get " + kind + " " + namespace + "/" + name,
                () -> client.genericKubernetesResources(apiVersion(kind), kind).inNamespace(namespace)
                        .withName(name).get());
        if (live == null || live.getMetadata().getAnnotations() == null
                || !marker.equals(live.getMetadata().getAnnotations().get(APPLIED_BY_ANNOTATION))) {
            return Optional.empty();
        }
        RollbackRecord record;
        try {
            record = Serialization.jsonMapper().readValue(live.getMetadata().getAnnotations()
                    .get(ROLLBACK_ANNOTATION), RollbackRecord.class);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = Serialization.jsonMapper().convertValue(live, Map.class);
        boolean allLive = record.getChanges().stream().allMatch(c -> {
            Object value = FieldPaths.get(tree, c.getPath());
            return value != null && c.getNewValue().equals(String.valueOf(value));
        });
        return allLive ? Optional.of(record) : Optional.empty();
    }

    private RollbackRecord record(WorkloadRef workload, ActionResult result) {
        String kind = workload.kind().name();
        String name = workload.name();
        if (result.patch().target() == PatchTarget.HORIZONTAL_POD_AUTOSCALER) {
            kind = "HorizontalPodAutoscaler";
            name = actions.autoscalerOf(workload).orElseThrow(() -> new LiveActionException(
                    "the change is for the HorizontalPodAutoscaler of " + workload.describe() + ", which is gone"));
        }
        List<RollbackRecord.Change> changes = result.changes().stream()
                .map((FieldChange c) -> new RollbackRecord.Change(c.path(), c.oldValue(), c.newValue())).toList();
        return new RollbackRecord(kind, workload.namespace(), name, changes);
    }

    // ---- Applying --------------------------------------------------------------------------------------------

    private Step follow(Remediation r, ResolvedWorkload workload) {
        RemediationStatus s = r.getStatus();
        RollbackRecord record = s.getRollback();
        if (record == null || s.getAppliedAt() == null) {
            return Step.failed(REASON_INVALID_REMEDIATION, "A Direct Remediation in Applying has no status.rollback "
                    + "or status.appliedAt: heal8s cannot tell what it changed.");
        }
        WorkloadRef ref = workload.workload();
        Rollout rollout;
        try {
            rollout = rollout(record, ref);
        } catch (KubernetesClientException e) {
            return refused(e, ref);
        }
        if (rollout == null) {
            return Step.failed(RemediationReconciler.REASON_TARGET_NOT_FOUND, patched(record, ref)
                    + " does not exist any more.");
        }
        String why = null;
        if (rollout.done()) {
            Step verified = verification.verify(r, workload, rollout.summary());
            if (verified.phase() != RemediationPhase.Failed
                    || !Verifier.REASON_VERIFICATION_FAILED.equals(verified.reason())) {
                return verified;
            }
            // The change did not help within its verification window: undone like a rollout that failed.
            why = "the change was " + verified.message();
        }
        Instant applied = WireFormats.parseTimestamp(s.getAppliedAt());
        Instant deadline = applied.plus(rolloutTimeout);
        if (why == null && rollout.failed()) {
            why = "the rollout of " + ref.describe() + " failed (" + rollout.summary() + ")";
        } else if (why == null && !clock.instant().isBefore(deadline)) {
            why = "the rollout of " + ref.describe() + " did not finish within " + rolloutTimeout.toMinutes()
                    + "m of " + s.getAppliedAt() + " (" + rollout.summary() + ")";
        }
        if (why == null) {
            return new Step(RemediationPhase.Applying, s.getReason() == null ? "Applying" : s.getReason(),
                    s.getMessage());
        }
        try {
            rollBack(record);
        } catch (KubernetesClientException e) {
            return rollbackFailed(e, record, why);
        }
        LOG.warn("Remediation {}/{}: rolled back {} because {}", r.getMetadata().getNamespace(),
                r.getMetadata().getName(), describe(record), why);
        return Step.failed(REASON_ROLLED_BACK, "Rolled back because " + why + ": restored " + describe(record)
                + " " + changes(record, true) + ".");
    }

    /**
     * The rollback patch itself was refused (404: the object is gone; 400/422: the API will not take the old values):
     * Failed {@value #REASON_ROLLBACK_FAILED}, naming the values a human must restore. Anything else (409, other 4xx)
     * goes to the SDK's back-off, as on the way in.
     */
    private static Step rollbackFailed(KubernetesClientException e, RollbackRecord record, String why) {
        int code = e.getCode();
        if (code != 404 && code != 400 && code != 422) {
            throw e;
        }
        LOG.warn("Rollback of {} refused by the Kubernetes API ({}); it was needed because {}", describe(record), code,
                why);
        return Step.failed(REASON_ROLLBACK_FAILED, "The rollback did not complete: the Kubernetes API answered "
                + code + " to the patch restoring " + describe(record) + " (" + apiMessage(e) + "). It was needed "
                + "because " + why + ". A human must restore " + describe(record) + " " + changes(record, true)
                + ".");
    }

    /** Patches every recorded old value back (a field that did not exist is removed) and drops the markers. */
    private void rollBack(RollbackRecord record) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (RollbackRecord.Change c : record.getChanges()) {
            FieldPaths.put(body, c.getPath(), typed(c.getPath(), c.getOldValue()));
        }
        FieldPaths.put(body, "metadata.annotations[\"" + APPLIED_BY_ANNOTATION + "\"]", null);
        FieldPaths.put(body, "metadata.annotations[\"" + ROLLBACK_ANNOTATION + "\"]", null);
        patch(record, io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE, body);
    }

    /** Replica counts are integers in the API; every other recorded value (quantities, images, times) is a string. */
    private static Object typed(String path, String value) {
        if (value != null && path.endsWith("eplicas") && value.matches("-?\\d{1,9}")) {
            return Integer.valueOf(value);
        }
        return value;
    }

    /** A workload's rollout: finished, failed (ProgressDeadlineExceeded), and one line for messages. */
    record Rollout(boolean done, boolean failed, String summary) {
    }

    private static boolean onAutoscaler(RollbackRecord record) {
        return "HorizontalPodAutoscaler".equals(record.getKind());
    }

    /** The state of what the patch set going: the workload's rollout, or the HPA's; null when the object is gone. */
    private Rollout rollout(RollbackRecord record, WorkloadRef ref) {
        return onAutoscaler(record) ? autoscaler(record) : rollout(ref);
    }

    /**
     * An HPA has no rollout: the change is done once its spec holds every recorded new value and, when its status
     * reports an {@code observedGeneration}, the HPA controller has seen that spec. The replicas it then decides are
     * the HPA's business (verification judges their effect). Not done by the rollout timeout (someone set other
     * values, or the controller never saw them) → rolled back like a workload.
     */
    private Rollout autoscaler(RollbackRecord record) {
        HorizontalPodAutoscaler h = ApiCalls.call("get " + describe(record), () -> client.autoscaling().v2()
                .horizontalPodAutoscalers().inNamespace(record.getNamespace()).withName(record.getName()).get());
        if (h == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = Serialization.jsonMapper().convertValue(h, Map.class);
        List<String> differ = record.getChanges().stream()
                .filter(c -> !c.getNewValue().equals(String.valueOf(FieldPaths.get(tree, c.getPath()))))
                .map(c -> c.getPath() + " is " + FieldPaths.get(tree, c.getPath()) + ", not " + c.getNewValue())
                .toList();
        Long observed = h.getStatus() == null ? null : h.getStatus().getObservedGeneration();
        boolean seen = observed == null || observed >= generation(h);
        String summary = describe(record) + (differ.isEmpty() ? " holds " + changes(record, false)
                : ": " + String.join(", ", differ))
                + (seen ? "" : "; not yet observed by the HPA controller (observedGeneration " + observed
                        + " < generation " + generation(h) + ")");
        return new Rollout(differ.isEmpty() && seen, false, summary);
    }

    /** The rollout's state, or null when the workload is gone (also read by {@link GitOpsVerification}). */
    Rollout rollout(WorkloadRef ref) {
        String op = "get " + ref.describe();
        String ns = ref.namespace();
        switch (ref.kind()) {
            case Deployment -> {
                Deployment d = ApiCalls.call(op,
                        () -> client.apps().deployments().inNamespace(ns).withName(ref.name()).get());
                if (d == null) {
                    return null;
                }
                int want = orElse(d.getSpec().getReplicas(), 1);
                var st = d.getStatus();
                long observed = st == null || st.getObservedGeneration() == null ? 0 : st.getObservedGeneration();
                int updated = st == null ? 0 : orElse(st.getUpdatedReplicas(), 0);
                int available = st == null ? 0 : orElse(st.getAvailableReplicas(), 0);
                boolean deadline = st != null && st.getConditions() != null && st.getConditions().stream()
                        .map(DeploymentCondition::getReason).anyMatch("ProgressDeadlineExceeded"::equals);
                String summary = updated + "/" + want + " updated, " + available + "/" + want + " available"
                        + (deadline ? ", ProgressDeadlineExceeded" : "");
                return new Rollout(!deadline && observed >= generation(d) && updated == want && available == want,
                        deadline, summary);
            }
            case StatefulSet -> {
                StatefulSet s = ApiCalls.call(op,
                        () -> client.apps().statefulSets().inNamespace(ns).withName(ref.name()).get());
                if (s == null) {
                    return null;
                }
                int want = orElse(s.getSpec().getReplicas(), 1);
                var st = s.getStatus();
                long observed = st == null || st.getObservedGeneration() == null ? 0 : st.getObservedGeneration();
                int ready = st == null ? 0 : orElse(st.getReadyReplicas(), 0);
                boolean sameRevision = st != null && st.getUpdateRevision() != null
                        && st.getUpdateRevision().equals(st.getCurrentRevision());
                return new Rollout(observed >= generation(s) && sameRevision && ready == want, false,
                        ready + "/" + want + " ready, revision " + (sameRevision ? "current" : "updating"));
            }
            case DaemonSet -> {
                DaemonSet d = ApiCalls.call(op,
                        () -> client.apps().daemonSets().inNamespace(ns).withName(ref.name()).get());
                if (d == null) {
                    return null;
                }
                var st = d.getStatus();
                long observed = st == null || st.getObservedGeneration() == null ? 0 : st.getObservedGeneration();
                int desired = st == null ? 0 : orElse(st.getDesiredNumberScheduled(), 0);
                int updated = st == null ? 0 : orElse(st.getUpdatedNumberScheduled(), 0);
                int available = st == null ? 0 : orElse(st.getNumberAvailable(), 0);
                return new Rollout(st != null && observed >= generation(d) && updated == desired
                        && available == desired, false,
                        updated + "/" + desired + " updated, " + available + "/" + desired + " available");
            }
            default -> {
                // A PersistentVolumeClaim has no rollout: the resize is the API server's and the kubelet's.
                return new Rollout(true, false, "no rollout to wait for");
            }
        }
    }

    private static long generation(io.fabric8.kubernetes.api.model.HasMetadata o) {
        Long g = o.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }

    private static int orElse(Integer value, int absent) {
        return value == null ? absent : value;
    }

    // ---- the API ---------------------------------------------------------------------------------------------

    private void patch(RollbackRecord target, io.fabric8.kubernetes.client.dsl.base.PatchType type,
            Map<String, Object> body) {
        PatchContext context = new PatchContext.Builder().withPatchType(type).withFieldManager(FIELD_MANAGER).build();
        String json = json(body);
        ApiCalls.call("patch " + describe(target), () -> client.genericKubernetesResources(apiVersion(target.getKind()),
                target.getKind()).inNamespace(target.getNamespace()).withName(target.getName()).patch(context, json));
    }

    private static io.fabric8.kubernetes.client.dsl.base.PatchType patchType(io.heal8s.engine.action.PatchType t) {
        return switch (t) {
            case MERGE -> io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE;
            case STRATEGIC_MERGE -> io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE;
        };
    }

    /** A refusal the retry cannot cure becomes a Failed step; any other 4xx goes to the SDK's back-off. */
    private static Step refused(KubernetesClientException e, WorkloadRef ref) {
        return refused(e, ref.describe() + " (or the object the change is for)");
    }

    /** As above, for a refusal known to be about {@code object} (described for the message). */
    private static Step refused(KubernetesClientException e, String object) {
        if (e.getCode() == 404) {
            return Step.failed(RemediationReconciler.REASON_TARGET_NOT_FOUND, object + " does not exist any more.");
        }
        if (e.getCode() == 422 || e.getCode() == 400) {
            return Step.failed(REASON_PATCH_REJECTED, "The Kubernetes API rejected the patch of " + object
                    + " (" + e.getCode() + "): " + apiMessage(e));
        }
        throw e;
    }

    /** The object a record patches, for messages: the workload, or its HPA named as such. */
    private static String patched(RollbackRecord record, WorkloadRef workload) {
        return onAutoscaler(record) ? describe(record) + " (the HorizontalPodAutoscaler of " + workload.describe()
                + ")" : workload.describe();
    }

    /** The message of the API's {@code Status}, or the client's own when there is none. */
    private static String apiMessage(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : String.valueOf(e.getMessage());
    }

    static String apiVersion(String kind) {
        return switch (kind) {
            case "Deployment", "StatefulSet", "DaemonSet" -> "apps/v1";
            case "HorizontalPodAutoscaler" -> "autoscaling/v2";
            case "PersistentVolumeClaim" -> "v1";
            default -> throw new IllegalArgumentException("kind '" + kind + "' cannot be patched by heal8s");
        };
    }

    private static String marker(Remediation r) {
        String uid = r.getMetadata().getUid();
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName() + (uid == null ? "" : "/" + uid);
    }

    private static String json(Object value) {
        try {
            return Serialization.jsonMapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String describe(RollbackRecord r) {
        return r.getKind() + " " + r.getNamespace() + "/" + r.getName();
    }

    private static String changes(RollbackRecord r, boolean old) {
        return r.getChanges().stream().map(c -> c.getPath() + "="
                + (old ? (c.getOldValue() == null ? "(absent)" : c.getOldValue()) : c.getNewValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * What ends Applying once the rollout is done: by default Succeeded; issue 7's check that the alert resolved (or
     * a PromQL query holds) replaces it, returning Applying until it knows.
     */
    @FunctionalInterface
    public interface Verification {

        /** Succeeded as soon as the rollout is done. */
        Verification ROLLOUT_DONE = (r, workload, rollout) -> Step.succeeded("The rollout of "
                + workload.workload().describe() + " finished (" + rollout + ").");

        /**
         * @param rollout one line on the finished rollout, for the message
         */
        Step verify(Remediation remediation, ResolvedWorkload workload, String rollout);
    }
}
