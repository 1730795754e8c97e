package io.heal8s.operator;

import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import java.time.Duration;
import java.util.Objects;

/**
 * Carries out Remediations of one mode: GitOps (opens a pull request) or Direct (patches the cluster). The reconciler
 * resolves the target, then hands the Remediation to the executor whose {@link #mode()} equals
 * {@code spec.strategy.mode}; it calls the executor again on later reconciles while the Remediation is in
 * {@code PRCreated} or {@code Applying}, so that the executor can move it forward (the PR merged, the rollout done).
 *
 * <p>The executor never writes the phase itself: it returns a {@link Step} and the reconciler makes the transition
 * (which enforces the lifecycle), patches the status, emits the Event and tells the {@link TransitionListener}. It may
 * fill the status fields that are its own ({@code prNumber}, {@code prUrl}, {@code commitSHA}, {@code branch},
 * {@code appliedAt}, {@code attempts}) on the Remediation it is given; they are written with the same patch. Since a crash can come
 * between a side effect and that patch, an executor must be idempotent: called twice for the same Remediation in the
 * same phase, it finds its pull request instead of opening a second.
 *
 * <p>Throwing (for example {@link io.heal8s.engine.cluster.KubernetesUnavailableException}) makes the operator retry
 * with back-off; a failure that retrying cannot cure should be returned as a {@code Failed} step instead.
 */
public interface RemediationExecutor {

    /** The strategy mode this executor carries out. */
    Strategy.Mode mode();

    /**
     * Takes the next step for a Remediation in {@code Analyzing} (the first call), {@code PRCreated} or
     * {@code Applying}.
     *
     * @param remediation the Remediation as the operator last read it; its status may be changed as said above
     * @param workload the workload to change, {@code spec.target} resolved in the cluster
     * @return where the Remediation goes next; the current phase with the same reason means "nothing new yet"
     */
    Step execute(Remediation remediation, ResolvedWorkload workload);

    /**
     * Withdraws what the executor published for a Remediation in {@code PRCreated} whose TTL ran out (a GitOps
     * executor closes the pull request with {@code comment}); called before the reconciler records Expired. Nothing by
     * default. Throwing makes the SDK retry the reconcile, and the expiry is recorded once a later call returns.
     */
    default void withdraw(Remediation remediation, String comment) {
    }

    /**
     * The outcome of one call: the phase to move to (or stay in), a CamelCase reason, one sentence for people, and,
     * when the executor was told to wait (a rate limit), how long until it may be called again.
     *
     * @param retryAfter null, or the delay before which the reconciler must not call the executor again for this
     *     Remediation: it reschedules after exactly that delay instead of its resync interval
     */
    record Step(RemediationPhase phase, String reason, String message, Duration retryAfter) {

        public Step {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(reason, "reason");
            message = message == null ? "" : message;
            if (retryAfter != null && (retryAfter.isNegative() || retryAfter.isZero())) {
                throw new IllegalArgumentException("retryAfter must be positive, was " + retryAfter);
            }
        }

        public Step(RemediationPhase phase, String reason, String message) {
            this(phase, reason, message, null);
        }

        /** Stays in {@code phase} and asks not to be called again before {@code retryAfter} has passed. */
        public static Step retryAfter(RemediationPhase phase, String reason, String message, Duration retryAfter) {
            return new Step(phase, reason, message, Objects.requireNonNull(retryAfter, "retryAfter"));
        }

        /** A pull request is open for review. */
        public static Step prCreated(String message) {
            return new Step(RemediationPhase.PRCreated, "PRCreated", message);
        }

        /** The change is being applied. */
        public static Step applying(String message) {
            return new Step(RemediationPhase.Applying, "Applying", message);
        }

        /** The change is in the cluster. */
        public static Step succeeded(String message) {
            return new Step(RemediationPhase.Succeeded, "Succeeded", message);
        }

        /** The remediation cannot go on; {@code reason} says why, such as {@code PatchRejected}. */
        public static Step failed(String reason, String message) {
            return new Step(RemediationPhase.Failed, reason, message);
        }
    }
}
