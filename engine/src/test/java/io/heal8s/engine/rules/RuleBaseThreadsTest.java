package io.heal8s.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.RuleSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Compiling rules starts no thread: Drools would compile a package of more than 10 rules on a JVM-wide ForkJoinPool
 * that it never shuts down, whose workers outlive an undeployed application.
 */
class RuleBaseThreadsTest {

    @Test
    void aPackageOfManyRulesCompilesOnTheCallingThread() {
        StringBuilder drl = new StringBuilder("package acme.many;\nimport io.heal8s.engine.rules.Candidate;\n");
        for (int i = 0; i < 30; i++) {
            drl.append("rule \"acme: note ").append(i).append("\"\n    agenda-group \"params\"\nwhen\n")
                    .append("    $c : Candidate( targetUsable == true, rank == ").append(i).append(" )\n")
                    .append("then\n    $c.explain(\"note ").append(i).append("\");\nend\n");
        }
        List<RuleSource> rules = List.of(Fixtures.drl("many.drl", drl.toString()));
        Set<String> before = threadNames();

        try (DecisionEngine engine = DecisionEngine.build(
                List.of(Fixtures.playbook("oom", 1, "KubePodOOMKilled", ActionType.IncreaseMemory)), rules)) {
            assertThat(engine.decide(Fixtures.cartAlert("KubePodOOMKilled"), List.of(), Fixtures.NOW).firedRules())
                    .contains("acme: note 0");
        }

        // Other tests' threads may end meanwhile; only a new pool thread counts. (Drools names its pool's threads as
        // a plain ForkJoinPool does, "ForkJoinPool-N-worker-M"; the common pool's are "ForkJoinPool.commonPool-…".)
        assertThat(threadNames()).as("threads started by compiling")
                .filteredOn(name -> !before.contains(name) && name.startsWith("ForkJoinPool-")).isEmpty();
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }
}
