package io.heal8s.engine.playbook;

import io.heal8s.engine.alert.Alert;
import java.util.List;
import java.util.Set;

/**
 * Which alerts a playbook answers: any of {@code alertNames} (empty: any name), any of {@code severities}
 * (empty: any severity), and every label matcher.
 */
public record Match(Set<String> alertNames, Set<String> severities, List<LabelMatcher> matchers) {

    public Match {
        alertNames = Set.copyOf(alertNames);
        severities = Set.copyOf(severities);
        matchers = List.copyOf(matchers);
    }

    public boolean matches(Alert alert) {
        if (!alertNames.isEmpty() && !alertNames.contains(alert.name())) {
            return false;
        }
        if (!severities.isEmpty() && !severities.contains(alert.severity())) {
            return false;
        }
        for (LabelMatcher m : matchers) {
            if (!m.matches(alert.labels())) {
                return false;
            }
        }
        return true;
    }
}
