package io.heal8s.engine.rules;

import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.WorkloadRef;
import java.time.Instant;
import java.util.Objects;

/**
 * A remediation that already happened (or was proposed), supplied by the caller so the guard rules can count recent
 * attempts on the same workload. Two records concern "the same target" when their {@link WorkloadRef#key()} agree.
 *
 * @param playbook the playbook that proposed it, for messages
 * @param outcome free text such as {@code Succeeded} or {@code Failed}; every outcome counts against the guards
 */
public record RemediationRecord(WorkloadRef target, ActionType action, String playbook, Instant at, String outcome) {

    public RemediationRecord {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(at, "at");
        playbook = playbook == null ? "" : playbook;
        outcome = outcome == null ? "" : outcome;
    }

    /** The target's {@code namespace/Kind/name}, the join key of the guard rules (a getter so DRL can read it). */
    public String getTargetKey() {
        return target.key();
    }
}
