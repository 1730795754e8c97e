package io.heal8s.engine.gitops;

/**
 * Where a GitOps change goes: a GitHub repository, where it becomes a pull request, or any other Git remote, where it
 * becomes a pushed branch that the team's own tooling turns into a review. The operator's GitOps executor talks only to
 * this interface, so the lifecycle (PRCreated, merged, rejected, expired) is the same whatever the host.
 *
 * <p>Every method is idempotent, because a crash can come between a side effect and the status patch that records it:
 * {@link #publish} called again for the same Remediation finds the branch and pull request it made instead of making
 * a second one. Failures are {@link GitOpsException}s that say whether retrying can help.
 */
public interface ChangePublisher {

    /**
     * Commits the patched manifest on {@code request.content().branch()} (created from the base branch) and, where the
     * host has them, opens the pull request; or finds what an earlier call for the same Remediation did.
     *
     * @throws GitOpsException when the change cannot be published; {@link GitOpsException#retryable()} says whether a
     *     later call may succeed (a network error, a rate limit) or not (no such file, a manifest the patch does not fit)
     */
    Publication publish(ChangeRequest request);

    /**
     * Where the published change stands now: open, merged, closed unmerged, or superseded by a newer Remediation.
     *
     * @throws GitOpsException as for {@link #publish}
     */
    ReviewState state(Publication publication);

    /**
     * Withdraws the change (closes the pull request with {@code comment}, or deletes the pushed branch); nothing when it
     * is already merged or closed.
     *
     * @throws GitOpsException as for {@link #publish}
     */
    void withdraw(Publication publication, String comment);
}
