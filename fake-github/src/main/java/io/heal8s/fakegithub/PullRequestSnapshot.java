package io.heal8s.fakegithub;

import java.util.List;

/**
 * An immutable view of one pull request of the fake, for assertions.
 *
 * @param owner repository owner
 * @param repo repository name
 * @param number the pull request number
 * @param title title
 * @param body body (null when none was given)
 * @param state "open" or "closed"
 * @param merged whether it was merged
 * @param mergeCommitSha the merge (or squash) commit on the base, or null
 * @param labels label names, in the order added
 * @param assignees assignee logins
 * @param reviewers requested reviewer logins
 * @param teamReviewers requested team slugs
 * @param headRef head branch name
 * @param headSha the head commit (the branch tip while open, the last known tip once closed)
 * @param baseRef base branch name
 * @param draft whether it is a draft
 * @param autoMerge whether auto-merge was enabled (GraphQL {@code enablePullRequestAutoMerge})
 * @param autoMergeMethod the auto-merge method ("MERGE", "SQUASH", "REBASE"), or null
 * @param comments issue comment bodies, oldest first
 * @param author login of the user who opened it
 */
public record PullRequestSnapshot(String owner, String repo, int number, String title, String body, String state,
                                  boolean merged, String mergeCommitSha, List<String> labels, List<String> assignees,
                                  List<String> reviewers, List<String> teamReviewers, String headRef, String headSha,
                                  String baseRef, boolean draft, boolean autoMerge, String autoMergeMethod,
                                  List<String> comments, String author) {

    /** Whether it is open. */
    public boolean open() {
        return "open".equals(state);
    }
}
