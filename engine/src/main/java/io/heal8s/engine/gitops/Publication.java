package io.heal8s.engine.gitops;

import java.util.Objects;

/**
 * What {@link ChangePublisher#publish} did, and what the operator records in the Remediation's status
 * ({@code prNumber}, {@code prUrl}, {@code commitSHA}) so that later calls find it again.
 *
 * @param repository as in the {@link ChangeRequest}
 * @param branch the branch holding the change
 * @param commitSha the commit on that branch that carries the patched manifest
 * @param prNumber the pull request's number, or null where the host opens none (a plain Git remote)
 * @param url the pull request's web address, or null
 * @param outcome whether this call opened it, found it from an earlier call, or took over an open one
 * @param superseded the number of an older heal8s pull request for the same target and action that this call closed,
 *     or null
 */
public record Publication(String repository, String branch, String commitSha, Integer prNumber, String url,
        Outcome outcome, Integer superseded) {

    public Publication {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** How a publication came about. */
    public enum Outcome {
        /** A new branch (and pull request) was made. */
        CREATED,
        /** An earlier call for the same Remediation had already made it (a retry after a crash). */
        FOUND,
        /** An open heal8s pull request for the same target and action was updated to carry this Remediation. */
        UPDATED
    }
}
