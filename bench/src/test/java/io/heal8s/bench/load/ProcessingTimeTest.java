package io.heal8s.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcessingTimeTest {

    private static final String EXPOSITION = """
            # HELP heal8s_processing_duration_seconds Time from receiving a webhook body to answering it.
            # TYPE heal8s_processing_duration_seconds summary
            heal8s_processing_duration_seconds{mp_scope="application",quantile="0.5",} 0.004
            heal8s_processing_duration_seconds{mp_scope="application",quantile="0.99",} 0.0375
            heal8s_processing_duration_seconds_count{mp_scope="application",} 1200.0
            heal8s_processing_duration_seconds_sum{mp_scope="application",} 7.2
            # TYPE heal8s_processing_duration_seconds_max gauge
            heal8s_processing_duration_seconds_max{mp_scope="application",} 0.2
            """;

    @Test
    void readsTheTimersSumAndCountFromPrometheusText() {
        ProcessingTime time = ProcessingTime.parse(EXPOSITION);

        assertThat(time.count()).isEqualTo(1200);
        assertThat(time.sumSeconds()).isCloseTo(7.2, within(1e-9));
    }

    @Test
    void theMeanBetweenTwoReadingsIsTheirDifferenceOverTheRequestsBetween() {
        ProcessingTime before = new ProcessingTime(7.2, 1200);
        ProcessingTime after = new ProcessingTime(13.2, 2200);

        assertThat(after.meanMillisSince(before)).isCloseTo(6.0, within(1e-9));
        assertThat(before.meanMillisSince(before)).isNaN();
    }

    @Test
    void aServerThatAnsweredNothingYetReadsAsZero() {
        ProcessingTime time = ProcessingTime.parse("# no heal8s series yet\n");

        assertThat(time.count()).isZero();
        assertThat(time.sumSeconds()).isZero();
    }
}
