package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.WireFormats;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetentionSweepTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Duration DAY = Duration.ofDays(1);

    MockApi api;
    TestClock clock;
    AtomicInteger metric;
    AtomicBoolean leading;

    @BeforeEach
    void start() {
        api = MockApi.start();
        clock = new TestClock(NOW);
        metric = new AtomicInteger();
        leading = new AtomicBoolean(true);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** A Remediation decided at {@code decided}, then put in {@code phase} with these status times (null: unset). */
    Remediation remediation(String name, Instant decided, RemediationPhase phase, Instant phaseSince,
            Instant resolvedAt) {
        Remediation created = api.createRemediation(name, WorkloadKind.Deployment, "cart", Strategy.Mode.Direct,
                "24h", decided);
        if (phase == null) {
            return created;
        }
        return api.client.resource(created).editStatus(r -> {
            RemediationStatus s = new RemediationStatus();
            s.setPhase(phase);
            s.setPhaseSince(phaseSince == null ? null : WireFormats.timestamp(phaseSince));
            s.setResolvedAt(resolvedAt == null ? null : WireFormats.timestamp(resolvedAt));
            r.setStatus(s);
            return r;
        });
    }

    Remediation ended(String name, RemediationPhase phase, Duration ago) {
        Instant at = NOW.minus(ago);
        return remediation(name, at.minusSeconds(60), phase, at, at);
    }

    List<Remediation> listed() {
        return api.client.resources(Remediation.class).inNamespace(MockApi.NS).list().getItems();
    }

    List<String> names() {
        return listed().stream().map(r -> r.getMetadata().getName()).sorted().toList();
    }

    RetentionSweep sweep(Duration retention, int cap, Duration floor, Supplier<? extends Collection<Remediation>> known) {
        return new RetentionSweep(api.client, clock, new RetentionSettings(retention, cap), () -> floor, known,
                leading::get, metric::addAndGet);
    }

    RetentionSweep sweep(Duration retention, Duration floor) {
        return sweep(retention, 100, floor, this::listed);
    }

    @Test
    void terminalRemediationsOlderThanTheRetentionAreDeletedRecentAndUnfinishedOnesKept() {
        ended("old-succeeded", RemediationPhase.Succeeded, Duration.ofDays(8));
        ended("old-failed", RemediationPhase.Failed, Duration.ofDays(10));
        ended("old-expired", RemediationPhase.Expired, Duration.ofDays(30));
        ended("old-skipped", RemediationPhase.Skipped, Duration.ofDays(7).plusSeconds(1));
        ended("recent-succeeded", RemediationPhase.Succeeded, Duration.ofDays(6));
        ended("recent-skipped", RemediationPhase.Skipped, Duration.ofMinutes(1));
        // Not terminal, however old: the reconciler still owns them.
        remediation("old-pending", NOW.minus(Duration.ofDays(30)), RemediationPhase.Pending,
                NOW.minus(Duration.ofDays(30)), null);
        remediation("old-applying", NOW.minus(Duration.ofDays(30)), RemediationPhase.Applying,
                NOW.minus(Duration.ofDays(30)), null);
        remediation("old-new", NOW.minus(Duration.ofDays(30)), null, null, null);

        int deleted = sweep(Duration.ofDays(7), DAY).sweep();

        assertThat(deleted).isEqualTo(4);
        assertThat(metric).hasValue(4);
        assertThat(names()).containsExactly("old-applying", "old-new", "old-pending", "recent-skipped",
                "recent-succeeded");
    }

    @Test
    void theTerminalTimeIsPhaseSinceElseResolvedAtElseTheDecision() {
        // phaseSince is recent although the decision and resolvedAt are old: kept.
        remediation("moved-lately", NOW.minus(Duration.ofDays(20)), RemediationPhase.Failed,
                NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofDays(20)));
        remediation("resolved-long-ago", NOW.minus(Duration.ofDays(20)), RemediationPhase.Succeeded, null,
                NOW.minus(Duration.ofDays(9)));
        remediation("resolved-lately", NOW.minus(Duration.ofDays(20)), RemediationPhase.Succeeded, null,
                NOW.minus(Duration.ofDays(2)));
        remediation("decided-long-ago", NOW.minus(Duration.ofDays(9)), RemediationPhase.Skipped, null, null);
        remediation("decided-lately", NOW.minus(Duration.ofDays(2)), RemediationPhase.Skipped, null, null);

        sweep(Duration.ofDays(7), DAY).sweep();

        assertThat(names()).containsExactly("decided-lately", "moved-lately", "resolved-lately");
    }

    @Test
    void aRetentionShorterThanTheLongestGuardWindowIsRaisedToItWithOneWarning() {
        ended("two-hours", RemediationPhase.Skipped, Duration.ofHours(2));
        ended("two-days", RemediationPhase.Skipped, Duration.ofDays(2));
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(RetentionSweep.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            RetentionSweep sweep = sweep(Duration.ofHours(1), DAY);

            assertThat(sweep.effectiveRetention()).isEqualTo(DAY);
            assertThat(sweep.sweep()).isEqualTo(1);
            assertThat(sweep.sweep()).isZero();

            assertThat(names()).containsExactly("two-hours");
            assertThat(warnings).hasSize(1);
            assertThat(new SimpleFormatter().formatMessage(warnings.get(0)))
                    .contains(RetentionSettings.KEY_RETENTION + " (1h)", "(1d)");
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void aRetentionLongerThanTheGuardWindowsIsKept() {
        assertThat(sweep(Duration.ofDays(7), DAY).effectiveRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aSweepDeletesAtMostItsCapOldestFirst() {
        for (int i = 1; i <= 5; i++) {
            ended("old-" + i, RemediationPhase.Succeeded, Duration.ofDays(7 + i));
        }
        RetentionSweep sweep = sweep(Duration.ofDays(7), 2, DAY, this::listed);

        assertThat(sweep.sweep()).isEqualTo(2);
        assertThat(names()).containsExactly("old-1", "old-2", "old-3");
        assertThat(sweep.sweep()).isEqualTo(2);
        assertThat(sweep.sweep()).isEqualTo(1);
        assertThat(names()).isEmpty();
        assertThat(metric).hasValue(5);
    }

    @Test
    void aRemediationChangedSinceTheCacheSawItIsNotDeleted() {
        Remediation seen = ended("changed", RemediationPhase.Failed, Duration.ofDays(8));
        String staleVersion = seen.getMetadata().getResourceVersion();
        api.client.resource(listed().get(0)).edit(r -> {
            r.getMetadata().getLabels().put("touched", "yes");
            return r;
        });
        // The API server's answer to a precondition on a resourceVersion that is no longer the object's.
        List<String> bodies = new ArrayList<>();
        AtomicInteger conflicts = api.refuse(request -> {
            if (!"DELETE".equals(request.getMethod())) {
                return false;
            }
            String body = request.getUtf8Body();
            bodies.add(body);
            return body.contains("\"resourceVersion\":\"" + staleVersion + "\"");
        }, HttpURLConnection.HTTP_CONFLICT, "Conflict", "Precondition failed: ResourceVersion");

        int deleted = sweep(Duration.ofDays(7), 100, DAY, () -> List.of(seen)).sweep();

        assertThat(deleted).isZero();
        assertThat(conflicts).hasValue(1);
        assertThat(bodies.get(0)).contains("preconditions");
        assertThat(names()).containsExactly("changed");
        assertThat(metric).hasValue(0);
    }

    @Test
    void oneAlreadyGoneIsFineAndTheOthersAreStillDeleted() {
        Remediation gone = ended("gone", RemediationPhase.Succeeded, Duration.ofDays(9));
        ended("old", RemediationPhase.Succeeded, Duration.ofDays(8));
        List<Remediation> cached = listed();
        api.client.resource(gone).delete();

        assertThat(sweep(Duration.ofDays(7), 100, DAY, () -> cached).sweep()).isEqualTo(1);
        assertThat(names()).isEmpty();
    }

    @Test
    void anApiThatCannotAnswerEndsTheSweepAndTheNextOneTriesAgain() {
        ended("old-1", RemediationPhase.Succeeded, Duration.ofDays(9));
        ended("old-2", RemediationPhase.Succeeded, Duration.ofDays(8));
        AtomicInteger refused = api.fail(request -> "DELETE".equals(request.getMethod()));
        RetentionSweep sweep = sweep(Duration.ofDays(7), DAY);

        assertThat(sweep.sweep()).isZero();
        assertThat(refused).hasValue(1);
        assertThat(names()).containsExactly("old-1", "old-2");

        api.heal();
        assertThat(sweep.sweep()).isEqualTo(2);
        assertThat(names()).isEmpty();
    }

    @Test
    void aReplicaThatDoesNotLeadDeletesNothing() {
        ended("old", RemediationPhase.Succeeded, Duration.ofDays(8));
        leading.set(false);
        RetentionSweep sweep = sweep(Duration.ofDays(7), DAY);

        assertThat(sweep.sweep()).isZero();
        assertThat(names()).containsExactly("old");

        leading.set(true);
        assertThat(sweep.sweep()).isEqualTo(1);
    }

    @Test
    void aRetentionOfZeroDeletesNothing() {
        ended("ancient", RemediationPhase.Succeeded, Duration.ofDays(400));
        RetentionSweep sweep = sweep(Duration.ZERO, DAY);

        assertThat(sweep.effectiveRetention()).isZero();
        assertThat(sweep.sweep()).isZero();
        sweep.start();
        sweep.close();
        assertThat(names()).containsExactly("ancient");
    }

    @Test
    void theClockDecidesWhenARemediationFallsDue() {
        ended("six-days", RemediationPhase.Succeeded, Duration.ofDays(6));
        RetentionSweep sweep = sweep(Duration.ofDays(7), DAY);

        assertThat(sweep.sweep()).isZero();
        clock.advance(DAY.plusSeconds(1));
        assertThat(sweep.sweep()).isEqualTo(1);
    }

    @Test
    void onceStartedItSweepsOnItsOwn() {
        Instant now = Instant.now();
        remediation("done", now.minusSeconds(120), RemediationPhase.Succeeded, now.minusSeconds(60), null);
        // Retention 10s: a sweep every second.
        try (RetentionSweep sweep = new RetentionSweep(api.client, Clock.systemUTC(),
                new RetentionSettings(Duration.ofSeconds(10), 100), () -> Duration.ofSeconds(5), this::listed,
                leading::get, metric::addAndGet)) {
            sweep.start();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(names()).isEmpty());
            assertThatThrownBy(sweep::start).isInstanceOf(IllegalStateException.class);
        }
        assertThat(metric).hasValue(1);
    }

    @Test
    void settingsReadTheKeyWithSevenDaysByDefaultAndZeroDisabling() {
        assertThat(RetentionSettings.fromMap(Map.of()).retention()).isEqualTo(Duration.ofDays(7));
        assertThat(RetentionSettings.fromMap(Map.of(RetentionSettings.KEY_RETENTION, "  ")).enabled()).isTrue();
        assertThat(RetentionSettings.fromMap(Map.of(RetentionSettings.KEY_RETENTION, "0")).enabled()).isFalse();
        assertThat(RetentionSettings.fromMap(Map.of(RetentionSettings.KEY_RETENTION, "30d")).retention())
                .isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> RetentionSettings.fromMap(Map.of(RetentionSettings.KEY_RETENTION, "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(RetentionSettings.KEY_RETENTION);
        assertThatThrownBy(() -> new RetentionSettings(Duration.ofDays(-1), 100))
                .hasMessageStartingWith("retention");
        assertThatThrownBy(() -> new RetentionSettings(DAY, 0)).hasMessageStartingWith("maxPerSweep");
    }

    @Test
    void theSweepIntervalIsATenthOfTheRetentionAtMostAnHour() {
        assertThat(RetentionSettings.interval(Duration.ofDays(7))).isEqualTo(Duration.ofHours(1));
        assertThat(RetentionSettings.interval(Duration.ofHours(5))).isEqualTo(Duration.ofMinutes(30));
        assertThat(RetentionSettings.interval(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(1));
    }
}
