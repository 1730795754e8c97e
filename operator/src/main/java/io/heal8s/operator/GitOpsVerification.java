package io.heal8s.operator;

import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.config.VerificationSettings;
import io.heal8s.engine.gitops.ChangePublisher;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.engine.gitops.PullRequestContent;
import io.heal8s.engine.gitops.RevertContent;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.RollbackRecord;
import io.heal8s.engine.remediation.VerificationStatus;
import io.heal8s.engine.remediation.WireFormats;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GitOps executor's check in Applying, with verification: once the apply workflow set {@code status.appliedAt},
 * the live workload's rollout is followed as Direct mode follows it, then the {@link Verifier} decides. A change that
 * did not verify (or whose rollout failed, or did not finish within the window) fails with
 * {@code VerificationFailed}; by default heal8s first opens a revert pull request through the same
 * {@link ChangePublisher} (the change with old and new values swapped, {@link RevertContent}), and the failure's
 * message links it; with {@code heal8s.gitops.on-verification-failure=report} it only reports.
 *
 * <p>A Remediation without {@code spec.verification} is Succeeded as soon as {@code appliedAt} is set, as before.
 */
public final class GitOpsVerification implements GitOpsExecutor.AppliedCheck {

    private static final Logger LOG = LoggerFactory.getLogger(GitOpsVerification.class);

    private final Clock clock;
    private final GitOpsSettings gitops;
    private final VerificationSettings settings;
    private final Function<String, ChangePublisher> publishers;
    private final Verifier verifier;
    private final DirectExecutor rollouts;

    /**
     * @param rollouts reads the live rollout the way Direct mode follows it (only its rollout reads are used)
     */
    public GitOpsVerification(Clock clock, GitOpsSettings gitops, VerificationSettings settings,
            Function<String, ChangePublisher> publishers, Verifier verifier, DirectExecutor rollouts) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.gitops = Objects.requireNonNull(gitops, "gitops");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.publishers = Objects.requireNonNull(publishers, "publishers");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.rollouts = Objects.requireNonNull(rollouts, "rollouts");
    }

    @Override
    public RemediationExecutor.Step check(Remediation r, ResolvedWorkload workload) {
        RemediationStatus s = r.getStatus();
        if (r.getSpec().getVerification() == null || s.getAppliedAt() == null || s.getAppliedAt().isBlank()) {
            return GitOpsExecutor.AppliedCheck.APPLIED_AT.check(r, workload);
        }
        String applied = "The change was applied at " + s.getAppliedAt();
        DirectExecutor.Rollout rollout = rollouts.rollout(workload.workload());
        if (rollout == null) {
            return RemediationExecutor.Step.failed(RemediationReconciler.REASON_TARGET_NOT_FOUND,
                    workload.workload().describe() + " does not exist any more.");
        }
        if (!rollout.done()) {
            Instant appliedAt = WireFormats.timestampOrNull(s.getAppliedAt());
            Instant deadline = appliedAt == null ? null : appliedAt.plus(verifier.window(r.getSpec()
                    .getVerification()));
            if (rollout.failed() || (deadline != null && !clock.instant().isBefore(deadline))) {
                return failed(r, workload, "the rollout of " + workload.workload().describe()
                        + (rollout.failed() ? " failed" : " did not finish within the verification window") + " ("
                        + rollout.summary() + ")");
            }
            return new RemediationExecutor.Step(RemediationPhase.Applying, "WaitingForRollout", applied
                    + "; waiting for the rollout of " + workload.workload().describe() + ".");
        }
        RemediationExecutor.Step step = verifier.check(r, applied + " and the rollout of "
                + workload.workload().describe() + " finished (" + rollout.summary() + ")");
        if (step.phase() == RemediationPhase.Failed && Verifier.REASON_VERIFICATION_FAILED.equals(step.reason())) {
            return failed(r, workload, "the change was " + step.message());
        }
        return step;
    }

    /** Failed {@code VerificationFailed}, after opening the revert unless configured to only report. */
    private RemediationExecutor.Step failed(Remediation r, ResolvedWorkload workload, String why) {
        String reason = Verifier.REASON_VERIFICATION_FAILED;
        String what = Character.toUpperCase(why.charAt(0)) + why.substring(1);
        if (settings.onGitOpsFailure() == VerificationSettings.OnFailure.REPORT) {
            return RemediationExecutor.Step.failed(reason, what + ". Not reverted ("
                    + VerificationSettings.ON_GITOPS_FAILURE + "=report): revert it by hand if it should go.");
        }
        Optional<Publication> revert;
        try {
            revert = revert(r, workload, why);
        } catch (GitOpsTarget.Unresolvable | IllegalArgumentException e) {
            return RemediationExecutor.Step.failed(reason, what + ". heal8s could not propose a revert: "
                    + e.getMessage());
        } catch (GitOpsException e) {
            if (e.retryable()) {
                // The SDK retries with back-off; the verdict is the same next time, the revert is found or opened.
                throw e;
            }
            return RemediationExecutor.Step.failed(reason, what + ". heal8s could not open the revert ("
                    + e.reason() + "): " + e.getMessage());
        }
        if (revert.isEmpty()) {
            return RemediationExecutor.Step.failed(reason, what + ". No publisher serves the repository: revert it "
                    + "by hand.");
        }
        Publication p = revert.get();
        VerificationStatus v = r.getStatus().getVerification() == null ? new VerificationStatus()
                : r.getStatus().getVerification();
        v.setRevertBranch(p.branch());
        v.setRevertUrl(p.url());
        r.getStatus().setVerification(v);
        String where = p.prNumber() != null ? "revert pull request #" + p.prNumber()
                + (p.url() == null ? "" : ": " + p.url()) : "revert branch " + p.branch() + " in " + p.repository();
        LOG.warn("Remediation {}/{}: {}; opened {}", r.getMetadata().getNamespace(), r.getMetadata().getName(), why,
                where);
        return RemediationExecutor.Step.failed(reason, what + ". Opened " + where + ".");
    }

    private Optional<Publication> revert(Remediation r, ResolvedWorkload workload, String why)
            throws GitOpsTarget.Unresolvable {
        RollbackRecord record = r.getStatus().getRollback();
        if (record == null) {
            throw new IllegalArgumentException("status.rollback does not say what the pull request changed");
        }
        ActionType action = ActionType.parse(r.getSpec().getAction() == null ? null
                : r.getSpec().getAction().getType()).orElseThrow(() -> new IllegalArgumentException(
                        "spec.action.type is not an action this heal8s knows"));
        // The pull request's own repository, branch and file: the revert must land where the change did.
        GitOpsTarget where = GitOpsTarget.published(r, workload.workload(), gitops);
        ChangePublisher publisher = publishers.apply(where.repository());
        if (publisher == null) {
            return Optional.empty();
        }
        ActionResult result = RevertContent.result(action, record);
        PullRequestContent content = RevertContent.of(r, result, where.manifestPath(), why);
        ChangeRequest request = new ChangeRequest(where.repository(), where.baseBranch(), where.manifestPath(),
                new ManifestTarget(record.getKind(), record.getName(), record.getNamespace()), result, content,
                r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(), null, null, false, false);
        return Optional.of(publisher.publish(request));
    }
}
