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

/**
 * One decision over the shipped playbooks, on one thread: throughput, and the latency distribution (SampleTime
 * reports p50/p99/p99.9). The alerts rotate through every playbook and one alert that matches none.
 */
@State(Scope.Thread)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecisionBenchmark {

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

    private Decision decideNext() {
        Alert alert = alerts.get(next);
        next = next + 1 == alerts.size() ? 0 : next + 1;
        return engine.decide(alert, history, now);
    }
}
