package io.heal8s.engine.gitops;

import io.heal8s.engine.action.ActionResult;
import java.util.List;
import java.util.Objects;

/**
 * One GitOps change to publish: which manifest in which repository, what to change in it, and the pull request's text.
 *
 * @param repository {@code owner/name} on GitHub or a Git remote URL, as {@code spec.github.repository} names it
 * @param baseBranch the branch the change is proposed against
 * @param manifestPath the manifest's path in the repository, already rendered and checked to stay inside it
 * @param target the object in the manifest file to patch (a file may hold several documents)
 * @param result the action's result; its {@code changes} are what the patch writes
 * @param content branch, title, body (with the Remediation marker) and labels, from {@link PullRequestContent}
 * @param remediation the Remediation's {@code namespace/name}, the key that makes publishing idempotent
 * @param reviewers GitHub users ({@code login}) or teams ({@code org/team}) asked to review; may be empty
 * @param assignees GitHub users the pull request is assigned to; may be empty
 * @param draft whether the pull request is opened as a draft
 * @param autoMerge whether the pull request may merge itself once its checks pass: only when the playbook asks for it
 *     <em>and</em> the approval policy does not require a person's approval
 */
public record ChangeRequest(String repository, String baseBranch, String manifestPath, ManifestTarget target,
        ActionResult result, PullRequestContent content, String remediation, List<String> reviewers,
        List<String> assignees, boolean draft, boolean autoMerge) {

    public ChangeRequest {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(baseBranch, "baseBranch");
        Objects.requireNonNull(manifestPath, "manifestPath");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(remediation, "remediation");
        reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
        assignees = assignees == null ? List.of() : List.copyOf(assignees);
    }

    /**
     * The branch prefix shared by every heal8s branch for the same target and action, {@code heal8s/<action>/<namespace>-<name>-}:
     * an open pull request from such a branch is the one a newer Remediation updates or supersedes.
     */
    public String sameChangePrefix() {
        String branch = content.branch();
        int dash = branch.lastIndexOf('-');
        return branch.substring(0, dash + 1);
    }
}
