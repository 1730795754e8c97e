package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationSettingsTest {

    @Test
    void defaultsAreAFifteenMinuteWindowNoPrometheusAndRevertPullRequests() {
        VerificationSettings s = VerificationSettings.fromMap(Map.of());

        assertThat(s).isEqualTo(VerificationSettings.defaults());
        assertThat(s.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.prometheus()).isEmpty();
        assertThat(s.prometheusTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.onGitOpsFailure()).isEqualTo(VerificationSettings.OnFailure.REVERT);
    }

    @Test
    void everyKeyIsRead() {
        VerificationSettings s = VerificationSettings.fromMap(Map.of(VerificationSettings.WINDOW, "30m",
                VerificationSettings.PROMETHEUS_URL, "http://prometheus.monitoring:9090",
                VerificationSettings.PROMETHEUS_TIMEOUT, "2s", VerificationSettings.ON_GITOPS_FAILURE, "Report"));

        assertThat(s.window()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.prometheus()).contains(URI.create("http://prometheus.monitoring:9090"));
        assertThat(s.prometheusTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.onGitOpsFailure()).isEqualTo(VerificationSettings.OnFailure.REPORT);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> VerificationSettings.fromMap(Map.of(VerificationSettings.PROMETHEUS_URL,
                "prometheus:9090"))).isInstanceOf(ConfigException.class).hasMessageContaining("heal8s.prometheus.url");
        assertThatThrownBy(() -> VerificationSettings.fromMap(Map.of(VerificationSettings.WINDOW, "0")))
                .hasMessageContaining("heal8s.verification.window");
        assertThatThrownBy(() -> VerificationSettings.fromMap(Map.of(VerificationSettings.ON_GITOPS_FAILURE,
                "ignore"))).hasMessageContaining("heal8s.gitops.on-verification-failure")
                .hasMessageContaining("'ignore' is not revert or report");
    }
}
