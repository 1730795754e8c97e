package io.heal8s.engine.rules;

import static io.heal8s.engine.rules.Fixtures.drl;
import static io.heal8s.engine.rules.Fixtures.playbook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.playbook.RuleSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleCompilationTest {

    private static final Playbook OOM = playbook("oom-kill", 100, "KubePodOOMKilled", ActionType.IncreaseMemory);

    private static RuleCompilationException compileError(RuleSource... rules) {
        return catchThrowableOfType(RuleCompilationException.class,
                () -> DecisionEngine.build(List.of(OOM), List.of(rules)));
    }

    @Test
    void syntaxErrorNamesTheUsersFileAndLine() {
        RuleCompilationException e = compileError(drl("broken.drl", """
                package acme.rules;
                import io.heal8s.engine.rules.Candidate;

                rule "acme: broken"
                when
                    $c : Candidate( priority > )
                then
                end
                """));

        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).file()).isEqualTo(Path.of("playbooks/rules/broken.drl"));
        assertThat(e.problems().get(0).line()).isEqualTo(6);
        assertThat(e.getMessage()).isEqualTo("1 DRL error:\n  playbooks/rules/broken.drl:6: [ERR 101] Line 6:31 no"
                + " viable alternative at input ')' in rule \"acme: broken\"");
    }

    @Test
    void unknownTypeNamesTheUsersFileAndLine() {
        RuleCompilationException e = compileError(drl("unknown.drl", """
                package acme.rules;

                rule "acme: unknown type"
                when
                    $c : NoSuchFact( )
                then
                end
                """));

        assertThat(e.problems()).extracting(RuleCompilationException.Problem::file)
                .containsOnly(Path.of("playbooks/rules/unknown.drl"));
        assertThat(e.problems().get(0).line()).isEqualTo(5);
        assertThat(e.getMessage()).contains("playbooks/rules/unknown.drl:5: ").contains("NoSuchFact");
    }

    @Test
    void javaErrorInAConsequenceNamesTheUsersFileAndTheRulesLine() {
        RuleCompilationException e = compileError(drl("consequence.drl", """
                package acme.rules;
                import io.heal8s.engine.rules.Candidate;

                rule "acme: bad consequence"
                    agenda-group "params"
                when
                    $c : Candidate( )
                then
                    $c.noSuchMethod();
                end
                """));

        // Drools reports consequence errors at the line of the rule's declaration.
        assertThat(e.getMessage()).isEqualTo("1 DRL error:\n  playbooks/rules/consequence.drl:4: Rule Compilation"
                + " error The method noSuchMethod() is undefined for the type Candidate");
    }

    @Test
    void errorsInSeveralFilesAreAllListed() {
        RuleCompilationException e = compileError(
                drl("a.drl", "package acme.a;\nrule \"a\" when\n  NoSuchA( )\nthen\nend\n"),
                drl("ok.drl", "package acme.ok;\nrule \"ok\" agenda-group \"guard\" when\nthen\nend\n"),
                drl("b.drl", "package acme.b;\nrule \"b\" when\n  NoSuchB( )\nthen\nend\n"));

        assertThat(e.problems()).extracting(RuleCompilationException.Problem::file)
                .contains(Path.of("playbooks/rules/a.drl"), Path.of("playbooks/rules/b.drl"))
                .doesNotContain(Path.of("playbooks/rules/ok.drl"));
        assertThat(e.getMessage()).contains("playbooks/rules/a.drl:3: ").contains("playbooks/rules/b.drl:3: ");
    }

    @Test
    void ruleOutsideTheDecisionsAgendaGroupsIsRefusedWithFileAndLine() {
        RuleCompilationException e = compileError(drl("freeze.drl", """
                package acme.rules;
                import io.heal8s.engine.rules.Block;
                import io.heal8s.engine.rules.Candidate;

                // Without an agenda group this guard would fire after selection and block nothing.
                rule "acme: freeze"
                when
                    $c : Candidate( )
                then
                    insert(new Block($c, "freeze", "frozen"));
                end

                rule "acme: misspelt"
                    agenda-group "guards"
                when
                    $c : Candidate( )
                then
                end
                """));

        assertThat(e.getMessage()).isEqualTo("""
                2 DRL errors:
                  playbooks/rules/freeze.drl:6: rule "acme: freeze" is in agenda group "MAIN", which no decision runs;\
                 put it in one of "match", "target", "guard", "params", "select" (they run in that order), for example\
                 agenda-group "guard"
                  playbooks/rules/freeze.drl:13: rule "acme: misspelt" is in agenda group "guards", which no decision\
                 runs; put it in one of "match", "target", "guard", "params", "select" (they run in that order), for\
                 example agenda-group "guard\"""");
    }

    @Test
    void generatedRuleNamesCannotCollideWithUserRuleNames() {
        RuleSource sameNames = drl("names.drl", """
                package acme.rules;
                rule "playbook_0_0"
                    agenda-group "select"
                when
                then
                end
                rule "playbook:oom-kill"
                    agenda-group "select"
                when
                then
                end
                """);

        try (DecisionEngine e = DecisionEngine.build(List.of(OOM), List.of(sameNames))) {
            assertThat(e.playbooks()).containsExactly(OOM);
        }
    }

    @Test
    void errorInAGeneratedRuleNamesThePlaybookAndItsFile() {
        RuleCompilationException e = catchThrowableOfType(RuleCompilationException.class,
                () -> RuleBaseCompiler.compile(List.of(RuleBaseCompiler.Unit.generated("heal8s/generated/p.drl",
                        "package heal8s.generated;\nrule \"playbook_0\" when\n  Missing( )\nthen\nend\n", "oom",
                        Path.of("playbooks/oom.yaml"), 7))));

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).playbook()).isEqualTo("oom");
        assertThat(e.getMessage()).startsWith("1 DRL error:\n  playbooks/oom.yaml:7: generated rule of playbook"
                + " 'oom': ");
    }
}
