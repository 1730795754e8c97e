package io.heal8s.operator;

import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;

/**
 * Told of every phase change the operator has written to the cluster, after the status patch succeeded: the Liberty
 * application counts metrics and logs from it. Called on the reconciler's thread; it should return quickly, and
 * whatever it throws is logged and otherwise ignored (the transition has happened).
 */
@FunctionalInterface
public interface TransitionListener {

    /** Ignores every transition. */
    TransitionListener NONE = (remediation, from, to, reason) -> { };

    /**
     * @param remediation the Remediation as written, its status in phase {@code to}
     * @param from the phase before; null for a Remediation the operator had never seen (it had no status)
     * @param to the new phase
     * @param reason the status reason, a CamelCase word such as {@code TargetNotFound}
     */
    void onTransition(Remediation remediation, RemediationPhase from, RemediationPhase to, String reason);

    /**
     * Told once per Remediation that a safety rail made wait in its phase (reason {@code ConcurrencyLimit}): the
     * Liberty application counts {@code heal8s_remediations_deferred_total}. Nothing by default.
     *
     * @param remediation the Remediation as written, its status reason {@code reason}
     */
    default void onDeferred(Remediation remediation, String reason) {
    }
}
