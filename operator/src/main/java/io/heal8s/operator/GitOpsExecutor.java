package io.heal8s.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.PatchTarget;
import io.heal8s.engine.cluster.LiveActionException;
import io.heal8s.engine.cluster.LiveActions;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.gitops.ChangePublisher;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.engine.gitops.PullRequestContent;
import io.heal8s.engine.gitops.ReviewState;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.ApprovalInfo;
import io.heal8s.engine.remediation.GitHubConfig;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.RollbackRecord;
import io.heal8s.engine.remediation.WireFormats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitOps executor: it proposes a Remediation's change as a pull request (or a pushed branch) through a
 * {@link ChangePublisher}, follows it to its end, and waits for the apply workflow to say the change is in the cluster.
 *
 * <ul>
 *   <li><b>Analyzing</b>: the change is computed again on the live workload (as the approval gate did; the cluster may
 *       have moved since), the repository, base branch and manifest path are resolved ({@link GitOpsTarget}), and the
 *       change is published in the same reconcile that recorded the policy's decision: no polling delay between
 *       decision and pull request. {@code status.prNumber}, {@code prUrl}, {@code commitSHA}, {@code branch},
 *       {@code repository}, {@code baseBranch} and {@code manifestPath} are written with the move to PRCreated; a
 *       crash before that write is harmless, since publishing is idempotent. Every later look (state, withdrawal,
 *       revert) goes to the recorded repository, not to whatever {@code heal8s.gitops.repository} says by then.</li>
 *   <li><b>PRCreated</b>: one {@link ChangePublisher#state} call per reconcile (a webhook's annotation patch, or the
 *       PR poll interval): merged → Applying, closed → Failed {@code Rejected}, superseded → Failed
 *       {@code Superseded}, open → nothing new.</li>
 *   <li><b>Applying</b>: the {@link AppliedCheck} (by default: {@code status.appliedAt}, patched by the apply
 *       workflow after {@code kubectl apply} and the rollout) → Succeeded; {@link GitOpsVerification} also follows
 *       the live rollout and verifies the change, opening a revert when it did not help.</li>
 * </ul>
 *
 * <p>A {@link GitOpsException} that retrying cannot cure fails the Remediation with its reason; a retryable one is
 * thrown to the SDK, which retries with back-off, unless the host said when to come back (a rate limit): then the
 * Remediation stays in its phase with the exception's reason, the step carries {@code retryAfter}, and no call for
 * that repository goes out before then, from any Remediation.
 */
public final class GitOpsExecutor implements RemediationExecutor {

    /**
     * The annotation the GitHub webhook patches on a Remediation when its pull request changes: any change of it
     * triggers a reconcile (generation-aware filtering is off), which asks the publisher for the state once.
     */
    public static final String PR_EVENT_ANNOTATION = RemediationLabels.PR_EVENT;

    public static final String REASON_NO_PUBLISHER = "NoPublisher";
    public static final String REASON_REJECTED = "Rejected";
    public static final String REASON_SUPERSEDED = "Superseded";
    public static final String REASON_INVALID_REMEDIATION = "InvalidRemediation";
    public static final String REASON_PUBLICATION_UNKNOWN = "PublicationUnknown";
    /** The reason of a host's failure whose own reason is not a CamelCase word. */
    public static final String REASON_GITOPS_FAILED = "GitOpsFailed";

    private static final Logger LOG = LoggerFactory.getLogger(GitOpsExecutor.class);
    private static final Pattern CAMEL_CASE = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    private final Clock clock;
    private final GitOpsSettings settings;
    private final Function<String, ChangePublisher> publishers;
    private final LiveActions actions;
    private final AppliedCheck applied;
    // Repository → the host's "not before": shared by every Remediation whose change goes there.
    private final Map<String, Wait> waits = new ConcurrentHashMap<>();

    /**
     * @param publishers the publisher serving a repository ({@code owner/name} or a Git URL); null for a repository
     *     nobody serves, whose Remediations fail with {@code NoPublisher}
     */
    public GitOpsExecutor(KubernetesClient client, Clock clock, GitOpsSettings settings,
            Function<String, ChangePublisher> publishers) {
        this(client, clock, settings, publishers, AppliedCheck.APPLIED_AT);
    }

