package io.heal8s.engine.rules;

import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.WorkloadRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A remediation that already happened (or was proposed), supplied by the caller so the guard rules can count recent
 * attempts on the same workload. Two records concern "the same target" when their {@link WorkloadRef#key()} agree.
 *
 * @param playbook the playbook that proposed it, for messages
 * @param outcome the Remediation's phase, such as {@code Succeeded} or {@code Failed} (empty: not looked at yet);
 *     every outcome counts against the cooldown and attempt limits, only changes ({@link #isChange()}) against the
 *     loop check
 */
public record RemediationRecord(WorkloadRef target, ActionType action, String playbook, Instant at, String outcome) {

    public RemediationRecord {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        playbook = playbook == null ? "" : playbook;
        outcome = outcome == null ? "" : outcome;
    }

    // Phases in which the change was made or is still on its way; Failed (mostly before any change), Expired and
    // Skipped made none.
    private static final Set<String> CHANGE_PHASES = Set.of("", "Pending", "Analyzing", "PRCreated", "Applying",
            "Succeeded");

    /**
     * Whether this remediation changed its target, or still may: the loop check counts these, not refusals, expiries
     * or failures.
     */
    public boolean isChange() {
        return CHANGE_PHASES.contains(outcome);
    }

    /** The target's {@code namespace/Kind/name}, the join key of the guard rules (a getter so DRL can read it). */
    public String getTargetKey() {
        return target.key();
    }
}
