package io.heal8s.server.operator;

import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many Remediations are in each phase and how long the oldest of each non-terminal phase has been there, counted
 * in one pass over the Remediations the informer cache holds. It replaces transition counters for the stuck alert:
 * counters restart with the pod and cannot see a Remediation stuck since before the restart, the cluster's objects can.
 * A Remediation without a phase yet counts as Pending (the operator has not looked at it).
 */
public final class PhaseCensus {

    private final Map<RemediationPhase, Long> counts;
    private final Map<RemediationPhase, Duration> oldest;

    private PhaseCensus(Map<RemediationPhase, Long> counts, Map<RemediationPhase, Duration> oldest) {
        this.counts = counts;
        this.oldest = oldest;
    }

    /**
     * Counts {@code remediations} as of {@code now}. The phase's start is {@code status.phaseSince}; a Remediation
     * written before heal8s recorded it falls back on {@code status.startedAt} in PRCreated and Applying (when the
     * change started), then on its decided-at time, which can only make it look older, never younger.
     */
    public static PhaseCensus of(Collection<Remediation> remediations, Instant now) {
        Map<RemediationPhase, Long> counts = new EnumMap<>(RemediationPhase.class);
        Map<RemediationPhase, Instant> since = new EnumMap<>(RemediationPhase.class);
        for (RemediationPhase phase : RemediationPhase.values()) {
            counts.put(phase, 0L);
        }
        for (Remediation r : remediations) {
            RemediationStatus status = r.getStatus();
            RemediationPhase phase = status == null || status.getPhase() == null ? RemediationPhase.Pending
                    : status.getPhase();
            counts.merge(phase, 1L, Long::sum);
            if (!phase.isTerminal()) {
                Instant start = RemediationStatus.phaseStart(r);
                if (start != null) {
                    since.merge(phase, start, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        Map<RemediationPhase, Duration> oldest = new EnumMap<>(RemediationPhase.class);
        for (RemediationPhase phase : RemediationPhase.values()) {
            if (!phase.isTerminal()) {
                Instant start = since.get(phase);
                Duration age = start == null ? Duration.ZERO : Duration.between(start, now);
                oldest.put(phase, age.isNegative() ? Duration.ZERO : age);
            }
        }
        return new PhaseCensus(counts, oldest);
    }

    /** How many Remediations are in {@code phase} (0 when none). */
    public long count(RemediationPhase phase) {
        return counts.get(phase);
    }

    /**
     * How long the oldest Remediation in {@code phase} has been in it; zero when none is.
     *
     * @throws IllegalArgumentException for a terminal phase, where nothing waits
     */
    public Duration oldestInPhase(RemediationPhase phase) {
        Duration age = oldest.get(phase);
        if (age == null) {
            throw new IllegalArgumentException("phase " + phase + " is terminal: its Remediations do not wait");
        }
        return age;
    }
}
