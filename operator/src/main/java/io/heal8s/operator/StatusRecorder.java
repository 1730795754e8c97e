package io.heal8s.operator;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.heal8s.engine.remediation.PhaseTransitionException;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.rules.Refusal;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one status change of a Remediation the same way every time: the lifecycle's transition, one write of the
 * status subresource (none when nothing changed), one Event when the phase, reason or message changed, and the
 * {@link TransitionListener} when the phase changed.
 */
final class StatusRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    // Skipped reasons that need a person: the same fix applied again and again.
    private static final Set<String> WARNING_SKIPS = Set.of(Refusal.SUSPECTED_LEAK, Refusal.SUSPECTED_LOOP);

    private final RemediationEvents events;
    private final TransitionListener listener;

    StatusRecorder(RemediationEvents events, TransitionListener listener) {
        this.events = events;
        this.listener = listener;
    }

    /**
     * Makes the transition to {@code step} and writes the status, unless nothing changed since {@code before} (the
     * Remediation's {@link #snapshot} before this step); then emits the Event and, for a new phase, tells the
     * listener. Returns the Remediation as written (or as it was).
     */
    Remediation record(Remediation r, RemediationExecutor.Step step, Remediation before,
            StatusWriter writeStatus, Instant now) {
        RemediationStatus status = r.getStatus() == null ? new RemediationStatus() : r.getStatus();
        RemediationPhase from = status.getPhase();
        long generation = r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
        boolean told = from == step.phase() && step.reason().equals(status.getReason())
                && step.message().equals(status.getMessage());
        boolean sameGeneration = Objects.equals(status.getObservedGeneration(), generation);
        if (told && sameGeneration && json(before.getStatus()).equals(json(status))) {
            return r;
        }
        r.setStatus(status);
        try {
            if (from == null && step.phase() != RemediationPhase.Failed) {
                status.transition(RemediationPhase.Pending, null, null, generation, now);
            }
            status.transition(step.phase(), step.reason(), step.message(), generation, now);
        } catch (PhaseTransitionException e) {
            // Only an executor could ask for this, and the reconciler turns such a step into Failed first.
            throw new IllegalStateException("Remediation " + key(r) + ": " + e.getMessage(), e);
        }
        Remediation written = writeStatus.write(before, status);
        if (!told) {
            RemediationPhase to = step.phase();
            events.emit(written, to.name(), step.reason(), step.message(), warning(to, step.reason()), now);
        }
        if (from != step.phase()) {
            LOG.debug("Remediation {}: {} -> {} ({})", key(r), from, step.phase(), step.reason());
            try {
                listener.onTransition(written, from, step.phase(), step.reason());
            } catch (RuntimeException e) {
                LOG.warn("The transition listener failed on Remediation {} ({} -> {}): {}", key(r), from,
                        step.phase(), e.toString());
            }
        }
        return written;
    }

    /** Tells the listener, once, that a rail made {@code r} wait (reason {@code reason}); a failure is only logged. */
    void deferred(Remediation r, String reason) {
        try {
            listener.onDeferred(r, reason);
        } catch (RuntimeException e) {
            LOG.warn("The transition listener failed on deferred Remediation {}: {}", key(r), e.toString());
        }
    }

    /**
     * Whether the Event of a change to {@code phase} with {@code reason} is a Warning: failures, expiries, and the
     * refusals that ask a person to look (a suspected leak or loop).
     */
    static boolean warning(RemediationPhase phase, String reason) {
        return phase == RemediationPhase.Failed || phase == RemediationPhase.Expired
                || (phase == RemediationPhase.Skipped && WARNING_SKIPS.contains(reason));
    }

    /** A deep copy of the Remediation as it is now: the base of the status patch and of "did anything change". */
    static Remediation snapshot(Remediation r) {
        return JSON.clone(r);
    }

    private static String json(RemediationStatus status) {
        return status == null ? "" : JSON.asJson(status);
    }

    /** Writes a new status for a Remediation read as {@code original}; returns the Remediation as stored. */
    @FunctionalInterface
    interface StatusWriter {
        Remediation write(Remediation original, RemediationStatus status);
    }

    private static String key(Remediation r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }
}
