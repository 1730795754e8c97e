package io.heal8s.bench.load;

import java.util.Arrays;
import java.util.Locale;

/**
 * A handful of measured durations (tens to hundreds, one per pull request) with exact nearest-rank percentiles: with
 * 50 samples a histogram's bucketing would only blur the few values the tail is made of, so the samples are kept.
 */
public final class Latencies {

    private final long[] sortedNanos;

    public Latencies(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("latencies: need at least one sample");
        }
        for (long n : nanos) {
            if (n < 0) {
                throw new IllegalArgumentException("latencies: a duration cannot be negative, got " + n + " ns");
            }
        }
        this.sortedNanos = nanos.clone();
        Arrays.sort(sortedNanos);
    }

    public int count() {
        return sortedNanos.length;
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code percentile}% of the samples at or below
     * it (p50 of 1..4 is 2, p99 of 50 samples is the largest), in nanoseconds.
     */
    public long percentileNanos(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile: must be in (0, 100], got " + percentile);
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(1, rank) - 1];
    }

    public long minNanos() {
        return sortedNanos[0];
    }

    public long maxNanos() {
        return sortedNanos[sortedNanos.length - 1];
    }

    public double meanNanos() {
        return Arrays.stream(sortedNanos).average().orElseThrow();
    }

    /** {@code n=50 min 80.1 p50 120.3 p95 180.0 p99 200.2 max 200.2 mean 125.0 ms}. */
    public String describe() {
        return String.format(Locale.ROOT, "n=%d min %.1f p50 %.1f p95 %.1f p99 %.1f max %.1f mean %.1f ms", count(),
                millis(minNanos()), millis(percentileNanos(50)), millis(percentileNanos(95)),
                millis(percentileNanos(99)), millis(maxNanos()), meanNanos() / 1e6);
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
