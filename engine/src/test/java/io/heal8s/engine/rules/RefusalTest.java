package io.heal8s.engine.rules;

import static io.heal8s.engine.rules.Fixtures.CART;
import static io.heal8s.engine.rules.Fixtures.NOW;
import static io.heal8s.engine.rules.Fixtures.cartAlert;
import static io.heal8s.engine.rules.Fixtures.drl;
import static io.heal8s.engine.rules.Fixtures.engine;
import static io.heal8s.engine.rules.Fixtures.playbook;
import static io.heal8s.engine.rules.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.playbook.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a GUARDED decision says about the change it refused, so that the refusal can be stored as a Remediation. */
class RefusalTest {

    private static final Playbook OOM = playbook("oom-kill", 100, "KubePodOOMKilled", ActionType.IncreaseMemory);

    @Test
    void aCooldownRefusalDescribesTheRefusedChange() {
        try (DecisionEngine e = engine(OOM)) {
            Decision d = e.decide(cartAlert("KubePodOOMKilled"),
                    List.of(record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(10))), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.GUARDED);
            assertThat(d.remediates()).isFalse();
            assertThat(d.refused()).isTrue();
            assertThat(d.refusal().rail()).isEqualTo("cooldown");
            assertThat(d.refusal().reason()).isEqualTo("Cooldown");
            assertThat(d.refusal().metricReason()).isEqualTo("cooldown");
            assertThat(d.refusal().message()).startsWith("cooldown: IncreaseMemory on shop/Deployment/cart at");
            assertThat(d.playbook()).isEqualTo("oom-kill");
            assertThat(d.action()).isEqualTo(ActionType.IncreaseMemory);
            assertThat(d.target()).isEqualTo(CART);
            assertThat(d.strategy()).isEqualTo(Strategy.DEFAULT);
            // The playbook's parameters in the action's order, although the params rules did not run for it.
            assertThat(d.params()).isEqualTo(OOM.action().params());
            assertThat(List.copyOf(d.params().keySet())).isEqualTo(ActionType.IncreaseMemory.params().stream()
                    .map(p -> p.name()).filter(OOM.action().params()::containsKey).toList());
            assertThat(d.firedRules()).doesNotContain("params:defaults");
        }
    }

    @Test
    void maxAttemptsSaysMoreThanACooldown() {
        try (DecisionEngine e = engine(Fixtures.withGuards(OOM, Duration.ofMinutes(30), 2, Duration.ofHours(24)))) {
            Decision d = e.decide(cartAlert("KubePodOOMKilled"), List.of(
                    record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(10), "Failed"),
                    record(CART, ActionType.IncreaseMemory, Duration.ofHours(3), "Failed")), NOW);

            assertThat(d.firedRules()).contains("guard:cooldown", "guard:max-attempts");
            assertThat(d.refusal().reason()).isEqualTo("MaxAttempts");
            assertThat(d.refusal().metricReason()).isEqualTo("max_attempts");
        }
    }

    @Test
    void aUserGuardIsGuardedAndNamesItsRail() {
        String rule = """
                package acme.rules;
                import io.heal8s.engine.rules.Candidate;
                rule "acme: freeze"
                    agenda-group "guard"
                when
                    $c : Candidate( targetUsable == true )
                then
                    insert(new io.heal8s.engine.rules.Block($c, "freeze", "changes are frozen this week"));
                end
                """;
        try (DecisionEngine e = DecisionEngine.build(List.of(OOM), List.of(drl("freeze.drl", rule)))) {
            Decision d = e.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(d.refusal()).isEqualTo(new Refusal("freeze", "Guarded", "changes are frozen this week"));
        }
    }

    @Test
    void theRefusedPlaybookIsTheBestRankedBlockedOne() {
        Playbook restart = playbook("restart-on-oom", 10, "KubePodOOMKilled", ActionType.RolloutRestart);
        try (DecisionEngine e = engine(OOM, restart)) {
            Decision d = e.decide(cartAlert("KubePodOOMKilled"), List.of(
                    record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(1)),
                    record(CART, ActionType.RolloutRestart, Duration.ofMinutes(2))), NOW);

            assertThat(d.playbook()).isEqualTo("oom-kill");
            assertThat(d.action()).isEqualTo(ActionType.IncreaseMemory);
        }
    }

    @Test
    void noTargetIsNoRefusal() {
        try (DecisionEngine e = engine(OOM)) {
            Decision d = e.decide(Fixtures.alert("KubePodOOMKilled", "namespace", "shop"), List.of(), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_TARGET);
            assertThat(d.refusal()).isNull();
            assertThat(d.target()).isNull();
        }
    }
}
