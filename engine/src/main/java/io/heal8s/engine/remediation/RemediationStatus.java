package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The observed state of a Remediation: the Go heal8s' phase, reason, pull request, commit, times and attempts,
 * plus conditions with {@code observedGeneration} in the style of Keycloak's operator, and the policy's reasons.
 * Change the phase only through {@link #transition}, which enforces the lifecycle and keeps the conditions in step.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemediationStatus {

    /** True while the remediation moves forward (Pending to Applying). */
    public static final String CONDITION_PROGRESSING = "Progressing";
    /** True once the change is in the cluster (Succeeded). */
    public static final String CONDITION_READY = "Ready";
    /** True when the remediation failed. */
    public static final String CONDITION_HAS_ERRORS = "HasErrors";

    /** metav1.Condition's rule for a reason: CamelCase, letters first. */
    private static final Pattern REASON = Pattern.compile("[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?");

    @JsonPropertyDescription("Where the remediation is in its lifecycle.")
    private RemediationPhase phase;

    @JsonPropertyDescription("Why the remediation is in its phase, a CamelCase word such as TargetNotFound.")
    private String reason;

    @JsonPropertyDescription("The same for people, one sentence.")
    private String message;

    @JsonPropertyDescription("The pull request's number.")
    private Integer prNumber;

    @JsonProperty("prUrl")
    @JsonPropertyDescription("The pull request's URL.")
    private String prUrl;

    @JsonProperty("commitSHA")
    @JsonPropertyDescription("The commit carrying the change.")
    private String commitSHA;

    @JsonPropertyDescription("The Git branch carrying the change (GitOps): the pull request's head, or the branch pushed "
            + "to a plain Git remote, which has no pull request number.")
    private String branch;

    @JsonPropertyDescription("GitOps: the repository the change was published to (owner/name or a Git URL), recorded "
            + "with the move to PRCreated; every later look (its state, the withdrawal at the TTL, the revert) goes "
            + "there, whatever spec.github or heal8s.gitops.repository say by then.")
    private String repository;

    @JsonPropertyDescription("GitOps: the base branch the change was proposed against, recorded with the repository.")
    private String baseBranch;

    @JsonPropertyDescription("GitOps: the manifest file the change patches, relative to the repository's root, "
            + "recorded with the repository; the revert patches the same file.")
    private String manifestPath;

    @JsonPropertyDescription("When the change was applied (RFC 3339).")
    private String appliedAt;

    @JsonPropertyDescription("When the remediation reached its end (RFC 3339).")
    private String resolvedAt;

    @JsonPropertyDescription("When Alertmanager reported the alert resolved (RFC 3339).")
    private String alertResolvedAt;

    @JsonPropertyDescription("How many times the change was attempted.")
    private Integer attempts;

    @JsonPropertyDescription("When the status last changed (RFC 3339).")
    private String lastUpdateTime;

    @JsonPropertyDescription("When the remediation entered its current phase (RFC 3339); the stuck-phase gauges and "
            + "alert read it.")
    private String phaseSince;

    @JsonPropertyDescription("The metadata.generation the status was computed from.")
    private Long observedGeneration;

    @JsonPropertyDescription("The workload spec.target resolved to in the cluster (a Pod's Deployment, StatefulSet or "
            + "DaemonSet; any other kind itself), with the target's container.")
    private TargetResource resolvedTarget;

    @JsonPropertyDescription("Why the approval policy chose the strategy (or refused), one sentence each.")
    private List<String> policyReasons;

    @JsonPropertyDescription("The approval policy's decision (mode, requireApproval, source, failSafe); set once in "
            + "Analyzing, and the mode the executors follow.")
    private ApprovalInfo approval;

    @JsonPropertyDescription("Direct mode: the object patched and each field's previous value, recorded before the "
            + "patch so that a failed rollout is rolled back to exactly those values. GitOps mode: what the pull "
            + "request changes, which a revert pull request swaps back.")
    private RollbackRecord rollback;

    @JsonPropertyDescription("Dry-run: the object and the fields the change would have set, with their values now; "
            + "nothing was changed.")
    private RollbackRecord plannedChange;

    @JsonPropertyDescription("When the change started: the remediation left Analyzing for PRCreated or Applying "
            + "(RFC 3339). The rate limits count these.")
    private String startedAt;

    @JsonPropertyDescription("The verification after the rollout: its window, healthy answers so far, and the revert "
            + "of a GitOps change that failed it.")
    private VerificationStatus verification;

    @JsonPropertyDescription("Progressing, Ready and HasErrors, each with observedGeneration.")
    private List<Condition> conditions;

    /**
     * When {@code r} entered its current phase: {@code status.phaseSince}; for one written before heal8s recorded that,
     * {@code resolvedAt} in a terminal phase, {@code startedAt} in PRCreated or Applying, else the decision's time
     * ({@link RemediationLabels#decidedAt}), which can only make it look older, never younger. Null when none can be
     * read.
     */
    public static Instant phaseStart(Remediation r) {
        RemediationStatus status = r.getStatus();
        if (status != null) {
            Instant recorded = WireFormats.timestampOrNull(status.phaseSince);
            RemediationPhase phase = status.phase;
            if (recorded == null && phase != null && phase.isTerminal()) {
                recorded = WireFormats.timestampOrNull(status.resolvedAt);
            }
            if (recorded == null && (phase == RemediationPhase.PRCreated || phase == RemediationPhase.Applying)) {
                recorded = WireFormats.timestampOrNull(status.startedAt);
            }
            if (recorded != null) {
                return recorded;
            }
        }
        return RemediationLabels.decidedAt(r);
    }

    /**
     * Moves to {@code phase} (or stays in it with a new reason and message), records the generation and sets the
     * three conditions; a condition whose status does not change keeps its {@code lastTransitionTime}.
     *
     * @param reason a CamelCase word (metav1.Condition's rule); null or blank means the phase's name
     * @param message one sentence for people; null means empty
     * @return whether the phase changed
     * @throws PhaseTransitionException when the lifecycle forbids the move
     * @throws IllegalArgumentException when the reason is not a CamelCase word
     */
    public boolean transition(RemediationPhase phase, String reason, String message, long generation, Instant now) {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(now, "now");
        RemediationPhase from = this.phase;
        boolean allowed = from == null ? RemediationPhase.canStartIn(phase) : from.canMoveTo(phase);
        if (!allowed) {
            throw new PhaseTransitionException(from, phase);
        }
        String why = reason == null || reason.isBlank() ? phase.name() : reason;
        if (!REASON.matcher(why).matches() || why.length() > 1024) {
            throw new IllegalArgumentException("reason '" + why + "' is not a CamelCase word such as TargetNotFound");
        }
        String text = message == null ? "" : message;
        String time = WireFormats.timestamp(now);
        this.phase = phase;
        this.reason = why;
        this.message = text;
        this.observedGeneration = generation;
        this.lastUpdateTime = time;
        if (from != phase) {
            this.phaseSince = time;
        }
        boolean terminal = phase.isTerminal();
        setCondition(CONDITION_PROGRESSING, !terminal, why, text, generation, time);
        setCondition(CONDITION_READY, phase == RemediationPhase.Succeeded, why, text, generation, time);
        setCondition(CONDITION_HAS_ERRORS, phase == RemediationPhase.Failed, why, text, generation, time);
        if (terminal && from != phase && resolvedAt == null) {
            resolvedAt = time;
        }
        return from != phase;
    }

    /** The condition of that type, or null. */
    public Condition condition(String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private void setCondition(String type, boolean value, String reason, String message, long generation,
            String time) {
        String status = value ? "True" : "False";
        Condition old = condition(type);
        boolean unchanged = old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null;
        Condition updated = new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(unchanged ? old.getLastTransitionTime() : time)
                .build();
        if (conditions == null) {
            conditions = new ArrayList<>(3);
        }
        if (old == null) {
            conditions.add(updated);
        } else {
            conditions.set(conditions.indexOf(old), updated);
        }
    }

    public RemediationPhase getPhase() {
        return phase;
    }

    /** Sets the phase without checks: for deserialisation and tests; the operator uses {@link #transition}. */
    public void setPhase(RemediationPhase phase) {
        this.phase = phase;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Integer getPrNumber() {
        return prNumber;
    }

    public void setPrNumber(Integer prNumber) {
        this.prNumber = prNumber;
    }

    public String getPrUrl() {
        return prUrl;
    }

    public void setPrUrl(String prUrl) {
        this.prUrl = prUrl;
    }

    public String getCommitSHA() {
        return commitSHA;
    }

    public void setCommitSHA(String commitSHA) {
        this.commitSHA = commitSHA;
    }

    public String getBranch() {
        return branch;
    }

    public void setBranch(String branch) {
        this.branch = branch;
    }

    /** The repository the change was published to; null before PRCreated and on Remediations published earlier. */
    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }

    /** The base branch the change was proposed against; null as {@link #getRepository()}. */
    public String getBaseBranch() {
        return baseBranch;
    }

    public void setBaseBranch(String baseBranch) {
        this.baseBranch = baseBranch;
    }

    /** The manifest file the change patches; null as {@link #getRepository()}. */
    public String getManifestPath() {
        return manifestPath;
    }

    public void setManifestPath(String manifestPath) {
        this.manifestPath = manifestPath;
    }

    public RollbackRecord getRollback() {
        return rollback;
    }

    public void setRollback(RollbackRecord rollback) {
        this.rollback = rollback;
    }

    public RollbackRecord getPlannedChange() {
        return plannedChange;
    }

    public void setPlannedChange(RollbackRecord plannedChange) {
        this.plannedChange = plannedChange;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public VerificationStatus getVerification() {
        return verification;
    }

    public void setVerification(VerificationStatus verification) {
        this.verification = verification;
    }

    public String getAppliedAt() {
        return appliedAt;
    }

    public void setAppliedAt(String appliedAt) {
        this.appliedAt = appliedAt;
    }

    public String getResolvedAt() {
        return resolvedAt;
    }

    public void setResolvedAt(String resolvedAt) {
        this.resolvedAt = resolvedAt;
    }

    public String getAlertResolvedAt() {
        return alertResolvedAt;
    }

    public void setAlertResolvedAt(String alertResolvedAt) {
        this.alertResolvedAt = alertResolvedAt;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getLastUpdateTime() {
        return lastUpdateTime;
    }

    public void setLastUpdateTime(String lastUpdateTime) {
        this.lastUpdateTime = lastUpdateTime;
    }

    /** When the current phase began (RFC 3339); null on a Remediation written before heal8s recorded it. */
    public String getPhaseSince() {
        return phaseSince;
    }

    public void setPhaseSince(String phaseSince) {
        this.phaseSince = phaseSince;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public TargetResource getResolvedTarget() {
        return resolvedTarget;
    }

    public void setResolvedTarget(TargetResource resolvedTarget) {
        this.resolvedTarget = resolvedTarget;
    }

    public List<String> getPolicyReasons() {
        return policyReasons;
    }

    public void setPolicyReasons(List<String> policyReasons) {
        this.policyReasons = policyReasons;
    }

    public ApprovalInfo getApproval() {
        return approval;
    }

    public void setApproval(ApprovalInfo approval) {
        this.approval = approval;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
