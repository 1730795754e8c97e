package io.heal8s.engine.rules;

import static io.heal8s.engine.rules.Fixtures.NOW;
import static io.heal8s.engine.rules.Fixtures.alert;
import static io.heal8s.engine.rules.Fixtures.cartAlert;
import static io.heal8s.engine.rules.Fixtures.drl;
import static io.heal8s.engine.rules.Fixtures.playbook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.playbook.RuleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DRL examples shipped in {@code playbooks/rules/}, and what user rules may and may not do. */
class UserRulesTest {

    private static final Path SHIPPED = Path.of("..", "playbooks", "rules");
    private static final Playbook OOM = playbook("oom-kill", 100, "KubePodOOMKilled", ActionType.IncreaseMemory);
    private static final Playbook RESTART = playbook("crashloop", 100, "KubePodCrashLooping",
            ActionType.RolloutRestart);

    private static DecisionEngine engine;

    @BeforeAll
    static void build() throws IOException {
        engine = DecisionEngine.build(List.of(OOM, RESTART),
                List.of(shipped("critical-oom.drl"), shipped("freeze.drl")));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static RuleSource shipped(String name) throws IOException {
        Path file = SHIPPED.resolve(name);
        return new RuleSource(file, Files.readString(file));
    }

    private static Alert statefulSetOom(String severity, String... extraLabels) {
        String[] labels = new String[8 + extraLabels.length];
        System.arraycopy(new String[] {"namespace", "db", "statefulset", "pg", "container", "postgres",
            "severity", severity}, 0, labels, 0, 8);
        System.arraycopy(extraLabels, 0, labels, 8, extraLabels.length);
        return alert("KubePodOOMKilled", labels);
    }

    @Test
    void criticalOomOnAStatefulSetRaisesPercentTo50() {
        Decision d = engine.decide(statefulSetOom("critical"), List.of(), NOW);

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
        assertThat(d.params()).containsEntry("percent", 50).containsEntry("max", "2Gi");
        assertThat(d.firedRules()).containsExactly("playbook:oom-kill", "target:resolved", "params:defaults",
                "critical-oom: StatefulSet memory +50%", "select:winner");
        assertThat(d.trace()).contains(new TraceEntry("critical-oom: StatefulSet memory +50%", "percent 25 -> 50"));
    }

    @Test
    void warningOomOnAStatefulSetKeepsThePlaybooksPercent() {
        Decision d = engine.decide(statefulSetOom("warning"), List.of(), NOW);

        assertThat(d.params()).containsEntry("percent", 25);
        assertThat(d.firedRules()).doesNotContain("critical-oom: StatefulSet memory +50%");
    }

    @Test
    void criticalOomOnADeploymentKeepsThePlaybooksPercent() {
        Decision d = engine.decide(cartAlert("KubePodOOMKilled", "severity", "critical"), List.of(), NOW);

        assertThat(d.params()).containsEntry("percent", 25);
    }

    @Test
    void freezeLabelBlocksEveryPlaybookWithTheRulesReason() {
        Decision oom = engine.decide(statefulSetOom("critical", "heal8s_freeze", "true"), List.of(), NOW);
        Decision crash = engine.decide(cartAlert("KubePodCrashLooping", "heal8s_freeze", "true"), List.of(), NOW);

        assertThat(oom.outcome()).isEqualTo(Decision.Outcome.GUARDED);
        assertThat(oom.firedRules()).contains("freeze: no remediation while heal8s_freeze=true")
                .doesNotContain("params:defaults", "critical-oom: StatefulSet memory +50%");
        assertThat(oom.reason()).isEqualTo("Every playbook matching alert KubePodOOMKilled is blocked: oom-kill"
                + " (change freeze: alert KubePodOOMKilled carries heal8s_freeze=\"true\", so heal8s makes no"
                + " change).");
        assertThat(crash.outcome()).isEqualTo(Decision.Outcome.GUARDED);
    }

    @Test
    void freezeLabelWithAnotherValueDoesNotBlock() {
        Decision d = engine.decide(cartAlert("KubePodCrashLooping", "heal8s_freeze", "false"), List.of(), NOW);

        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REMEDIATE);
    }

