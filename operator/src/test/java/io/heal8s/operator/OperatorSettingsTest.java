package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

    @Test
    void defaultsWatchEveryNamespaceWithoutLeaderElection() {
        OperatorSettings d = OperatorSettings.defaults().validate();

        assertThat(d.namespaces()).isEmpty();
        assertThat(d.leaderElection()).isFalse();
        assertThat(d.leaseName()).isEqualTo("heal8s-operator");
        assertThat(d.defaultTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(d.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.resyncInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.prPollInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void fromMapReadsEveryKey() {
        OperatorSettings s = OperatorSettings.fromMap(Map.of(
                OperatorSettings.KEY_NAMESPACES, " shop, payments ,",
                OperatorSettings.KEY_LEADER_ELECTION, "TRUE",
                OperatorSettings.KEY_LEASE_NAME, "heal8s",
                OperatorSettings.KEY_LEASE_NAMESPACE, "heal8s-system",
                OperatorSettings.KEY_DEFAULT_TTL, "12h",
                OperatorSettings.KEY_INITIAL_BACKOFF, "2s",
                OperatorSettings.KEY_MAX_BACKOFF, "10m",
                OperatorSettings.KEY_RESYNC_INTERVAL, "30s",
                OperatorSettings.KEY_PR_POLL_INTERVAL, "2m",
                OperatorSettings.KEY_ROLLOUT_TIMEOUT, "15m"));

        assertThat(s).isEqualTo(new OperatorSettings(Set.of("shop", "payments"), true, "heal8s", "heal8s-system",
                Duration.ofHours(12), Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofMinutes(15)));
    }

    @Test
    void fromAnEmptyMapComeTheDefaults() {
        assertThat(OperatorSettings.fromMap(Map.of())).isEqualTo(OperatorSettings.defaults());
    }

    @Test
    void aBadValueIsReportedWithItsKey() {
        assertThatThrownBy(() -> OperatorSettings.fromMap(Map.of(OperatorSettings.KEY_DEFAULT_TTL, "a day")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("heal8s.operator.default-ttl: invalid duration 'a day'");
        assertThatThrownBy(() -> OperatorSettings.fromMap(Map.of(OperatorSettings.KEY_LEADER_ELECTION, "yes")))
                .hasMessage("heal8s.operator.leader-election.enabled must be true or false, was 'yes'");
    }

    @Test
    void validateNamesTheField() {
        OperatorSettings d = OperatorSettings.defaults();
        assertThatThrownBy(() -> d.withNamespaces(Set.of("Shop_1")).validate())
                .hasMessageStartingWith("namespaces 'Shop_1' is not a valid Kubernetes name");
        assertThatThrownBy(() -> d.withLeaderElection("", "shop").validate())
                .hasMessageStartingWith("leaseName '' is not a valid Kubernetes name");
        assertThatThrownBy(() -> d.withLeaderElection("heal8s", "Kube System").validate())
                .hasMessageStartingWith("leaseNamespace 'Kube System'");
        assertThatThrownBy(() -> d.withDefaultTtl(Duration.ZERO).validate())
                .hasMessage("defaultTtl must be a positive duration, was 0s");
        assertThatThrownBy(() -> d.withResyncInterval(null).validate())
                .hasMessage("resyncInterval must be a positive duration, was missing");
        assertThatThrownBy(() -> d.withPrPollInterval(Duration.ofSeconds(-1)).validate())
                .hasMessage("prPollInterval must be a positive duration, was -1s");
        assertThatThrownBy(() -> OperatorSettings.fromMap(Map.of(OperatorSettings.KEY_PR_POLL_INTERVAL, "often")))
                .hasMessageStartingWith("heal8s.operator.pr-poll-interval: invalid duration 'often'");
        assertThatThrownBy(() -> d.withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(5)).validate())
                .hasMessage("maxBackoff (5s) must not be shorter than initialBackoff (10s)");
    }

    @Test
    void aLeaseNamespaceMayBeLeftToTheClient() {
        assertThat(OperatorSettings.defaults().withLeaderElection("heal8s-operator", null).validate().leaderElection())
                .isTrue();
    }

    @Test
    void theRetryDoublesFromTheInitialBackOffUpToTheMaximumWithoutGivingUp() {
        GenericRetry retry = Heal8sOperator.retry(OperatorSettings.defaults());

        assertThat(retry.getInitialInterval()).isEqualTo(1000);
        assertThat(retry.getIntervalMultiplier()).isEqualTo(2.0);
        assertThat(retry.getMaxInterval()).isEqualTo(300_000);
        var execution = retry.initExecution();
        long last = 0;
        for (int i = 0; i < 50; i++) {
            last = execution.nextDelay().orElseThrow(() -> new AssertionError("the retry gave up"));
        }
        assertThat(last).isEqualTo(300_000);
    }
}
