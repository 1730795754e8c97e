package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.playbook.Guards;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GuardSettingsTest {

    @Test
    void defaultsAreTheBuiltInGuards() {
        assertThat(GuardSettings.fromMap(Map.of())).isEqualTo(Guards.DEFAULT);
        assertThat(Guards.DEFAULT).isEqualTo(new Guards(Duration.ofMinutes(30), 3, Duration.ofHours(24), 3,
                Duration.ofHours(24)));
    }

    @Test
    void everyKeyIsRead() {
        Guards guards = GuardSettings.fromMap(Map.of(
                GuardSettings.COOLDOWN, "1h",
                GuardSettings.MAX_ATTEMPTS, " 5 ",
                GuardSettings.WINDOW, "7d",
                GuardSettings.LOOP_MAX_CHANGES, "0",
                GuardSettings.LOOP_WINDOW, "12h"));

        assertThat(guards).isEqualTo(new Guards(Duration.ofHours(1), 5, Duration.ofDays(7), 0, Duration.ofHours(12)));
    }

    @Test
    void aZeroCooldownAndBlankValuesAreAllowed() {
        Guards guards = GuardSettings.fromMap(Map.of(GuardSettings.COOLDOWN, "0", GuardSettings.WINDOW, " "));

        assertThat(guards.cooldown()).isZero();
        assertThat(guards.window()).isEqualTo(Duration.ofHours(24));
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', value = {
        "heal8s.guards.cooldown         | 30 min | invalid duration '30 min'",
        "heal8s.guards.max-attempts     | 0      | must be at least 1, got 0 (default 3)",
        "heal8s.guards.max-attempts     | three  | 'three' is not a whole number (default 3)",
        "heal8s.guards.window           | 0      | must be longer than 0 (default 1d)",
        "heal8s.guards.loop-max-changes | -1     | must be at least 0, got -1 (default 3)",
        "heal8s.guards.loop-window      | 0      | must be longer than 0 (default 1d)",
    })
    void aBadValueNamesItsKey(String key, String value, String message) {
        assertThatThrownBy(() -> GuardSettings.fromMap(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(message)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo(key);
    }
}