    @Test
    void userGuardAndParamRulesWithoutPackageImportsCompileInTheirOwnPackage() {
        RuleSource rule = drl("scale.drl", """
                package acme.rules;
                import io.heal8s.engine.rules.Candidate;
                rule "acme: restart only in shop"
                    agenda-group "guard"
                when
                    $c : Candidate( targetUsable == true, labels["namespace"] != "shop" )
                then
                    insert(new io.heal8s.engine.rules.Block($c, "acme", "only the shop namespace is automated"));
                end
                """);
        try (DecisionEngine e = DecisionEngine.build(List.of(RESTART), List.of(rule))) {
            assertThat(e.decide(cartAlert("KubePodCrashLooping"), List.of(), NOW).outcome())
                    .isEqualTo(Decision.Outcome.REMEDIATE);
            Decision elsewhere = e.decide(alert("KubePodCrashLooping", "namespace", "pay", "deployment", "api"),
                    List.of(), NOW);
            assertThat(elsewhere.outcome()).isEqualTo(Decision.Outcome.GUARDED);
            assertThat(elsewhere.reason()).contains("only the shop namespace is automated");
        }
    }

    @Test
    void ruleWithoutABoundFactStillFiresOnEveryDecision() {
        // Sessions are reset between decisions, so a rule over "there is a blocked candidate" matches afresh each
        // time instead of staying matched from the previous decision.
        RuleSource rule = drl("note.drl", """
                package acme.rules;
                import io.heal8s.engine.rules.Block;
                rule "acme: something was blocked"
                    agenda-group "select"
                when
                    exists Block()
                then
                end
                """);
        Playbook pvc = playbook("pvc", 1, "KubePodCrashLooping", ActionType.ExpandVolume);
        try (DecisionEngine e = DecisionEngine.build(List.of(pvc), List.of(rule))) {
            for (int i = 0; i < 3; i++) {
                assertThat(e.decide(cartAlert("KubePodCrashLooping"), List.of(), NOW).firedRules())
                        .contains("acme: something was blocked");
            }
        }
    }

    @Test
    void settingAnUnknownParameterFailsTheDecisionNamingTheRule() {
        RuleSource rule = drl("typo.drl", """
                package acme.rules;
                import io.heal8s.engine.rules.Candidate;
                rule "acme: typo"
                    agenda-group "params"
                when
                    $c : Candidate()
                then
                    $c.setParam("percnt", 50);
                end
                """);
        try (DecisionEngine e = DecisionEngine.build(List.of(OOM), List.of(rule))) {
            assertThatThrownBy(() -> e.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW))
                    .isInstanceOf(RuleExecutionException.class)
                    .hasMessageContaining("acme: typo")
                    .hasMessageContaining("IncreaseMemory has no parameter 'percnt'; it has percent, minStep");
            // The failed session was thrown away; the engine keeps deciding.
            assertThat(e.decide(cartAlert("Other"), List.of(), NOW).outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
        }
    }

    @Test
    void settingAParameterToTheWrongTypeFailsTheDecision() {
        RuleSource rule = drl("type.drl", """
                package acme.rules;
                import io.heal8s.engine.rules.Candidate;
                rule "acme: wrong type"
                    agenda-group "params"
                when
                    $c : Candidate()
                then
                    $c.setParam("percent", "fifty");
                end
                """);
        try (DecisionEngine e = DecisionEngine.build(List.of(OOM), List.of(rule))) {
            assertThatThrownBy(() -> e.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW))
                    .isInstanceOf(RuleExecutionException.class)
                    .hasMessageContaining("IncreaseMemory parameter 'percent' (PERCENT) needs a whole number, not fifty");
        }
    }

    @Test
    void ruleThatRetriggersItselfFailsTheDecisionInsteadOfHanging() {
        RuleSource rule = drl("loop.drl", """
                package acme.rules;
                import io.heal8s.engine.rules.Candidate;
                rule "acme: loops"
                    agenda-group "params"
                when
                    $c : Candidate()
                then
                    update($c);
                end
                """);
        try (DecisionEngine e = DecisionEngine.build(List.of(OOM), List.of(rule))) {
            assertThatThrownBy(() -> e.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW))
                    .isInstanceOf(RuleExecutionException.class)
                    .hasMessageContaining("rules fired more than 10000 times on alert KubePodOOMKilled")
                    .hasMessageContaining("acme: loops");
        }
    }
}
