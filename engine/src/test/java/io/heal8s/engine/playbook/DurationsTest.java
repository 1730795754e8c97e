package io.heal8s.engine.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "90s,      PT1M30S",
        "30m,      PT30M",
        "24h,      PT24H",
        "1h30m,    PT1H30M",
        "7d,       PT168H",
        "1w,       PT168H",
        "1y,       PT8760H",
        "1d12h,    PT36H",
        "500ms,    PT0.5S",
        "1m500ms,  PT1M0.5S",
        "0,        PT0S",
        "0s,       PT0S",
    })
    void parsesPrometheusDurations(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "30 m", "1.5h", "30min", "m", "30m1h", "1h1h", "-5m", "PT30M", "99999999999999y"})
    void refusesAnythingElse(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"PT1H30M, 1h30m", "PT168H, 7d", "PT0S, 0s", "PT0.25S, 250ms", "PT26H1S, 1d2h1s"})
    void formatsInTheSameStyle(Duration duration, String text) {
        assertThat(Durations.format(duration)).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(duration);
    }
}
