package io.heal8s.engine.rules;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.Match;
import io.heal8s.engine.playbook.Playbook;

/**
 * A playbook as the engine numbers it: {@code index} is its position in the set (the generated rules refer to it by
 * this number only), {@code rank} its place in selection order (priority descending, then name ascending).
 */
final class PlaybookEntry {

    private final int index;
    private final int rank;
    private final Playbook playbook;

    PlaybookEntry(int index, int rank, Playbook playbook) {
        this.index = index;
        this.rank = rank;
        this.playbook = playbook;
    }

    int index() {
        return index;
    }

    int rank() {
        return rank;
    }

    Playbook playbook() {
        return playbook;
    }

    /** Whether the playbook has conditions beyond the alert name (the generated rule skips the check when not). */
    boolean hasConditionsBeyondName() {
        Match match = playbook.match();
        return !match.severities().isEmpty() || !match.matchers().isEmpty();
    }

    /**
     * The playbook's whole {@link Match}. Its name check repeats the generated rule's hashed constraint, a cheap set
     * lookup, so that what "matches" means stays in one place.
     */
    boolean matches(Alert alert) {
        return playbook.match().matches(alert);
    }
}
