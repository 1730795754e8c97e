package io.heal8s.engine.rules;

import static io.heal8s.engine.rules.Fixtures.NOW;
import static io.heal8s.engine.rules.Fixtures.cartAlert;
import static io.heal8s.engine.rules.Fixtures.match;
import static io.heal8s.engine.rules.Fixtures.playbook;
import static io.heal8s.engine.rules.Fixtures.withMatch;
import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Playbook;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Playbook text never becomes DRL: hostile names and matcher values stay data. */
class RuleInjectionTest {

    private static final String EXIT = "\"); System.exit(1); //";
    private static final String BREAKOUT = "x\" salience 999 when then System.exit(1); end rule \"y";

    private static final Playbook HOSTILE = withMatch(
            playbook(BREAKOUT + "\n$a", 100, EXIT, ActionType.RolloutRestart),
            match(Set.of(EXIT, "end\nrule"), Set.of("\"critical\""), "namespace=\"shop\\\"); System.exit(2); //\""));

    @Test
    void generatedDrlContainsNoTextFromThePlaybook() {
        Map<String, String> labels = new HashMap<>();
        String drl = PlaybookRuleGenerator.drl(new PlaybookEntry(0, 0, HOSTILE), List.of(3, 4), labels);

        assertThat(drl).doesNotContain("System.exit").doesNotContain("salience 999").doesNotContain("critical");
        assertThat(labels).containsValue("playbook:" + HOSTILE.name());
    }

    @Test
    void hostileAlertNamePlaybookNameAndMatchersCompileAndStayInert() {
        try (DecisionEngine engine = DecisionEngine.build(List.of(HOSTILE), List.of())) {
            Decision hit = engine.decide(cartAlert(EXIT, "severity", "\"critical\"",
                    "namespace", "shop\"); System.exit(2); //"), List.of(), NOW);
            Decision miss = engine.decide(cartAlert("KubePodOOMKilled", "severity", "\"critical\""), List.of(), NOW);

            // The hostile matcher overrides the namespace the target is read from, so it matches but finds the
            // deployment in that odd namespace: the point is that it ran as data.
            assertThat(hit.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
            assertThat(hit.playbook()).isEqualTo(BREAKOUT + "\n$a");
            assertThat(hit.firedRules()).startsWith("playbook:" + BREAKOUT + "\n$a");
            assertThat(miss.outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
        }
    }

    @Test
    void secondHostileAlertNameMatchesAsPlainText() {
        try (DecisionEngine engine = DecisionEngine.build(List.of(HOSTILE), List.of())) {
            Decision d = engine.decide(cartAlert("end\nrule", "severity", "\"critical\"",
                    "namespace", "shop\"); System.exit(2); //"), List.of(), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
        }
    }
}
