package io.heal8s.engine.rules;

import static io.heal8s.engine.rules.Fixtures.NOW;
import static io.heal8s.engine.rules.Fixtures.alert;
import static io.heal8s.engine.rules.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.LoadResult;
import io.heal8s.engine.playbook.PlaybookLoader;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decisions over the real {@code playbooks/} folder, with its {@code rules/*.drl}, as shipped. */
class DefaultPlaybookDecisionsTest {

    private static DecisionEngine engine;

    @BeforeAll
    static void build() {
        LoadResult loaded = new PlaybookLoader().load(Path.of("..", "playbooks"));
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.rules()).isNotEmpty();
        engine = DecisionEngine.build(loaded);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Decision decide(String... alertNameThenLabels) {
        String[] labels = new String[alertNameThenLabels.length - 1];
        System.arraycopy(alertNameThenLabels, 1, labels, 0, labels.length);
        return engine.decide(alert(alertNameThenLabels[0], labels), List.of(), NOW);
    }

    @Test
    void oomKilledAlertOnDeploymentDecidesIncreaseMemoryBy25PercentCappedAt2Gi() {
        Decision d = decide("KubePodOOMKilled", "namespace", "shop", "deployment", "cart", "container", "app",
                "severity", "warning");

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
        assertThat(d.playbook()).isEqualTo("oom-increase-memory");
        assertThat(d.action()).isEqualTo(ActionType.IncreaseMemory);
        assertThat(d.params()).containsEntry("percent", 25).containsEntry("max", "2Gi")
                .containsEntry("roundTo", "64Mi");
        assertThat(d.target()).isEqualTo(new WorkloadRef(WorkloadKind.Deployment, "shop", "cart", "app"));
        assertThat(d.strategy()).isEqualTo(new Strategy(Strategy.Mode.GitOps, true, Duration.ofHours(24)));
        assertThat(d.firedRules()).containsExactly("playbook:oom-increase-memory", "target:resolved",
                "params:defaults", "select:winner");
    }

    @Test
    void containerOomKilledNamingOnlyThePodTargetsThePodForTheClusterToFollow() {
        Decision d = decide("ContainerOOMKilled", "namespace", "shop", "pod", "cart-7d9f-x2", "container", "app");

        assertThat(d.playbook()).isEqualTo("oom-increase-memory");
        assertThat(d.target()).isEqualTo(new WorkloadRef(WorkloadKind.Pod, "shop", "cart-7d9f-x2", "app"));
    }

    @Test
    void oomKilledInKubeSystemMatchesNoPlaybook() {
        Decision d = decide("KubePodOOMKilled", "namespace", "kube-system", "pod", "coredns-1", "container", "dns");

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
        assertThat(d.firedRules()).containsExactly("select:no-match");
    }

    @Test
    void criticalOomOnAStatefulSetDecidesIncreaseMemoryBy50PercentThroughTheShippedRule() {
        Decision d = decide("KubePodOOMKilled", "namespace", "db", "statefulset", "pg", "container", "postgres",
                "severity", "critical");

        assertThat(d.params()).containsEntry("percent", 50).containsEntry("max", "2Gi");
        assertThat(d.firedRules()).contains("critical-oom: StatefulSet memory +50%");
    }

    @Test
    void oomKilledWithinTheCooldownIsGuarded() {
        WorkloadRef cart = new WorkloadRef(WorkloadKind.Deployment, "shop", "cart", "app");
        Decision d = engine.decide(alert("KubePodOOMKilled", "namespace", "shop", "deployment", "cart",
                "container", "app"), List.of(record(cart, ActionType.IncreaseMemory, Duration.ofMinutes(29))), NOW);

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.GUARDED);
        assertThat(d.firedRules()).contains("guard:cooldown");
    }

    @Test
    void oomKilledDuringADeclaredFreezeIsGuarded() {
        Decision d = decide("KubePodOOMKilled", "namespace", "shop", "deployment", "cart", "container", "app",
                "heal8s_freeze", "true");

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.GUARDED);
        assertThat(d.firedRules()).contains("freeze: no remediation while heal8s_freeze=true");
    }

    @Test
    void crashLoopingAlertDecidesRollbackImageAtMostOncePerDay() {
        WorkloadRef api = new WorkloadRef(WorkloadKind.Deployment, "shop", "api", "server");
        var crash = alert("KubePodCrashLooping", "namespace", "shop", "deployment", "api", "container", "server",
                "reason", "CrashLoopBackOff");

        Decision first = engine.decide(crash, List.of(), NOW);
        Decision second = engine.decide(crash, List.of(record(api, ActionType.RollbackImage, Duration.ofHours(2))),
                NOW);

        assertThat(first.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
        assertThat(first.playbook()).isEqualTo("crashloop-rollback-image");
        assertThat(first.action()).isEqualTo(ActionType.RollbackImage);
        assertThat(first.params()).isEmpty();
        assertThat(second.outcome()).isEqualTo(Decision.Outcome.GUARDED);
        assertThat(second.firedRules()).contains("guard:max-attempts").doesNotContain("guard:cooldown");
    }

    @Test
    void hpaMaxedOutDecidesScaleUpBy50PercentOfTheDeploymentNamedAfterTheHpa() {
        Decision d = decide("KubeHpaMaxedOut", "namespace", "shop", "horizontalpodautoscaler", "web");

        assertThat(d.playbook()).isEqualTo("hpa-maxed-out-scale-up");
        assertThat(d.action()).isEqualTo(ActionType.ScaleUp);
        assertThat(d.target()).isEqualTo(new WorkloadRef(WorkloadKind.Deployment, "shop", "web", ""));
        assertThat(d.params()).containsEntry("percent", 50).containsEntry("minIncrement", 1)
                .containsEntry("maxReplicas", 20);
    }

    @Test
    void cpuThrottlingDecidesIncreaseCpuBy25PercentCappedAtTwoCores() {
        Decision d = decide("CPUThrottlingHigh", "namespace", "shop", "pod", "web-1", "container", "nginx",
                "severity", "info");

        assertThat(d.playbook()).isEqualTo("cpu-throttling-increase-cpu");
        assertThat(d.action()).isEqualTo(ActionType.IncreaseCPU);
        assertThat(d.params()).containsEntry("percent", 25).containsEntry("roundTo", "50m").containsEntry("max", "2");
    }

    @Test
    void cpuThrottlingOfThePodSandboxMatchesNoPlaybook() {
        Decision d = decide("CPUThrottlingHigh", "namespace", "shop", "pod", "web-1", "container", "POD");

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
    }

    @Test
    void memoryLeakDecidesADirectRolloutRestartForWarningsOnly() {
        Decision warning = decide("HighMemoryLeak", "namespace", "shop", "deployment", "cart", "severity", "warning");
        Decision info = decide("HighMemoryLeak", "namespace", "shop", "deployment", "cart", "severity", "info");

        assertThat(warning.playbook()).isEqualTo("memory-leak-rollout-restart");
        assertThat(warning.action()).isEqualTo(ActionType.RolloutRestart);
        assertThat(warning.strategy().mode()).isEqualTo(Strategy.Mode.Direct);
        assertThat(info.outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
    }

    @Test
    void alertWithoutWorkloadLabelsIsNoTarget() {
        Decision d = decide("KubePodOOMKilled", "namespace", "shop", "severity", "critical");

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_TARGET);
        assertThat(d.firedRules()).containsExactly("playbook:oom-increase-memory", "target:missing",
                "select:all-blocked");
    }
}
