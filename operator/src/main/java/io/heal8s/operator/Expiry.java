package io.heal8s.operator;

import io.heal8s.engine.playbook.Durations;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.engine.remediation.RemediationPhase;
import java.time.Duration;
import java.time.Instant;

/**
 * When a Remediation expires and when the operator should look at it again: pure functions of the resource and the
 * clock, so the rules are tested without a cluster.
 */
final class Expiry {

    /** The shortest wait, so that a deadline that has just passed does not spin the reconciler. */
    static final Duration MIN_RECHECK = Duration.ofMillis(10);

    private Expiry() {
    }

    /** Whether the TTL applies in this phase: only while nobody has started to apply the change. */
    static boolean applies(RemediationPhase phase) {
        return phase == null || phase == RemediationPhase.Pending || phase == RemediationPhase.Analyzing
                || phase == RemediationPhase.PRCreated;
    }

    /** {@code spec.strategy.ttl}, or {@code fallback} when it is absent, unreadable or not positive. */
    static Duration ttl(Remediation r, Duration fallback) {
        String text = r.getSpec() == null || r.getSpec().getStrategy() == null ? null
                : r.getSpec().getStrategy().getTtl();
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Duration ttl = Durations.parse(text.trim());
            return ttl.isZero() ? fallback : ttl;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /** When the Remediation expires; null when it cannot be placed in time (no readable timestamp). */
    static Instant deadline(Remediation r, Duration fallbackTtl) {
        Instant decided = RemediationLabels.decidedAt(r);
        return decided == null ? null : decided.plus(ttl(r, fallbackTtl));
    }

    /** How long to wait before looking again: the resync interval, or less when the deadline comes first. */
    static Duration recheckAfter(Instant now, Instant deadline, Duration resync) {
        if (deadline == null) {
            return resync;
        }
        Duration left = Duration.between(now, deadline);
        if (left.compareTo(MIN_RECHECK) < 0) {
            return MIN_RECHECK;
        }
        return left.compareTo(resync) < 0 ? left : resync;
    }
}
