package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RailSettingsTest {

    @Test
    void absentKeysGiveTheDocumentedDefaults() {
        RailSettings s = RailSettings.fromMap(Map.of());

        assertThat(s).isEqualTo(RailSettings.defaults());
        assertThat(s.dryRun()).isFalse();
        assertThat(s.paused()).isFalse();
        assertThat(s.excludedNamespaces()).containsExactlyInAnyOrder("kube-system", "kube-public", "kube-node-lease");
        assertThat(s.rateLimit()).isEqualTo(new RailSettings.RateLimit(20, Duration.ofHours(1)));
        assertThat(s.namespaceRateLimit()).isEqualTo(new RailSettings.RateLimit(5, Duration.ofHours(1)));
        assertThat(s.maxApplying()).isEqualTo(5);
    }

    @Test
    void everyKeyIsRead() {
        RailSettings s = RailSettings.fromMap(Map.of(RailSettings.DRY_RUN, " TRUE ", RailSettings.PAUSED, "true",
                RailSettings.EXCLUDED_NAMESPACES, "kube-system, monitoring ,", RailSettings.RATE_LIMIT, "100/30m",
                RailSettings.NAMESPACE_RATE_LIMIT, "3 / 1h30m", RailSettings.MAX_APPLYING, "2"));

        assertThat(s.dryRun()).isTrue();
        assertThat(s.paused()).isTrue();
        assertThat(s.excludedNamespaces()).containsExactlyInAnyOrder("kube-system", "monitoring");
        assertThat(s.rateLimit()).isEqualTo(new RailSettings.RateLimit(100, Duration.ofMinutes(30)));
        assertThat(s.rateLimit()).hasToString("100/30m");
        assertThat(s.namespaceRateLimit()).isEqualTo(new RailSettings.RateLimit(3, Duration.ofMinutes(90)));
        assertThat(s.maxApplying()).isEqualTo(2);
    }

    @Test
    void zeroTurnsTheLimitsOffAndNoneExcludesNothing() {
        RailSettings s = RailSettings.fromMap(Map.of(RailSettings.EXCLUDED_NAMESPACES, "none",
                RailSettings.RATE_LIMIT, "0", RailSettings.NAMESPACE_RATE_LIMIT, "0/1h",
                RailSettings.MAX_APPLYING, "0"));

        assertThat(s.excludedNamespaces()).isEmpty();
        assertThat(s.rateLimit().enabled()).isFalse();
        assertThat(s.rateLimit()).isEqualTo(RailSettings.RateLimit.OFF).hasToString("0");
        assertThat(s.namespaceRateLimit().enabled()).isFalse();
        assertThat(s.maxApplying()).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource(delimiter = '|', value = {
        "heal8s.rails.dry-run|yes|must be true or false, was 'yes'",
        "heal8s.rails.paused|1|must be true or false, was '1'",
        "heal8s.rails.excluded-namespaces|kube-system,Team_A|'Team_A' is not a namespace name",
        "heal8s.rails.rate-limit|20|'20' is not <count>/<duration> such as 20/1h",
        "heal8s.rails.rate-limit|20 per hour|is not <count>/<duration>",
        "heal8s.rails.namespace-rate-limit|5/soon|",
        "heal8s.rails.namespace-rate-limit|-5/1h|is not <count>/<duration>",
        "heal8s.rails.max-applying|-1|must be a whole number, 0 (no limit) or more, was '-1'",
        "heal8s.rails.max-applying|five|was 'five'"})
    void aBadValueIsRefusedNamingItsKey(String key, String value, String says) {
        assertThatThrownBy(() -> RailSettings.fromMap(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(says == null ? "" : says)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo(key);
    }
}
