package io.heal8s.server.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PhaseCensusTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void countsEveryPhaseWithZerosAndAgesTheOldestOfEachWorkingPhase() {
        List<Remediation> cluster = List.of(
                remediation("a", RemediationPhase.Pending, NOW.minusSeconds(30)),
                remediation("b", RemediationPhase.Pending, NOW.minusSeconds(600)),
                remediation("c", RemediationPhase.Analyzing, NOW.minusSeconds(5)),
                remediation("d", RemediationPhase.Applying, NOW.minusSeconds(4000)),
                remediation("e", RemediationPhase.Succeeded, NOW.minusSeconds(86_400)),
                remediation("f", RemediationPhase.Failed, NOW.minusSeconds(90_000)));

        PhaseCensus census = PhaseCensus.of(cluster, NOW);

        assertThat(census.count(RemediationPhase.Pending)).isEqualTo(2);
        assertThat(census.count(RemediationPhase.Analyzing)).isEqualTo(1);
        assertThat(census.count(RemediationPhase.PRCreated)).isZero();
        assertThat(census.count(RemediationPhase.Applying)).isEqualTo(1);
        assertThat(census.count(RemediationPhase.Succeeded)).isEqualTo(1);
        assertThat(census.count(RemediationPhase.Failed)).isEqualTo(1);
        assertThat(census.count(RemediationPhase.Expired)).isZero();
        assertThat(census.count(RemediationPhase.Skipped)).isZero();
        assertThat(census.oldestInPhase(RemediationPhase.Pending)).isEqualTo(Duration.ofSeconds(600));
        assertThat(census.oldestInPhase(RemediationPhase.Analyzing)).isEqualTo(Duration.ofSeconds(5));
        assertThat(census.oldestInPhase(RemediationPhase.PRCreated)).isZero();
        assertThat(census.oldestInPhase(RemediationPhase.Applying)).isEqualTo(Duration.ofSeconds(4000));
    }

    @Test
    void terminalPhasesHaveNoAgeBecauseNothingInThemWaits() {
        PhaseCensus census = PhaseCensus.of(List.of(remediation("e", RemediationPhase.Succeeded, NOW)), NOW);

        for (RemediationPhase phase : RemediationPhase.values()) {
            if (phase.isTerminal()) {
                assertThatThrownBy(() -> census.oldestInPhase(phase)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(phase.name()).hasMessageContaining("terminal");
            }
        }
    }

    @Test
    void anOldRemediationWithoutPhaseSinceIsAgedFromStartedAtThenFromItsDecision() {
        Remediation applying = remediation("old-applying", RemediationPhase.Applying, null);
        applying.getStatus().setStartedAt("2026-11-26T11:00:00Z");
        applying.getMetadata().setAnnotations(Map.of(RemediationLabels.DECIDED_AT, "2026-11-26T10:00:00Z"));
        Remediation analyzing = remediation("old-analyzing", RemediationPhase.Analyzing, null);
        analyzing.getStatus().setStartedAt("2026-11-26T11:59:00Z");
        analyzing.getMetadata().setAnnotations(Map.of(RemediationLabels.DECIDED_AT, "2026-11-26T11:30:00Z"));

        PhaseCensus census = PhaseCensus.of(List.of(applying, analyzing), NOW);

        assertThat(census.oldestInPhase(RemediationPhase.Applying)).isEqualTo(Duration.ofHours(1));
        // startedAt belongs to the change, not to Analyzing: the decision is the phase's only bound.
        assertThat(census.oldestInPhase(RemediationPhase.Analyzing)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aRemediationWithoutStatusIsPendingSinceItWasCreated() {
        Remediation fresh = new Remediation();
        fresh.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("fresh")
                .withCreationTimestamp("2026-11-26T11:58:00Z").build());

        PhaseCensus census = PhaseCensus.of(List.of(fresh), NOW);

        assertThat(census.count(RemediationPhase.Pending)).isEqualTo(1);
        assertThat(census.oldestInPhase(RemediationPhase.Pending)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aClockBehindThePhaseStartGivesZeroNotANegativeAge() {
        PhaseCensus census = PhaseCensus.of(List.of(remediation("a", RemediationPhase.Pending, NOW.plusSeconds(3))),
                NOW);

        assertThat(census.oldestInPhase(RemediationPhase.Pending)).isZero();
    }

    @Test
    void tenThousandRemediationsAreCountedInOnePass() {
        List<Remediation> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            RemediationPhase phase = RemediationPhase.values()[i % RemediationPhase.values().length];
            many.add(remediation("r" + i, phase, NOW.minusSeconds(i)));
        }

        PhaseCensus census = PhaseCensus.of(many, NOW);

        assertThat(census.count(RemediationPhase.Skipped)).isEqualTo(1250);
        assertThat(census.oldestInPhase(RemediationPhase.Applying)).isEqualTo(Duration.ofSeconds(9995));
    }

    @Test
    void theGaugesShareOneCensusPerScrapeAndSayNaNUntilTheCacheHasSynced() {
        AtomicReference<Instant> clock = new AtomicReference<>(NOW);
        AtomicReference<Optional<List<Remediation>>> cache = new AtomicReference<>(Optional.empty());
        AtomicInteger reads = new AtomicInteger();
        PhaseGauges.Census gauges = new PhaseGauges.Census(() -> {
            reads.incrementAndGet();
            return cache.get();
        }, clock::get);

        assertThat(gauges.count(RemediationPhase.Pending)).isNaN();
        assertThat(gauges.oldestSeconds(RemediationPhase.Pending)).isNaN();

        cache.set(Optional.of(List.of(remediation("a", RemediationPhase.Analyzing, NOW.minusMillis(1500)))));
        clock.set(NOW.plus(PhaseGauges.FRESH));
        assertThat(gauges.count(RemediationPhase.Analyzing)).isEqualTo(1.0);
        assertThat(gauges.count(RemediationPhase.Pending)).isZero();
        assertThat(gauges.oldestSeconds(RemediationPhase.Analyzing)).isEqualTo(2.5);
        assertThat(gauges.oldestSeconds(RemediationPhase.Applying)).isZero();
        assertThat(reads).hasValue(2);
    }

    private static Remediation remediation(String name, RemediationPhase phase, Instant since) {
        Remediation r = new Remediation();
        r.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName(name)
                .withCreationTimestamp("2026-11-01T00:00:00Z").build());
        RemediationStatus status = new RemediationStatus();
        status.setPhase(phase);
        status.setPhaseSince(since == null ? null : since.toString());
        r.setStatus(status);
        return r;
    }
}
