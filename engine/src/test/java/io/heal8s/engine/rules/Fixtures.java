package io.heal8s.engine.rules;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertStatus;
import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Guards;
import io.heal8s.engine.playbook.LabelMatcher;
import io.heal8s.engine.playbook.Match;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.playbook.RuleSource;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.TargetSpec;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Playbooks, alerts and history built in code, so rule tests do not depend on the YAML loader. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final WorkloadRef CART = new WorkloadRef(WorkloadKind.Deployment, "shop", "cart", "app");

    private Fixtures() {
    }

    static Playbook playbook(String name, int priority, String alertName, ActionType action) {
        return new Playbook(name, "", priority, new Match(Set.of(alertName), Set.of(), List.of()),
                TargetSpec.DEFAULT, ActionSpec.defaults(action), Guards.DEFAULT, Strategy.DEFAULT, null, null);
    }

    static Playbook withMatch(Playbook p, Match match) {
        return new Playbook(p.name(), p.description(), p.priority(), match, p.target(), p.action(), p.guards(),
                p.strategy(), p.gitops(), p.source());
    }

    static Playbook withGuards(Playbook p, Duration cooldown, int maxAttempts, Duration window) {
        return new Playbook(p.name(), p.description(), p.priority(), p.match(), p.target(), p.action(),
                new Guards(cooldown, maxAttempts, window), p.strategy(), p.gitops(), p.source());
    }

    static Playbook withGuards(Playbook p, Guards guards) {
        return new Playbook(p.name(), p.description(), p.priority(), p.match(), p.target(), p.action(), guards,
                p.strategy(), p.gitops(), p.source());
    }

    static RemediationRecord record(WorkloadRef target, ActionType action, Duration ago, String outcome) {
        return new RemediationRecord(target, action, "earlier", NOW.minus(ago), outcome);
    }

    static Playbook withTarget(Playbook p, TargetSpec target) {
        return new Playbook(p.name(), p.description(), p.priority(), p.match(), target, p.action(), p.guards(),
                p.strategy(), p.gitops(), p.source());
    }

    static Match match(Set<String> names, Set<String> severities, String... matchers) {
        return new Match(names, severities, Arrays.stream(matchers).map(LabelMatcher::parse).toList());
    }

    /** A firing alert; {@code labels} alternate name and value. */
    static Alert alert(String name, String... labels) {
        Map<String, String> map = new HashMap<>();
        map.put(Alert.ALERTNAME, name);
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new Alert(AlertStatus.FIRING, map, Map.of(), NOW.minusSeconds(60), null, "", "fp-" + name);
    }

    /** An alert on the {@link #CART} deployment. */
    static Alert cartAlert(String name, String... extraLabels) {
        String[] labels = new String[6 + extraLabels.length];
        labels[0] = "namespace";
        labels[1] = "shop";
        labels[2] = "deployment";
        labels[3] = "cart";
        labels[4] = "container";
        labels[5] = "app";
        System.arraycopy(extraLabels, 0, labels, 6, extraLabels.length);
        return alert(name, labels);
    }

    static RemediationRecord record(WorkloadRef target, ActionType action, Duration ago) {
        return new RemediationRecord(target, action, "earlier", NOW.minus(ago), "Succeeded");
    }

    static RuleSource drl(String file, String text) {
        return new RuleSource(Path.of("playbooks", "rules", file), text);
    }

    static DecisionEngine engine(Playbook... playbooks) {
        return DecisionEngine.build(List.of(playbooks), List.of());
    }
}
