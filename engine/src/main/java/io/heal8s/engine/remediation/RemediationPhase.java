package io.heal8s.engine.remediation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a Remediation is in its lifecycle, spelled as the Go heal8s spells it. The allowed moves form a one-way
 * graph: Pending → Analyzing → PRCreated | Applying → Succeeded, with Failed and Expired as exits; the four
 * terminal phases never change again. Skipped, heal8s' addition to the Go phases, ends a Remediation that a safety rail
 * refused (cooldown, attempt limit, suspected leak, pause, excluded namespace, rate limit) or that ran in dry-run:
 * nothing was changed, on purpose, and it is not a failure.
 */
public enum RemediationPhase {
    /** Stored, not yet looked at by the operator. */
    Pending,
    /** The operator resolves the target in the cluster and chooses the executor. */
    Analyzing,
    /** A pull request is open and waits for review. */
    PRCreated,
    /** The change is being applied (directly, or after the pull request merged). */
    Applying,
    /** The change is in the cluster. */
    Succeeded,
    /** Something went wrong; the status reason and message say what. */
    Failed,
    /** Nobody acted before the TTL ran out. */
    Expired,
    /** A safety rail refused the change, or dry-run: nothing was changed, on purpose; the reason says which rail. */
    Skipped;

    private static final Map<RemediationPhase, Set<RemediationPhase>> NEXT = new EnumMap<>(RemediationPhase.class);

    static {
        NEXT.put(Pending, EnumSet.of(Analyzing, Failed, Expired, Skipped));
        NEXT.put(Analyzing, EnumSet.of(PRCreated, Applying, Failed, Expired, Skipped));
        // A merged pull request may be confirmed directly (Succeeded) or watched while it rolls out (Applying).
        NEXT.put(PRCreated, EnumSet.of(Applying, Succeeded, Failed, Expired));
        // Once a change is being applied the TTL no longer matters: it ends in Succeeded or Failed.
        NEXT.put(Applying, EnumSet.of(Succeeded, Failed));
        NEXT.put(Succeeded, EnumSet.noneOf(RemediationPhase.class));
        NEXT.put(Failed, EnumSet.noneOf(RemediationPhase.class));
        NEXT.put(Expired, EnumSet.noneOf(RemediationPhase.class));
        NEXT.put(Skipped, EnumSet.noneOf(RemediationPhase.class));
    }

    /** Succeeded, Failed, Expired and Skipped are final. */
    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** The phases this one may move to (staying in the same phase is always allowed and not listed). */
    public Set<RemediationPhase> next() {
        return Collections.unmodifiableSet(NEXT.get(this));
    }

    /** Whether a Remediation in this phase may move to {@code target}; staying put is allowed. */
    public boolean canMoveTo(RemediationPhase target) {
        return target == this || NEXT.get(this).contains(target);
    }

    /**
     * Whether a Remediation without a phase yet (a fresh one) may start in {@code target}: Pending, Failed when its
     * spec cannot be acted on at all, or Skipped when a rail refused it before anything was looked at.
     */
    public static boolean canStartIn(RemediationPhase target) {
        return target == Pending || target == Failed || target == Skipped;
    }
}
