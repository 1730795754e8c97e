package io.heal8s.server.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemediationMetricsTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({"Paused, paused", "ExcludedNamespace, excluded_namespace", "RateLimited, rate_limited",
        "DryRun, dry_run", "ConcurrencyLimit, concurrency_limit", "SuspectedLeak, suspected_leak",
        "MaxAttempts, max_attempts", "TTLExpired, ttl_expired"})
    void aStatusReasonBecomesTheWebhooksSnakeCaseLabel(String reason, String label) {
        assertThat(RemediationMetrics.snakeCase(reason)).isEqualTo(label);
    }
}
