package io.heal8s.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOverTheSamplesInAnyOrder() {
        Latencies four = new Latencies(new long[] {4, 1, 3, 2});

        assertThat(four.percentileNanos(50)).isEqualTo(2);
        assertThat(four.percentileNanos(75)).isEqualTo(3);
        assertThat(four.percentileNanos(76)).isEqualTo(4);
        assertThat(four.percentileNanos(100)).isEqualTo(4);
        assertThat(four.minNanos()).isEqualTo(1);
        assertThat(four.maxNanos()).isEqualTo(4);
        assertThat(four.meanNanos()).isEqualTo(2.5);
    }

    @Test
    void withFiftySamplesP95IsTheThirdLargestAndP99TheLargest() {
        Latencies fifty = new Latencies(LongStream.rangeClosed(1, 50).map(i -> 51 - i).toArray());

        assertThat(fifty.percentileNanos(50)).isEqualTo(25);
        assertThat(fifty.percentileNanos(95)).isEqualTo(48);
        assertThat(fifty.percentileNanos(99)).isEqualTo(50);
        assertThat(new Latencies(new long[] {7}).percentileNanos(0.1)).isEqualTo(7);
    }

    @Test
    void theDescriptionIsInMilliseconds() {
        Latencies latencies = new Latencies(new long[] {80_000_000, 120_000_000, 200_000_000});

        assertThat(latencies.describe()).isEqualTo(
                "n=3 min 80.0 p50 120.0 p95 200.0 p99 200.0 max 200.0 mean 133.3 ms");
    }

    @Test
    void noSamplesANegativeDurationOrAPercentileOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new Latencies(new long[0])).hasMessageContaining("at least one sample");
        assertThatThrownBy(() -> new Latencies(new long[] {5, -1})).hasMessageContaining("-1 ns");
        Latencies one = new Latencies(new long[] {1});
        assertThatThrownBy(() -> one.percentileNanos(0)).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> one.percentileNanos(100.5)).hasMessageContaining("100.5");
    }
}
