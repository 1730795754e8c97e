package io.heal8s.engine.rules;

import io.heal8s.engine.alert.Alert;
import java.util.List;
import java.util.Map;

/**
 * The alert under decision as a fact. It carries {@code nameId}, the engine's number for the alert name, so
 * generated playbook rules match names with hashed integer constraints and never embed user text in DRL, and it
 * answers {@link #matchesPlaybook(int)} so they check severities and label matchers as an alpha constraint.
 */
public final class AlertFact {

    /** The name id of an alert name no playbook lists. */
    public static final int UNKNOWN_NAME = -1;

    private final Alert alert;
    private final int nameId;
    private final List<PlaybookEntry> playbooks;

    AlertFact(Alert alert, int nameId, List<PlaybookEntry> playbooks) {
        this.alert = alert;
        this.nameId = nameId;
        this.playbooks = playbooks;
    }

    public Alert getAlert() {
        return alert;
    }

    public int getNameId() {
        return nameId;
    }

    public String getName() {
        return alert.name();
    }

    public String getSeverity() {
        return alert.severity();
    }

    /** The labels, for DRL map access such as {@code labels["namespace"]}. */
    public Map<String, String> getLabels() {
        return alert.labels();
    }

    /** Whether the severities and label matchers of the playbook numbered {@code index} hold for this alert. */
    public boolean matchesPlaybook(int index) {
        return playbooks.get(index).matches(alert);
    }

    PlaybookEntry playbook(int index) {
        return playbooks.get(index);
    }

    @Override
    public String toString() {
        return "AlertFact[" + alert.name() + " " + alert.labels() + "]";
    }
}
