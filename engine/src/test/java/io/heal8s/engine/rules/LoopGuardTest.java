package io.heal8s.engine.rules;

import static io.heal8s.engine.rules.Fixtures.CART;
import static io.heal8s.engine.rules.Fixtures.NOW;
import static io.heal8s.engine.rules.Fixtures.cartAlert;
import static io.heal8s.engine.rules.Fixtures.engine;
import static io.heal8s.engine.rules.Fixtures.playbook;
import static io.heal8s.engine.rules.Fixtures.record;
import static io.heal8s.engine.rules.Fixtures.withGuards;
import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Guards;
import io.heal8s.engine.playbook.Playbook;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code guard:loop} on its own: the cooldown is off and the attempt limit out of reach unless a test says so. */
class LoopGuardTest {

    private static final Playbook OOM = withGuards(playbook("oom-kill", 100, "KubePodOOMKilled",
            ActionType.IncreaseMemory), new Guards(Duration.ZERO, 100, Duration.ofHours(24), 3, Duration.ofHours(24)));
    private static final Playbook RESTART = withGuards(playbook("restart", 100, "KubePodCrashLooping",
            ActionType.RolloutRestart), new Guards(Duration.ZERO, 100, Duration.ofHours(24), 2, Duration.ofHours(6)));

    private static DecisionEngine engine;

    @BeforeAll
    static void build() {
        engine = engine(OOM, RESTART);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Decision oom(RemediationRecord... history) {
        return engine.decide(cartAlert("KubePodOOMKilled"), List.of(history), NOW);
    }

    @Test
    void memoryRaisedThreeTimesInADayIsASuspectedLeak() {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofHours(2)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(5), "PRCreated"),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(10), "Applying"));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.GUARDED);
        assertThat(d.firedRules()).containsExactly("playbook:oom-kill", "target:resolved", "guard:loop",
                "select:all-blocked");
        assertThat(d.refusal()).isEqualTo(new Refusal("loop", "SuspectedLeak", "memory raised 3 times in 24h on"
                + " Deployment shop/cart: this looks like a leak, not a sizing problem; a human should look"));
        assertThat(d.refusal().metricReason()).isEqualTo("suspected_leak");
    }

    @Test
    void twoChangesAreNotALoop() {
        assertThat(oom(record(CART, ActionType.IncreaseMemory, Duration.ofHours(2)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(5))).outcome())
                .isEqualTo(Decision.Outcome.REMEDIATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Pending", "Analyzing", "PRCreated", "Applying", "Succeeded"})
    void aChangeMadeOrOnItsWayCounts(String phase) {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofHours(1), phase),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(2)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(3)));

        assertThat(d.refusal()).extracting(Refusal::reason).isEqualTo("SuspectedLeak");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Skipped", "Failed", "Expired"})
    void refusalsFailuresAndExpiriesDoNotCount(String phase) {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofHours(1), phase),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(2), phase),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(3)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(4)));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
    }

    @Test
    void changesOutsideTheLoopWindowOrOfAnotherActionDoNotCount() {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofHours(2)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(5)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(25)),
                record(CART, ActionType.RolloutRestart, Duration.ofHours(1)));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
    }

    @Test
    void anotherActionRepeatedIsASuspectedLoopWithThePlaybooksWindow() {
        Decision d = engine.decide(cartAlert("KubePodCrashLooping"), List.of(
                record(CART, ActionType.RolloutRestart, Duration.ofHours(1)),
                record(CART, ActionType.RolloutRestart, Duration.ofHours(5))), NOW);

        assertThat(d.refusal()).isEqualTo(new Refusal("loop", "SuspectedLoop", "RolloutRestart applied 2 times in"
                + " 6h on Deployment shop/cart: this looks like a loop, not a fix; a human should look"));
        assertThat(d.refusal().metricReason()).isEqualTo("suspected_loop");
        // Outside the 6h window.
        assertThat(engine.decide(cartAlert("KubePodCrashLooping"), List.of(
                record(CART, ActionType.RolloutRestart, Duration.ofHours(1)),
                record(CART, ActionType.RolloutRestart, Duration.ofHours(7))), NOW).outcome())
                .isEqualTo(Decision.Outcome.REMEDIATE);
    }

    @Test
    void maxChangesOfZeroDisablesTheLoopCheck() {
        Playbook off = withGuards(OOM, new Guards(Duration.ZERO, 100, Duration.ofHours(24), 0,
                Duration.ofHours(24)));
        try (DecisionEngine e = engine(off)) {
            Decision d = e.decide(cartAlert("KubePodOOMKilled"), List.of(
                    record(CART, ActionType.IncreaseMemory, Duration.ofHours(1)),
                    record(CART, ActionType.IncreaseMemory, Duration.ofHours(2)),
                    record(CART, ActionType.IncreaseMemory, Duration.ofHours(3)),
                    record(CART, ActionType.IncreaseMemory, Duration.ofHours(4))), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
        }
    }

    @Test
    void whenLoopAndMaxAttemptsBothBlockTheLoopsReasonWins() {
        try (DecisionEngine e = engine(withGuards(OOM, Guards.DEFAULT))) {
            Decision d = e.decide(cartAlert("KubePodOOMKilled"), List.of(
                    record(CART, ActionType.IncreaseMemory, Duration.ofHours(1)),
                    record(CART, ActionType.IncreaseMemory, Duration.ofHours(2)),
                    record(CART, ActionType.IncreaseMemory, Duration.ofHours(3))), NOW);

            assertThat(d.firedRules()).contains("guard:max-attempts", "guard:loop");
            assertThat(d.refusal().reason()).isEqualTo("SuspectedLeak");
            assertThat(d.reason()).contains("max attempts: 3", "memory raised 3 times in 24h");
        }
    }
}
