package io.heal8s.engine.rules;

import static io.heal8s.engine.rules.Fixtures.NOW;
import static io.heal8s.engine.rules.Fixtures.cartAlert;
import static io.heal8s.engine.rules.Fixtures.engine;
import static io.heal8s.engine.rules.Fixtures.playbook;
import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Playbook;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionRulesTest {

    private static final Playbook MEMORY = playbook("memory", 100, "KubePodOOMKilled", ActionType.IncreaseMemory);
    private static final Playbook RESTART = playbook("restart", 50, "KubePodOOMKilled", ActionType.RolloutRestart);
    private static final Playbook ALPHA = playbook("alpha", 100, "KubePodOOMKilled", ActionType.RolloutRestart);

    @Test
    void highestPriorityWinsAndTheTraceSaysWhy() {
        try (DecisionEngine engine = engine(RESTART, MEMORY)) {
            Decision d = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(d.playbook()).isEqualTo("memory");
            assertThat(d.trace()).contains(
                    new TraceEntry("select:won-over", "memory won over restart (priority 100 > 50)"));
        }
    }

    @Test
    void matchingRulesFireInPriorityOrder() {
        try (DecisionEngine engine = engine(RESTART, MEMORY)) {
            Decision d = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(d.firedRules()).startsWith("playbook:memory", "playbook:restart");
        }
    }

    @Test
    void samePriorityIsDecidedByNameOrderAndTheTraceSaysSo() {
        try (DecisionEngine engine = engine(MEMORY, ALPHA)) {
            Decision d = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(d.playbook()).isEqualTo("alpha");
            assertThat(d.action()).isEqualTo(ActionType.RolloutRestart);
            assertThat(d.trace()).contains(
                    new TraceEntry("select:won-over", "alpha won over memory (same priority 100, name order)"));
        }
    }

    @Test
    void tieBreakDoesNotDependOnTheOrderPlaybooksWereGiven() {
        try (DecisionEngine forward = engine(MEMORY, ALPHA, RESTART);
                DecisionEngine backward = engine(RESTART, ALPHA, MEMORY)) {
            Decision a = forward.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);
            Decision b = backward.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(a.playbook()).isEqualTo("alpha");
            assertThat(b.reason()).isEqualTo(a.reason());
            assertThat(b.params()).isEqualTo(a.params());
            assertThat(b.trace()).filteredOn(e -> e.rule().startsWith("select:"))
                    .isEqualTo(a.trace().stream().filter(e -> e.rule().startsWith("select:")).toList());
        }
    }

    @Test
    void everyLosingOpenCandidateIsNamed() {
        try (DecisionEngine engine = engine(MEMORY, ALPHA, RESTART)) {
            Decision d = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(d.trace()).filteredOn(e -> e.rule().equals("select:won-over"))
                    .extracting(TraceEntry::message)
                    .containsExactlyInAnyOrder("alpha won over memory (same priority 100, name order)",
                            "alpha won over restart (priority 100 > 50)");
        }
    }
}
