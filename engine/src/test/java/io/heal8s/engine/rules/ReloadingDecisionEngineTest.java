package io.heal8s.engine.rules;

import static io.heal8s.engine.rules.Fixtures.NOW;
import static io.heal8s.engine.rules.Fixtures.cartAlert;
import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.LoadResult;
import io.heal8s.engine.playbook.PlaybookError;
import io.heal8s.engine.playbook.PlaybookRejectedException;
import io.heal8s.engine.playbook.PlaybookRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingDecisionEngineTest {

    private static final String OOM = """
            apiVersion: heal8s.io/v1alpha1
            kind: Playbook
            metadata:
              name: oom
            spec:
              priority: 100
              match:
                alertNames: [KubePodOOMKilled]
              action:
                type: IncreaseMemory
            """;

    private static final String PERCENT_RULE = """
            package acme.rules;
            import io.heal8s.engine.rules.Candidate;
            rule "acme: percent"
                agenda-group "params"
            when
                $c : Candidate( )
            then
                $c.setParam("percent", %d);
            end
            """;

    @TempDir
    Path dir;

    private PlaybookRepository repository;

    @BeforeEach
    void playbooks() throws IOException {
        Files.writeString(dir.resolve("oom.yaml"), OOM);
        Files.createDirectory(dir.resolve("rules"));
        repository = new PlaybookRepository(dir);
    }

    private void writeRule(String text) throws IOException {
        Files.writeString(dir.resolve("rules").resolve("percent.drl"), text);
    }

    private Object percent(ReloadingDecisionEngine engine) {
        return engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW).params().get("percent");
    }

    @Test
    void beforeAnySetIsInServiceEveryAlertIsNoMatch() {
        try (ReloadingDecisionEngine engine = ReloadingDecisionEngine.attach(repository)) {
            Decision d = engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW);

            assertThat(d.outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
            assertThat(d.reason()).isEqualTo("No playbooks are in service yet, so alert KubePodOOMKilled matches none.");
            assertThat(engine.engine()).isEmpty();
        }
    }

    @Test
    void eachGoodSetRebuildsTheEngine() throws IOException {
        try (ReloadingDecisionEngine engine = ReloadingDecisionEngine.attach(repository)) {
            writeRule(PERCENT_RULE.formatted(40));
            assertThat(repository.reload()).isTrue();
            assertThat(percent(engine)).isEqualTo(40);

            writeRule(PERCENT_RULE.formatted(60));
            assertThat(repository.reload()).isTrue();
            assertThat(percent(engine)).isEqualTo(60);
        }
    }

    @Test
    void drlThatDoesNotCompileKeepsTheLastGoodEngineAndReportsFileAndLine() throws IOException {
        try (ReloadingDecisionEngine engine = ReloadingDecisionEngine.attach(repository)) {
            writeRule(PERCENT_RULE.formatted(40));
            repository.reload();
            DecisionEngine good = engine.engine().orElseThrow();

            writeRule(PERCENT_RULE.formatted(60).replace("$c : Candidate( )", "$c : Candidate( priority > )"));

            assertThat(repository.reload()).isFalse();
            assertThat(engine.engine()).containsSame(good);
            assertThat(percent(engine)).isEqualTo(40);
            assertThat(repository.lastErrors()).hasSize(1);
            PlaybookError error = repository.lastErrors().get(0);
            assertThat(error.file()).isEqualTo(dir.resolve("rules").resolve("percent.drl"));
            assertThat(error.line()).isEqualTo(6);
            assertThat(error.toString()).contains("percent.drl:6:1: ");
        }
    }

    @Test
    void setInServiceBeforeAttachingIsCompiledAtOnce() {
        assertThat(repository.reload()).isTrue();

        try (ReloadingDecisionEngine engine = ReloadingDecisionEngine.attach(repository)) {
            assertThat(engine.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW).outcome())
                    .isEqualTo(Decision.Outcome.REMEDIATE);
        }
    }

    @Test
    void setAnotherListenerRefusesLeavesTheEngineInService() throws IOException {
        try (ReloadingDecisionEngine engine = ReloadingDecisionEngine.attach(repository)) {
            writeRule(PERCENT_RULE.formatted(40));
            repository.reload();
            DecisionEngine good = engine.engine().orElseThrow();
            repository.addListener(candidate -> {
                if (candidate.rules().stream().anyMatch(r -> r.text().contains("60"))) {
                    throw new PlaybookRejectedException(List.of(
                            new PlaybookError(dir, 1, 1, "", "refused by another listener")));
                }
            });

            writeRule(PERCENT_RULE.formatted(60));

            assertThat(repository.reload()).isFalse();
            assertThat(engine.engine()).containsSame(good);
            assertThat(percent(engine)).isEqualTo(40);
        }
    }

    @Test
    void engineFromTwoReloadsAgoIsClosedAndTheOneBeforeStaysOpenForRunningDecisions() throws IOException {
        try (ReloadingDecisionEngine engine = ReloadingDecisionEngine.attach(repository)) {
            writeRule(PERCENT_RULE.formatted(10));
            repository.reload();
            DecisionEngine first = engine.engine().orElseThrow();
            writeRule(PERCENT_RULE.formatted(20));
            repository.reload();
            DecisionEngine second = engine.engine().orElseThrow();
            writeRule(PERCENT_RULE.formatted(30));
            repository.reload();

            assertThat(first.isClosed()).isTrue();
            assertThat(second.isClosed()).isFalse();
            assertThat(second.decide(cartAlert("KubePodOOMKilled"), List.of(), NOW).params().get("percent"))
                    .isEqualTo(20);
            assertThat(percent(engine)).isEqualTo(30);
        }
    }

    @Test
    void sameSetOfferedAgainDoesNotRebuild() throws PlaybookRejectedException {
        assertThat(repository.reload()).isTrue();
        LoadResult set = repository.current();
        // Attached to another, empty repository so that onLoad is driven by the test alone.
        try (ReloadingDecisionEngine engine = ReloadingDecisionEngine.attach(
                new PlaybookRepository(dir.resolve("unused")))) {
            engine.onLoad(set);
            DecisionEngine built = engine.engine().orElseThrow();

            engine.onLoad(set);

            assertThat(engine.engine()).containsSame(built);
        }
    }
}