    /** As above, with the check that ends Applying (issue 7's live verification plugs in here). */
    public GitOpsExecutor(KubernetesClient client, Clock clock, GitOpsSettings settings,
            Function<String, ChangePublisher> publishers, AppliedCheck applied) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.publishers = Objects.requireNonNull(publishers, "publishers");
        this.actions = new LiveActions(Objects.requireNonNull(client, "client"), clock);
        this.applied = Objects.requireNonNull(applied, "applied");
    }

    @Override
    public Strategy.Mode mode() {
        return Strategy.Mode.GitOps;
    }

    @Override
    public Step execute(Remediation r, ResolvedWorkload workload) {
        RemediationPhase phase = r.getStatus().getPhase();
        if (phase == RemediationPhase.Applying) {
            return applied.check(r, workload);
        }
        String repository = null;
        try {
            // Once published, the recorded repository: the defaults may have changed since.
            repository = phase == RemediationPhase.Analyzing ? GitOpsTarget.repository(r, settings)
                    : GitOpsTarget.publishedRepository(r, settings);
            ChangePublisher publisher = publishers.apply(repository);
            if (publisher == null) {
                return Step.failed(REASON_NO_PUBLISHER, "No publisher serves " + repository
                        + ": configure the GitHub App or token, or the Git remote, for it.");
            }
            Optional<Step> wait = waiting(repository, phase);
            if (wait.isPresent()) {
                return wait.get();
            }
            return switch (phase) {
                case Analyzing -> publish(r, workload, publisher);
                case PRCreated -> follow(r, repository, publisher);
                default -> throw new IllegalStateException("GitOpsExecutor called in " + phase);
            };
        } catch (GitOpsTarget.Unresolvable e) {
            return Step.failed(e.reason(), e.getMessage());
        } catch (GitOpsException e) {
            return failure(repository, phase, e);
        }
    }

    @Override
    public void withdraw(Remediation r, String comment) {
        RemediationStatus status = r.getStatus();
        if (status == null || status.getBranch() == null) {
            return;
        }
        String repository;
        try {
            repository = GitOpsTarget.publishedRepository(r, settings);
        } catch (GitOpsTarget.Unresolvable e) {
            LOG.warn("Remediation {}: cannot withdraw branch {}: {}", key(r), status.getBranch(), e.getMessage());
            return;
        }
        ChangePublisher publisher = publishers.apply(repository);
        if (publisher == null) {
            LOG.warn("Remediation {}: cannot withdraw branch {}: no publisher serves {}", key(r), status.getBranch(),
                    repository);
            return;
        }
        Wait wait = waits.get(repository);
        Instant now = clock.instant();
        if (wait != null && now.isBefore(wait.until())) {
            throw GitOpsException.retryable(wait.reason(), wait.message(), Duration.between(now, wait.until()), null);
        }
        try {
            publisher.withdraw(publication(r, repository), comment);
        } catch (GitOpsException e) {
            if (e.retryable()) {
                remember(repository, e);
                throw e;
            }
            // The TTL has passed whatever the host says: the expiry is recorded, and people see why in the log.
            LOG.warn("Remediation {}: could not withdraw {} ({}): {}", key(r), status.getBranch(), e.reason(),
                    e.getMessage());
        }
    }

    private Step publish(Remediation r, ResolvedWorkload resolved, ChangePublisher publisher)
            throws GitOpsTarget.Unresolvable {
        WorkloadRef workload = resolved.workload();
        GitOpsTarget where = GitOpsTarget.resolve(r, workload, settings);
        String type = r.getSpec().getAction() == null ? null : r.getSpec().getAction().getType();
        Optional<ActionType> action = ActionType.parse(type);
        if (action.isEmpty()) {
            return Step.failed(RemediationReconciler.REASON_ACTION_NOT_APPLICABLE,
                    "spec.action.type '" + type + "' is not an action this heal8s knows.");
        }
        Map<String, String> params = r.getSpec().getAction().getParams();
        ActionResult result;
        ManifestTarget target;
        try {
            result = actions.compute(action.get(), params == null ? Map.of() : params, workload);
            if (!result.changed()) {
                return Step.failed(RemediationReconciler.REASON_NO_CHANGE, result.reason());
            }
            target = manifestTarget(result, workload);
        } catch (LiveActionException | IllegalArgumentException e) {
            return Step.failed(RemediationReconciler.REASON_ACTION_NOT_APPLICABLE,
                    e.getMessage() == null ? e.toString() : e.getMessage());
        }
        PullRequestContent content;
        try {
            // A null source link lets the content take the alert payload's generatorURL, when the spec carries one.
            content = withLabels(PullRequestContent.of(r, result, where.manifestPath(), null), r);
        } catch (IllegalArgumentException e) {
            return Step.failed(REASON_INVALID_REMEDIATION, e.getMessage());
        }
        GitHubConfig github = GitOpsTarget.github(r);
        ChangeRequest request = new ChangeRequest(where.repository(), where.baseBranch(), where.manifestPath(), target,
                result, content, key(r), github == null ? null : github.getPrReviewers(),
                github == null ? null : github.getPrAssignees(),
                github != null && Boolean.TRUE.equals(github.getPrDraft()), autoMerge(r));
        Publication p = publisher.publish(request);
        RemediationStatus status = r.getStatus();
        status.setPrNumber(p.prNumber());
        status.setPrUrl(p.url());
        status.setCommitSHA(p.commitSha());
        status.setBranch(p.branch());
        where.record(status);
        // What the pull request changes, old and new: the revert after a failed verification swaps them back.
        status.setRollback(new RollbackRecord(target.kind(), target.namespace(), target.name(), result.changes()
                .stream().map(c -> new RollbackRecord.Change(c.path(), c.oldValue(), c.newValue())).toList()));
        return Step.prCreated(published(p));
    }

    private Step follow(Remediation r, String repository, ChangePublisher publisher) {
        RemediationStatus status = r.getStatus();
        if (status.getBranch() == null) {
            return Step.failed(REASON_PUBLICATION_UNKNOWN, "status.branch is not set: heal8s cannot tell which "
                    + "change to follow.");
        }
        Publication p = publication(r, repository);
        ReviewState state = publisher.state(p);
        String what = what(p);
        String detail = state.detail().isBlank() ? "" : " (" + state.detail().strip() + ")";
        return switch (state.state()) {
            case MERGED -> Step.applying(what + " merged" + (state.mergeCommitSha() == null ? ""
                    : " as " + state.mergeCommitSha()) + detail + "; waiting for the apply workflow to apply it.");
            case CLOSED -> Step.failed(REASON_REJECTED, what + " was closed without merging" + detail + ".");
            case SUPERSEDED -> Step.failed(REASON_SUPERSEDED, what + " was superseded by a newer remediation"
                    + detail + ".");
            case OPEN -> "PRCreated".equals(status.getReason()) ? Step.prCreated(status.getMessage())
                    : Step.prCreated(what + " is open for review" + (p.url() == null ? "" : ": " + p.url()) + ".");
        };
    }

    /** The publication the status records, for {@code state} and {@code withdraw}. */
    private static Publication publication(Remediation r, String repository) {
        RemediationStatus s = r.getStatus();
        // The Remediation's name lets the publisher tell a PR this Remediation took over from one taken from it.
        return new Publication(repository, s.getBranch(), s.getCommitSHA(), s.getPrNumber(), s.getPrUrl(),
                Publication.Outcome.FOUND, null, r.getMetadata().getNamespace() + "/" + r.getMetadata().getName());
    }

    /** Permanent: Failed with its reason. Retryable: thrown, or, with a retryAfter, a wait in the same phase. */
    private Step failure(String repository, RemediationPhase phase, GitOpsException e) {
        if (!e.retryable()) {
            return Step.failed(reason(e), e.getMessage());
        }
        if (e.retryAfter() == null || e.retryAfter().isNegative() || e.retryAfter().isZero() || repository == null) {
            throw e;
        }
        Wait wait = remember(repository, e);
        return Step.retryAfter(phase, wait.reason(), wait.message(), e.retryAfter());
    }

    private Wait remember(String repository, GitOpsException e) {
        Duration after = e.retryAfter();
        if (after == null || after.isNegative() || after.isZero()) {
            return null;
        }
        Instant until = clock.instant().plus(after);
        Wait wait = new Wait(until, reason(e), (e.getMessage() == null ? "The Git host asked heal8s to wait." : e
                .getMessage().strip()) + " heal8s calls " + repository + " again after " + WireFormats.timestamp(
                        until) + ".");
        // The later of two waits wins: a second limit hit meanwhile must not shorten the first.
        return waits.merge(repository, wait, (a, b) -> a.until().isAfter(b.until()) ? a : b);
    }

    /** The exception's reason when it is a CamelCase word a status accepts, else {@code GitOpsFailed}. */
    private static String reason(GitOpsException e) {
        return e.reason() != null && CAMEL_CASE.matcher(e.reason()).matches() ? e.reason() : REASON_GITOPS_FAILED;
    }

    /** The step of a Remediation whose repository's host asked to wait, while it waits. */
    private Optional<Step> waiting(String repository, RemediationPhase phase) {
        Wait wait = waits.get(repository);
        Instant now = clock.instant();
        if (wait == null) {
            return Optional.empty();
        }
        if (!now.isBefore(wait.until())) {
            waits.remove(repository, wait);
            return Optional.empty();
        }
        return Optional.of(Step.retryAfter(phase, wait.reason(), wait.message(), Duration.between(now, wait.until())));
    }

    /** Auto-merge only when the playbook asks for it and the approval policy requires no person's approval. */
    static boolean autoMerge(Remediation r) {
        GitHubConfig github = GitOpsTarget.github(r);
        if (github == null || !Boolean.TRUE.equals(github.getAutoMerge())) {
            return false;
        }
        ApprovalInfo approval = r.getStatus() == null ? null : r.getStatus().getApproval();
        Boolean required = approval != null ? approval.getRequireApproval()
                : r.getSpec().getStrategy() == null ? null : r.getSpec().getStrategy().getRequireApproval();
        return Boolean.FALSE.equals(required);
    }

    /** The object in the manifest file the change patches: the workload, or the HorizontalPodAutoscaler scaling it. */
    private ManifestTarget manifestTarget(ActionResult result, WorkloadRef workload) {
        if (result.patch().target() == PatchTarget.HORIZONTAL_POD_AUTOSCALER) {
            String hpa = actions.autoscalerOf(workload).orElseThrow(() -> new LiveActionException(
                    "no HorizontalPodAutoscaler scales " + workload.kind() + " " + workload.namespace() + "/"
                            + workload.name() + " any more"));
            return new ManifestTarget("HorizontalPodAutoscaler", hpa, workload.namespace());
        }
        return new ManifestTarget(workload.kind().name(), workload.name(), workload.namespace());
    }

    /** The content's labels followed by the playbook's {@code prLabels}, without repeats. */
    private static PullRequestContent withLabels(PullRequestContent content, Remediation r) {
        GitHubConfig github = GitOpsTarget.github(r);
        if (github == null || github.getPrLabels() == null || github.getPrLabels().isEmpty()) {
            return content;
        }
        Set<String> labels = new LinkedHashSet<>(content.labels());
        github.getPrLabels().stream().filter(l -> l != null && !l.isBlank()).map(String::strip).forEach(labels::add);
        return new PullRequestContent(content.branch(), content.title(), content.body(), List.copyOf(labels));
    }

    private static String published(Publication p) {
        boolean pr = p.prNumber() != null;
        String branch = "branch " + p.branch();
        String said = switch (p.outcome()) {
            case CREATED -> pr ? "Opened pull request #" + p.prNumber() : "Pushed " + branch + " to " + p.repository();
            case FOUND -> pr ? "Found pull request #" + p.prNumber() + ", opened by an earlier attempt"
                    : "Found " + branch + " in " + p.repository() + ", pushed by an earlier attempt";
            case UPDATED -> (pr ? "Updated the open pull request #" + p.prNumber()
                    : "Updated " + branch + " in " + p.repository()) + " for the same change";
        };
        return said + (p.superseded() == null ? "" : " (it supersedes #" + p.superseded() + ", now closed)")
                + (p.url() == null ? "" : ": " + p.url()) + ".";
    }

    private static String what(Publication p) {
        return p.prNumber() != null ? "Pull request #" + p.prNumber() : "Branch " + p.branch();
    }

    private static String key(Remediation r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }

    /** Until when calls to a repository wait, and the status reason and message meanwhile. */
    private record Wait(Instant until, String reason, String message) {
    }

    /**
     * Whether a Remediation in Applying is done: the seam where issue 7's live verification (the rollout, the alert
     * resolved) comes in.
     */
    @FunctionalInterface
    public interface AppliedCheck {

        /**
         * Succeeded once the apply workflow patched {@code status.appliedAt}; until then the same phase, reason and
         * message (nothing new).
         */
        AppliedCheck APPLIED_AT = (r, workload) -> {
            RemediationStatus s = r.getStatus();
            if (s.getAppliedAt() != null && !s.getAppliedAt().isBlank()) {
                return Step.succeeded("The change was applied at " + s.getAppliedAt() + ".");
            }
            return new Step(RemediationPhase.Applying, s.getReason() == null ? "Applying" : s.getReason(),
                    s.getMessage());
        };

        /** The next step for a Remediation in Applying. */
        Step check(Remediation remediation, ResolvedWorkload workload);
    }
}
