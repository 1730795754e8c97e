package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.engine.remediation.RemediationPhase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryTest {

    static final Instant DECIDED = Instant.parse("2026-11-26T12:00:00Z");
    static final Duration FALLBACK = Duration.ofHours(24);

    static Remediation remediation(String ttl) {
        return MockApi.remediation("r", WorkloadKind.Deployment, "cart", Strategy.Mode.GitOps, ttl, DECIDED);
    }

    @ParameterizedTest(name = "ttl ''{0}'' is {1}")
    @CsvSource(nullValues = "null", value = {
        "24h, PT24H",
        "1h30m, PT1H30M",
        "90s, PT1M30S",
        "null, PT24H",
        "'', PT24H",
        "1.5h, PT24H",
        "0, PT24H",
        "soon, PT24H"
    })
    void theTtlIsTheSpecsOrTheFallbackWhenItCannotBeRead(String ttl, Duration expected) {
        assertThat(Expiry.ttl(remediation(ttl), FALLBACK)).isEqualTo(expected);
    }

    @Test
    void theDeadlineCountsFromTheDecidedAtAnnotation() {
        Remediation r = remediation("1h");
        r.getMetadata().setCreationTimestamp("2026-11-26T12:30:00Z");

        assertThat(Expiry.deadline(r, FALLBACK)).isEqualTo(Instant.parse("2026-11-26T13:00:00Z"));
    }

    @Test
    void withoutAReadableAnnotationTheDeadlineCountsFromTheCreation() {
        Remediation r = remediation("1h");
        r.getMetadata().getAnnotations().put(RemediationLabels.DECIDED_AT, "yesterday");
        r.getMetadata().setCreationTimestamp("2026-11-26T12:30:00Z");

        assertThat(Expiry.deadline(r, FALLBACK)).isEqualTo(Instant.parse("2026-11-26T13:30:00Z"));
    }

    @Test
    void withNoTimeAtAllThereIsNoDeadline() {
        Remediation r = remediation("1h");
        r.getMetadata().getAnnotations().clear();

        assertThat(Expiry.deadline(r, FALLBACK)).isNull();
        assertThat(Expiry.recheckAfter(DECIDED, null, Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theRecheckComesAtTheDeadlineOrTheResyncWhicheverIsSooner() {
        Instant deadline = DECIDED.plusSeconds(90);
        Duration resync = Duration.ofMinutes(1);

        assertThat(Expiry.recheckAfter(DECIDED, deadline, resync)).isEqualTo(resync);
        assertThat(Expiry.recheckAfter(DECIDED.plusSeconds(45), deadline, resync)).isEqualTo(Duration.ofSeconds(45));
        assertThat(Expiry.recheckAfter(deadline, deadline, resync)).isEqualTo(Expiry.MIN_RECHECK);
        assertThat(Expiry.recheckAfter(deadline.plusSeconds(5), deadline, resync)).isEqualTo(Expiry.MIN_RECHECK);
    }

    @Test
    void theTtlAppliesUntilSomebodyStartsApplyingTheChange() {
        assertThat(Expiry.applies(null)).isTrue();
        assertThat(Expiry.applies(RemediationPhase.Pending)).isTrue();
        assertThat(Expiry.applies(RemediationPhase.Analyzing)).isTrue();
        assertThat(Expiry.applies(RemediationPhase.PRCreated)).isTrue();
        assertThat(Expiry.applies(RemediationPhase.Applying)).isFalse();
        assertThat(Expiry.applies(RemediationPhase.Succeeded)).isFalse();
    }
}
