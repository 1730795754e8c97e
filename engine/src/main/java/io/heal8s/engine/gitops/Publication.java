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
 * @param remediation the Remediation ({@code namespace/name}) this publication is for, or null when unknown: it lets
 *     {@link ChangePublisher#state} tell a pull request that a newer Remediation took over (its marker then names the
 *     other one) from one still carrying this Remediation
 */
public record Publication(String repository, String branch, String commitSha, Integer prNumber, String url,
        Outcome outcome, Integer superseded, String remediation) {

    /** A publication whose Remediation is not known (the publisher then falls back to the branch's short id). */
    public Publication(String repository, String branch, String commitSha, Integer prNumber, String url,
            Outcome outcome, Integer superseded) {
        this(repository, branch, commitSha, prNumber, url, outcome, superseded, null);
    }

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
