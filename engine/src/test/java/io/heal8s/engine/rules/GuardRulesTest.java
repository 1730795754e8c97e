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
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GuardRulesTest {

    // Cooldown 30m, at most 3 attempts in 24h; the loop check is off so that each guard is seen on its own
    // (LoopGuardTest covers it).
    private static final Playbook OOM = withGuards(
            playbook("oom-kill", 100, "KubePodOOMKilled", ActionType.IncreaseMemory),
            new Guards(Duration.ofMinutes(30), 3, Duration.ofHours(24), 0, Duration.ofHours(24)));
    private static final Playbook UNLIMITED = withGuards(
            playbook("restart", 100, "KubePodCrashLooping", ActionType.RolloutRestart),
            new Guards(Duration.ofMinutes(30), 0, Duration.ofHours(24), 0, Duration.ofHours(24)));

    private static DecisionEngine engine;

    @BeforeAll
    static void build() {
        engine = engine(OOM, UNLIMITED);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Decision oom(RemediationRecord... history) {
        return engine.decide(cartAlert("KubePodOOMKilled"), List.of(history), NOW);
    }

    @Test
    void cooldownBlocksTheSameActionOnTheSameTargetWithinTheCooldown() {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(10)));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.GUARDED);
        assertThat(d.firedRules()).containsExactly("playbook:oom-kill", "target:resolved", "guard:cooldown",
                "select:all-blocked");
        assertThat(d.reason()).isEqualTo("Every playbook matching alert KubePodOOMKilled is blocked: oom-kill"
                + " (cooldown: IncreaseMemory on shop/Deployment/cart at 2026-11-25T11:50:00Z (playbook earlier)"
                + " is 10m ago, within the 30m cooldown that ends at 2026-11-25T12:20:00Z).");
    }

    @Test
    void cooldownAllowsTheActionOnceItHasPassed() {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(31)));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
        assertThat(d.firedRules()).doesNotContain("guard:cooldown");
    }

    @Test
    void cooldownEndsExactlyWhenTheCooldownHasElapsed() {
        assertThat(oom(record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(30))).outcome())
                .isEqualTo(Decision.Outcome.REMEDIATE);
        assertThat(oom(record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(30).minusSeconds(1))).outcome())
                .isEqualTo(Decision.Outcome.GUARDED);
    }

    @Test
    void cooldownNamesTheLatestRecordAndBlocksOnce() {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(20)),
                record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(5)),
                record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(15)));

        assertThat(d.firedRules()).containsOnlyOnce("guard:cooldown");
        assertThat(d.reason()).contains("is 5m ago");
    }

    @Test
    void historyOfAnotherTargetDoesNotBlock() {
        WorkloadRef otherNamespace = new WorkloadRef(WorkloadKind.Deployment, "staging", "cart", "app");
        WorkloadRef otherName = new WorkloadRef(WorkloadKind.Deployment, "shop", "checkout", "app");
        WorkloadRef otherKind = new WorkloadRef(WorkloadKind.StatefulSet, "shop", "cart", "app");

        Decision d = oom(record(otherNamespace, ActionType.IncreaseMemory, Duration.ofMinutes(1)),
                record(otherName, ActionType.IncreaseMemory, Duration.ofMinutes(1)),
                record(otherKind, ActionType.IncreaseMemory, Duration.ofMinutes(1)));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
    }

    @Test
    void historyOfAnotherContainerOfTheSameWorkloadBlocks() {
        WorkloadRef sidecar = new WorkloadRef(WorkloadKind.Deployment, "shop", "cart", "sidecar");

        assertThat(oom(record(sidecar, ActionType.IncreaseMemory, Duration.ofMinutes(1))).outcome())
                .isEqualTo(Decision.Outcome.GUARDED);
    }

    @Test
    void historyOfAnotherActionOnTheSameTargetDoesNotBlock() {
        Decision d = oom(record(CART, ActionType.RolloutRestart, Duration.ofMinutes(1)),
                record(CART, ActionType.ScaleUp, Duration.ofMinutes(1)),
                record(CART, ActionType.ScaleUp, Duration.ofMinutes(2)),
                record(CART, ActionType.ScaleUp, Duration.ofMinutes(3)));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
    }

    @Test
    void maxAttemptsBlocksWhenTheWindowHoldsThatManyAttempts() {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofHours(2)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(5)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(10)));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.GUARDED);
        assertThat(d.firedRules()).containsExactly("playbook:oom-kill", "target:resolved", "guard:max-attempts",
                "select:all-blocked");
        assertThat(d.reason()).contains("max attempts: 3 IncreaseMemory on shop/Deployment/cart within the last 1d"
                + " reach the limit of 3");
    }

    @Test
    void maxAttemptsAllowsFewerAttempts() {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofHours(2)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(5)));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
    }

    @Test
    void maxAttemptsCountsOnlyAttemptsInsideTheWindow() {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofHours(2)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(5)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(25)));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
    }

    @Test
    void maxAttemptsOfZeroMeansNoLimit() {
        Decision d = engine.decide(cartAlert("KubePodCrashLooping"), List.of(
                record(CART, ActionType.RolloutRestart, Duration.ofHours(1)),
                record(CART, ActionType.RolloutRestart, Duration.ofHours(2)),
                record(CART, ActionType.RolloutRestart, Duration.ofHours(3)),
                record(CART, ActionType.RolloutRestart, Duration.ofHours(4))), NOW);

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
    }

    @Test
    void cooldownAndMaxAttemptsBothReportTheirReasons() {
        Decision d = oom(record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(5)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(5)),
                record(CART, ActionType.IncreaseMemory, Duration.ofHours(10)));

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.GUARDED);
        assertThat(d.firedRules()).contains("guard:cooldown", "guard:max-attempts");
        assertThat(d.reason()).contains("cooldown: ").contains("max attempts: 3");
    }

    @Test
    void aGuardedBetterPlaybookLetsTheNextOneAct() {
        Playbook restart = playbook("restart-on-oom", 10, "KubePodOOMKilled", ActionType.RolloutRestart);
        try (DecisionEngine two = engine(OOM, restart)) {
            Decision d = two.decide(cartAlert("KubePodOOMKilled"),
                    List.of(record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(1))), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
            assertThat(d.playbook()).isEqualTo("restart-on-oom");
            assertThat(d.firedRules()).contains("guard:cooldown").doesNotContain("select:won-over");
        }
    }

    @Test
    void guardedReasonListsEveryBlockedPlaybook() {
        Playbook restart = playbook("restart-on-oom", 10, "KubePodOOMKilled", ActionType.RolloutRestart);
        try (DecisionEngine two = engine(OOM, restart)) {
            Decision d = two.decide(cartAlert("KubePodOOMKilled"), List.of(
                    record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(1)),
                    record(CART, ActionType.RolloutRestart, Duration.ofMinutes(2))), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.GUARDED);
            assertThat(d.reason()).contains("oom-kill (cooldown: IncreaseMemory", "restart-on-oom (cooldown: "
                    + "RolloutRestart");
        }
    }

    @Test
    void blockedAndTargetlessMixIsGuarded() {
        Playbook pvc = playbook("expand", 500, "KubePodOOMKilled", ActionType.ExpandVolume);
        try (DecisionEngine two = engine(OOM, pvc)) {
            Decision d = two.decide(cartAlert("KubePodOOMKilled"),
                    List.of(record(CART, ActionType.IncreaseMemory, Duration.ofMinutes(1))), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.GUARDED);
            assertThat(d.reason()).contains("expand (ExpandVolume (playbook expand) cannot act on Deployment");
        }
    }
}
