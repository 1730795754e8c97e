package io.heal8s.engine.gitops;

import java.util.Objects;

/**
 * Where a published change stands.
 *
 * @param state open, merged, closed unmerged, or superseded
 * @param mergeCommitSha the commit that brought the change into the base branch, when merged (may be null)
 * @param detail one sentence for people: who merged or closed it, or which Remediation superseded it
 */
public record ReviewState(State state, String mergeCommitSha, String detail) {

    public ReviewState {
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
    }

    /** The states a change under review can be in. */
    public enum State {
        /** Waiting for review. */
        OPEN,
        /** Merged into the base branch: the change is on its way to the cluster. */
        MERGED,
        /** Closed without merging (or the branch deleted): people rejected the change. */
        CLOSED,
        /** Taken over or replaced by a newer Remediation for the same target and action. */
        SUPERSEDED
    }
}
