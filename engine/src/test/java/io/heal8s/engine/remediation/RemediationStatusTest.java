package io.heal8s.engine.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RemediationStatusTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00.123Z");
    private static final Instant T1 = T0.plusSeconds(30);
    private static final Instant T2 = T0.plusSeconds(90);

    @Test
    void firstTransitionSetsPhaseReasonGenerationAndThreeConditionsAtSecondPrecision() {
        RemediationStatus status = new RemediationStatus();

        boolean changed = status.transition(RemediationPhase.Pending, "Created", "waiting for the operator", 1, T0);

        assertThat(changed).isTrue();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Pending);
        assertThat(status.getReason()).isEqualTo("Created");
        assertThat(status.getMessage()).isEqualTo("waiting for the operator");
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getLastUpdateTime()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(status.getConditions()).extracting(Condition::getType, Condition::getStatus)
                .containsExactly(
                        tuple("Progressing", "True"),
                        tuple("Ready", "False"),
                        tuple("HasErrors", "False"));
        assertThat(status.getConditions()).allSatisfy(c -> {
            assertThat(c.getObservedGeneration()).isEqualTo(1L);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T12:00:00Z");
            assertThat(c.getReason()).isEqualTo("Created");
        });
        assertThat(status.getResolvedAt()).isNull();
    }

    @Test
    void aConditionWhoseStatusDidNotChangeKeepsItsLastTransitionTime() {
        RemediationStatus status = new RemediationStatus();
        status.transition(RemediationPhase.Pending, "Created", "", 1, T0);
        status.transition(RemediationPhase.Analyzing, "ResolvingTarget", "looking up shop/cart", 2, T1);

        Condition progressing = status.condition(RemediationStatus.CONDITION_PROGRESSING);
        assertThat(progressing.getLastTransitionTime()).isEqualTo("2026-11-25T12:00:00Z");
        assertThat(progressing.getReason()).isEqualTo("ResolvingTarget");
        assertThat(progressing.getMessage()).isEqualTo("looking up shop/cart");
        assertThat(progressing.getObservedGeneration()).isEqualTo(2L);

        status.transition(RemediationPhase.Applying, "Patching", "", 2, T1);
        status.transition(RemediationPhase.Succeeded, "Applied", "memory limit 512Mi -> 640Mi", 2, T2);

        assertThat(status.condition(RemediationStatus.CONDITION_PROGRESSING).getStatus()).isEqualTo("False");
        assertThat(status.condition(RemediationStatus.CONDITION_PROGRESSING).getLastTransitionTime())
                .isEqualTo("2026-11-25T12:01:30Z");
        assertThat(status.condition(RemediationStatus.CONDITION_READY).getStatus()).isEqualTo("True");
        assertThat(status.condition(RemediationStatus.CONDITION_READY).getLastTransitionTime())
                .isEqualTo("2026-11-25T12:01:30Z");
        assertThat(status.condition(RemediationStatus.CONDITION_HAS_ERRORS).getLastTransitionTime())
                .isEqualTo("2026-11-25T12:00:00Z");
        assertThat(status.getConditions()).hasSize(3);
    }

    @Test
    void stayingInAPhaseUpdatesReasonAndMessageAndReportsNoChange() {
        RemediationStatus status = new RemediationStatus();
        status.transition(RemediationPhase.Pending, "Created", "", 1, T0);
        status.transition(RemediationPhase.Analyzing, "ResolvingTarget", "", 1, T0);

        boolean changed = status.transition(RemediationPhase.Analyzing, "ClusterUnavailable", "retrying in 10s", 1, T1);

        assertThat(changed).isFalse();
        assertThat(status.getReason()).isEqualTo("ClusterUnavailable");
        assertThat(status.getLastUpdateTime()).isEqualTo("2026-11-25T12:00:30Z");
    }

    @Test
    void phaseSinceMarksTheEntryIntoTheCurrentPhaseAndIgnoresStays() {
        RemediationStatus status = new RemediationStatus();
        status.transition(RemediationPhase.Pending, "Created", "", 1, T0);
        assertThat(status.getPhaseSince()).isEqualTo("2026-11-25T12:00:00Z");

        status.transition(RemediationPhase.Analyzing, "ResolvingTarget", "", 1, T1);
        status.transition(RemediationPhase.Analyzing, "ClusterUnavailable", "retrying in 10s", 1, T2);

        assertThat(status.getPhaseSince()).isEqualTo("2026-11-25T12:00:30Z");
        status.transition(RemediationPhase.Applying, "Patched", "", 1, T2);
        assertThat(status.getPhaseSince()).isEqualTo("2026-11-25T12:01:30Z");
    }

    @Test
    void failingRaisesHasErrorsAndRecordsResolvedAtOnce() {
        RemediationStatus status = new RemediationStatus();
        status.transition(RemediationPhase.Pending, "Created", "", 1, T0);
        status.transition(RemediationPhase.Analyzing, "ResolvingTarget", "", 1, T0);

        status.transition(RemediationPhase.Failed, "TargetNotFound", "deployment shop/cart does not exist", 1, T1);
        status.transition(RemediationPhase.Failed, "TargetNotFound", "still missing", 1, T2);

        assertThat(status.condition(RemediationStatus.CONDITION_HAS_ERRORS).getStatus()).isEqualTo("True");
        assertThat(status.condition(RemediationStatus.CONDITION_HAS_ERRORS).getLastTransitionTime())
                .isEqualTo("2026-11-25T12:00:30Z");
        assertThat(status.getResolvedAt()).isEqualTo("2026-11-25T12:00:30Z");
    }

    @Test
    void aTerminalPhaseIsFinal() {
        RemediationStatus status = new RemediationStatus();
        status.transition(RemediationPhase.Pending, "Created", "", 1, T0);
        status.transition(RemediationPhase.Expired, "TtlExpired", "nobody reviewed it within 24h", 1, T1);

        assertThatThrownBy(() -> status.transition(RemediationPhase.Analyzing, "Retry", "", 1, T2))
                .isInstanceOf(PhaseTransitionException.class)
                .hasMessage("a Remediation cannot move from Expired to Analyzing; Expired is final");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Expired);
    }

    @Test
    void aForbiddenMoveNamesWhereItMayGoInstead() {
        RemediationStatus status = new RemediationStatus();
        status.transition(RemediationPhase.Pending, "Created", "", 1, T0);

        assertThatThrownBy(() -> status.transition(RemediationPhase.Succeeded, "Applied", "", 1, T1))
                .isInstanceOfSatisfying(PhaseTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(RemediationPhase.Pending);
                    assertThat(e.to()).isEqualTo(RemediationPhase.Succeeded);
                })
                .hasMessageContaining("from Pending it may move to [Analyzing, Failed, Expired, Skipped]");
    }

    @Test
    void aFreshStatusMayNotStartHalfWay() {
        assertThatThrownBy(() -> new RemediationStatus().transition(RemediationPhase.Applying, "X", "", 1, T0))
                .isInstanceOf(PhaseTransitionException.class)
                .hasMessageContaining("no phase");
        RemediationStatus invalid = new RemediationStatus();
        invalid.transition(RemediationPhase.Failed, "UnsupportedAction", "CustomScript is not implemented", 1, T0);
        assertThat(invalid.getPhase()).isEqualTo(RemediationPhase.Failed);
    }

    @Test
    void aMissingReasonIsThePhaseAndAMalformedOneIsRefused() {
        RemediationStatus status = new RemediationStatus();
        status.transition(RemediationPhase.Pending, null, null, 1, T0);

        assertThat(status.getReason()).isEqualTo("Pending");
        assertThat(status.getMessage()).isEmpty();
        assertThatThrownBy(() -> status.transition(RemediationPhase.Analyzing, "target not found", "", 1, T1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'target not found' is not a CamelCase word");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Pending);
    }

    @Test
    void aPhaseStartsAtPhaseSinceElseAtTheTimeTheOlderFieldsRecord() {
        Remediation r = new Remediation();
        r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .addToAnnotations(RemediationLabels.DECIDED_AT, "2026-11-26T10:00:00Z").build());
        assertThat(RemediationStatus.phaseStart(r)).as("no status: the decision").isEqualTo(Instant.parse(
                "2026-11-26T10:00:00Z"));

        RemediationStatus status = new RemediationStatus();
        r.setStatus(status);
        status.setPhase(RemediationPhase.Applying);
        status.setStartedAt("2026-11-26T10:01:00Z");
        status.setResolvedAt("2026-11-26T10:03:00Z");
        assertThat(RemediationStatus.phaseStart(r)).as("Applying without phaseSince: startedAt")
                .isEqualTo(Instant.parse("2026-11-26T10:01:00Z"));

        status.setPhase(RemediationPhase.Failed);
        assertThat(RemediationStatus.phaseStart(r)).as("terminal without phaseSince: resolvedAt")
                .isEqualTo(Instant.parse("2026-11-26T10:03:00Z"));

        status.setPhase(RemediationPhase.Analyzing);
        assertThat(RemediationStatus.phaseStart(r)).as("Analyzing without phaseSince: the decision")
                .isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));

        status.setPhaseSince("edited by hand");
        assertThat(RemediationStatus.phaseStart(r)).as("an unreadable phaseSince falls back")
                .isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));

        status.setPhaseSince("2026-11-26T10:02:00Z");
        assertThat(RemediationStatus.phaseStart(r)).isEqualTo(Instant.parse("2026-11-26T10:02:00Z"));
    }

    @Test
    void aTimestampThatIsMissingOrUnreadableIsNull() {
        assertThat(WireFormats.timestampOrNull(null)).isNull();
        assertThat(WireFormats.timestampOrNull(" ")).isNull();
        assertThat(WireFormats.timestampOrNull("yesterday")).isNull();
        assertThat(WireFormats.timestampOrNull("2026-11-26T10:02:00.5+01:00"))
                .isEqualTo(Instant.parse("2026-11-26T09:02:00.5Z"));
    }
}
