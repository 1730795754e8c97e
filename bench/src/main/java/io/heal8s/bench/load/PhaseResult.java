package io.heal8s.bench.load;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * What one phase of the load measured: the answered (2xx) requests and the alerts they carried, the answers by status,
 * and the latency of the 2xx answers in microseconds, from the intended send time.
 *
 * @param targetAlertsPerSecond the rate asked for; 0 for as fast as possible
 * @param statuses every answer by HTTP status, {@link LoadRunner#NO_ANSWER} for requests that got none
 * @param latencyBySize the same latencies by the number of alerts in the body
 * @param errorSamples the first body or exception message seen for each non-2xx status or exception type
 */
public record PhaseResult(String name, double targetAlertsPerSecond, int senders, Duration elapsed, long requests,
        long alerts, Map<Integer, Long> statuses, Histogram latencyMicros, Map<Integer, Histogram> latencyBySize,
        Map<String, String> errorSamples) {

    public PhaseResult {
        statuses = Map.copyOf(statuses);
        latencyBySize = Collections.unmodifiableMap(new TreeMap<>(latencyBySize));
        errorSamples = Map.copyOf(errorSamples);
    }

    public double alertsPerSecond() {
        return alerts / seconds();
    }

    public double requestsPerSecond() {
        return requests / seconds();
    }

    /** Requests answered with anything but 2xx, or not answered. */
    public long failed() {
        return statuses.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The latency at {@code percentile} (0-100) in milliseconds. */
    public double millisAt(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Lines for people: rates, latency percentiles and the answers by status. */
    public String describe() {
        String target = targetAlertsPerSecond > 0
                ? String.format(Locale.ROOT, "target %.0f alerts/s (open loop)", targetAlertsPerSecond)
                : "as fast as possible (closed loop)";
        String answers = statuses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> (e.getKey() == LoadRunner.NO_ANSWER ? "no answer" : e.getKey()) + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "[%s] %s, %d senders, %.1f s%n", name, target, senders, seconds()));
        out.append(String.format(Locale.ROOT, "  answered 2xx: %d requests, %d alerts: %.0f alerts/s, %.0f requests/s%n",
                requests, alerts, alertsPerSecond(), requestsPerSecond()));
        if (latencyMicros.getTotalCount() > 0) {
            out.append(String.format(Locale.ROOT,
                    "  latency to 2xx (ms): p50 %.2f, p90 %.2f, p99 %.2f, p99.9 %.2f, max %.2f%n",
                    millisAt(50), millisAt(90), millisAt(99), millisAt(99.9), latencyMicros.getMaxValue() / 1000.0));
        }
        if (latencyBySize.size() > 1) {
            out.append("  p50/p99 (ms) by alerts per body: ").append(latencyBySize.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%d: %.1f/%.1f", e.getKey(),
                            e.getValue().getValueAtPercentile(50) / 1000.0,
                            e.getValue().getValueAtPercentile(99) / 1000.0))
                    .collect(Collectors.joining(", "))).append(System.lineSeparator());
        }
        out.append("  answers by status: ").append(answers).append(System.lineSeparator());
        errorSamples.forEach((k, v) -> out.append("  first ").append(k).append(": ").append(v)
                .append(System.lineSeparator()));
        return out.toString();
    }

    private double seconds() {
        return Math.max(1e-9, elapsed.toNanos() / 1e9);
    }
}
