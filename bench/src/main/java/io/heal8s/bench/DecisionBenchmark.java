package io.heal8s.bench;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.rules.Decision;
import io.heal8s.engine.rules.DecisionEngine;
import io.heal8s.engine.rules.RemediationRecord;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One decision over the shipped playbooks, on one thread: throughput, and the latency distribution (SampleTime
 * reports p50/p99/p99.9). The alerts rotate through every playbook and one alert that matches none.
 * {@link #latencyBaseline()} measures the machine's own tail for work of the same length.
 */
@State(Scope.Thread)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecisionBenchmark {

    // About 7.7 µs of Blackhole.consumeCPU (a median decision) on the 2-core machine of docs/benchmarks.md.
    private static final long BASELINE_TOKENS = 4_000;

    private DecisionEngine engine;
    private List<Alert> alerts;
    private final List<RemediationRecord> history = List.of();
    private final Instant now = Instant.parse("2026-11-25T21:00:00Z");
    private int next;

    @Setup
    public void setUp() {
        engine = DecisionEngine.build(BenchData.defaultPlaybooks());
        alerts = BenchData.alertMix();
        for (Alert a : alerts) {
            Decision d = engine.decide(a, history, now);
            if (!a.name().equals("Watchdog") && !d.remediates()) {
                throw new IllegalStateException("the benchmark's alert " + a.name() + " does not remediate: " + d);
            }
        }
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Decision throughput() {
        return decideNext();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Decision latency() {
        return decideNext();
    }

    /**
     * The control: pure CPU work about as long as a median decision, no allocation, no Drools. Its tail is the
     * machine's own (timer interrupts, a virtual machine's exits); the decision's tail is comparable only above it.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void latencyBaseline() {
        Blackhole.consumeCPU(BASELINE_TOKENS);
    }

    private Decision decideNext() {
        Alert alert = alerts.get(next);
        next = next + 1 == alerts.size() ? 0 : next + 1;
        return engine.decide(alert, history, now);
    }
}
