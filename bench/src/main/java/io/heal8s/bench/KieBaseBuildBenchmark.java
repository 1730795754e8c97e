package io.heal8s.bench;

import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.playbook.RuleSource;
import io.heal8s.engine.rules.DecisionEngine;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building the KieBase for a playbook set (with the shipped DRL rules): what a reload costs. SingleShotTime in fresh
 * forks measures the first build of a JVM too, which is what start-up pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 0)
@Measurement(iterations = 10)
public class KieBaseBuildBenchmark {

    @Param({"5", "50"})
    public int playbooks;

    private List<Playbook> set;
    private List<RuleSource> rules;

    @Setup
    public void setUp() {
        set = BenchData.manyPlaybooks(playbooks);
        rules = BenchData.defaultPlaybooks().rules();
    }

    @Benchmark
    public DecisionEngine build() {
        DecisionEngine engine = DecisionEngine.build(set, rules);
        engine.close();
        return engine;
    }
}
