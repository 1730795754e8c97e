package io.heal8s.engine.rules;

import static io.heal8s.engine.rules.Fixtures.CART;
import static io.heal8s.engine.rules.Fixtures.NOW;
import static io.heal8s.engine.rules.Fixtures.alert;
import static io.heal8s.engine.rules.Fixtures.cartAlert;
import static io.heal8s.engine.rules.Fixtures.engine;
import static io.heal8s.engine.rules.Fixtures.match;
import static io.heal8s.engine.rules.Fixtures.playbook;
import static io.heal8s.engine.rules.Fixtures.withMatch;
import static io.heal8s.engine.rules.Fixtures.withTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertStatus;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.playbook.TargetSpec;
import io.heal8s.engine.playbook.WorkloadKind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {

    private static final Playbook OOM = playbook("oom-kill", 100, "KubePodOOMKilled", ActionType.IncreaseMemory);

    @Test
    void matchingPlaybookRemediatesWithItsActionParamsTargetAndStrategy() {
        try (DecisionEngine engine = engine(OOM)) {
            Decision d = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
            assertThat(d.playbook()).isEqualTo("oom-kill");
            assertThat(d.action()).isEqualTo(ActionType.IncreaseMemory);
            assertThat(d.target()).isEqualTo(CART);
            assertThat(d.params()).containsEntry("percent", 25).containsEntry("max", "2Gi");
            assertThat(d.strategy()).isEqualTo(OOM.strategy());
            assertThat(d.reason()).isEqualTo(
                    "Playbook oom-kill proposes IncreaseMemory on Deployment shop/cart for alert KubePodOOMKilled.");
            assertThat(d.firedRules()).containsExactly(
                    "playbook:oom-kill", "target:resolved", "params:defaults", "select:winner");
        }
    }

    @Test
    void traceExplainsEachFiredRule() {
        try (DecisionEngine engine = engine(OOM)) {
            Decision d = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(d.trace()).extracting(TraceEntry::message).containsExactly(
                    "alert KubePodOOMKilled matches playbook oom-kill (priority 100, action IncreaseMemory)",
                    "oom-kill targets Deployment shop/cart container app",
                    "IncreaseMemory {percent=25, minStep=64Mi, roundTo=64Mi, max=2Gi, default=256Mi, requests=keepRatio}",
                    "oom-kill selected: IncreaseMemory on Deployment shop/cart");
        }
    }

    @Test
    void paramsKeepTheActionsDeclaredOrderAndAreImmutable() {
        try (DecisionEngine engine = engine(OOM)) {
            Decision d = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(d.params().keySet()).containsExactly("percent", "minStep", "roundTo", "max", "default",
                    "requests");
            assertThatThrownBy(() -> d.params().put("percent", 99)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void alertNoPlaybookListsIsAnExplicitNoMatch() {
        try (DecisionEngine engine = engine(OOM)) {
            Decision d = engine.decide(cartAlert("KubeNodeNotReady", "severity", "warning"), List.of(), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
            assertThat(d.playbook()).isNull();
            assertThat(d.action()).isNull();
            assertThat(d.params()).isEmpty();
            assertThat(d.reason()).isEqualTo("No playbook matches alert KubeNodeNotReady with severity warning.");
            assertThat(d.trace()).containsExactly(
                    new TraceEntry("select:no-match", "no playbook matches alert KubeNodeNotReady (severity warning)"));
        }
    }

    @Test
    void severityAndLabelMatchersMustAllHoldBesidesTheName() {
        Playbook strict = withMatch(OOM, match(Set.of("KubePodOOMKilled"), Set.of("critical"),
                "namespace=~\"shop|pay\"", "team!=\"sandbox\""));
        try (DecisionEngine engine = engine(strict)) {
            assertThat(engine.decide(cartAlert("KubePodOOMKilled", "severity", "critical"), List.of(), NOW)
                    .outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
            assertThat(engine.decide(cartAlert("KubePodOOMKilled", "severity", "warning"), List.of(), NOW)
                    .outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
            assertThat(engine.decide(cartAlert("KubePodOOMKilled", "severity", "critical", "team", "sandbox"),
                    List.of(), NOW).outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
        }
    }

    @Test
    void playbookWithSeveralAlertNamesMatchesEachOfThem() {
        Playbook crash = withMatch(playbook("crash", 50, "x", ActionType.RolloutRestart),
                match(Set.of("KubePodCrashLooping", "KubeContainerWaiting"), Set.of()));
        try (DecisionEngine engine = engine(crash, OOM)) {
            assertThat(engine.decide(cartAlert("KubePodCrashLooping"), List.of(), NOW).playbook()).isEqualTo("crash");
            assertThat(engine.decide(cartAlert("KubeContainerWaiting"), List.of(), NOW).playbook())
                    .isEqualTo("crash");
            assertThat(engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW).playbook())
                    .isEqualTo("oom-kill");
        }
    }

    @Test
    void playbookWithoutAlertNamesMatchesAnyName() {
        Playbook any = withMatch(playbook("any-critical", 1, "x", ActionType.RolloutRestart),
                match(Set.of(), Set.of("critical")));
        try (DecisionEngine engine = engine(any)) {
            Decision d = engine.decide(cartAlert("Whatever", "severity", "critical"), List.of(), NOW);

            assertThat(d.playbook()).isEqualTo("any-critical");
            assertThat(d.firedRules()).startsWith("playbook:any-critical");
        }
    }

    @Test
    void resolvedAlertIsNotRemediated() {
        Alert firing = cartAlert("KubePodOOMKilled");
        Alert resolved = new Alert(AlertStatus.RESOLVED, firing.labels(), Map.of(), firing.startsAt(), NOW, "", "");
        try (DecisionEngine engine = engine(OOM)) {
            Decision d = engine.decide(resolved, List.of(), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
            assertThat(d.reason()).isEqualTo("Alert KubePodOOMKilled is resolved; heal8s acts only on firing alerts.");
        }
    }

    @Test
    void alertWithoutWorkloadLabelsIsNoTargetNamingTheMissingLabels() {
        try (DecisionEngine engine = engine(OOM)) {
            Decision d = engine.decide(alert("KubePodOOMKilled", "namespace", "shop"), List.of(), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_TARGET);
            assertThat(d.firedRules()).containsExactly("playbook:oom-kill", "target:missing", "select:all-blocked");
            assertThat(d.reason()).isEqualTo("No playbook matching alert KubePodOOMKilled finds a workload it can act"
                    + " on: oom-kill (alert KubePodOOMKilled has none of the labels 'deployment', 'statefulset',"
                    + " 'daemonset', 'persistentvolumeclaim', 'pod', so playbook oom-kill finds no workload).");
        }
    }

    @Test
    void alertWithoutNamespaceIsNoTarget() {
        try (DecisionEngine engine = engine(OOM)) {
            Decision d = engine.decide(alert("KubePodOOMKilled", "deployment", "cart"), List.of(), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_TARGET);
            assertThat(d.reason()).contains("has no 'namespace' label");
        }
    }

    @Test
    void targetOfAKindTheActionCannotChangeIsNoTarget() {
        try (DecisionEngine engine = engine(OOM)) {
            Decision d = engine.decide(alert("KubePodOOMKilled", "namespace", "shop",
                    "persistentvolumeclaim", "data-0"), List.of(), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_TARGET);
            assertThat(d.firedRules()).containsExactly("playbook:oom-kill", "target:unsupported-kind",
                    "select:all-blocked");
            assertThat(d.reason()).contains("IncreaseMemory (playbook oom-kill) cannot act on PersistentVolumeClaim"
                    + " shop/PersistentVolumeClaim/data-0; it acts on DaemonSet, Deployment, Pod, StatefulSet");
        }
    }

    @Test
    void playbookWithAFixedKindReadsOnlyThatKindsLabel() {
        TargetSpec sts = new TargetSpec(WorkloadKind.StatefulSet, "namespace", "deployment", "statefulset",
                "daemonset", "persistentvolumeclaim", "pod", "container");
        try (DecisionEngine engine = engine(withTarget(OOM, sts))) {
            Decision onDeployment = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);
            Decision onStatefulSet = engine.decide(alert("KubePodOOMKilled", "namespace", "db",
                    "statefulset", "pg", "deployment", "ignored"), List.of(), NOW);

            assertThat(onDeployment.outcome()).isEqualTo(Decision.Outcome.NO_TARGET);
            assertThat(onDeployment.reason()).contains("has no 'statefulset' label naming the StatefulSet");
            assertThat(onStatefulSet.target().key()).isEqualTo("db/StatefulSet/pg");
        }
    }

    @Test
    void missingTargetOfTheBestPlaybookLetsTheNextOneAct() {
        Playbook pvc = playbook("pvc-full", 200, "KubePodOOMKilled", ActionType.ExpandVolume);
        try (DecisionEngine engine = engine(pvc, OOM)) {
            Decision d = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(d.playbook()).isEqualTo("oom-kill");
            assertThat(d.firedRules()).contains("target:unsupported-kind", "select:winner");
        }
    }

    @Test
    void buildingIsRequiredOnlyOncePerPlaybookSetAndDecisionsRepeatIdentically() {
        try (DecisionEngine engine = engine(OOM)) {
            Decision first = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);
            for (int i = 0; i < 50; i++) {
                engine.decide(cartAlert("Other"), List.of(), NOW);
            }
            assertThat(engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW)).isEqualTo(first);
        }
    }

    @Test
    void emptyPlaybookSetDecidesNoMatch() {
        try (DecisionEngine engine = DecisionEngine.build(List.of(), List.of())) {
            assertThat(engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW).outcome())
                    .isEqualTo(Decision.Outcome.NO_MATCH);
        }
    }
}
