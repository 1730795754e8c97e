package io.heal8s.engine.remediation;

import static io.heal8s.engine.remediation.RemediationPhase.Analyzing;
import static io.heal8s.engine.remediation.RemediationPhase.Applying;
import static io.heal8s.engine.remediation.RemediationPhase.Expired;
import static io.heal8s.engine.remediation.RemediationPhase.Failed;
import static io.heal8s.engine.remediation.RemediationPhase.PRCreated;
import static io.heal8s.engine.remediation.RemediationPhase.Pending;
import static io.heal8s.engine.remediation.RemediationPhase.Skipped;
import static io.heal8s.engine.remediation.RemediationPhase.Succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RemediationPhaseTest {

    /** The lifecycle, written out once more by hand: every move not listed here must be refused. */
    private static final Map<RemediationPhase, Set<RemediationPhase>> ALLOWED = Map.of(
            Pending, EnumSet.of(Analyzing, Failed, Expired, Skipped),
            Analyzing, EnumSet.of(PRCreated, Applying, Failed, Expired, Skipped),
            PRCreated, EnumSet.of(Applying, Succeeded, Failed, Expired),
            Applying, EnumSet.of(Succeeded, Failed),
            Succeeded, EnumSet.noneOf(RemediationPhase.class),
            Failed, EnumSet.noneOf(RemediationPhase.class),
            Expired, EnumSet.noneOf(RemediationPhase.class),
            Skipped, EnumSet.noneOf(RemediationPhase.class));

    @ParameterizedTest
    @EnumSource(RemediationPhase.class)
    void everyMoveFromAPhaseIsAllowedExactlyWhenTheTableSaysSo(RemediationPhase from) {
        for (RemediationPhase to : RemediationPhase.values()) {
            boolean expected = from == to || ALLOWED.get(from).contains(to);
            assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(expected);
        }
        assertThat(from.next()).isEqualTo(ALLOWED.get(from));
    }

    @Test
    void onlySucceededFailedExpiredAndSkippedAreTerminal() {
        assertThat(EnumSet.allOf(RemediationPhase.class).stream().filter(RemediationPhase::isTerminal))
                .containsExactlyInAnyOrder(Succeeded, Failed, Expired, Skipped);
    }

    @Test
    void aFreshRemediationStartsInPendingFailedOrSkipped() {
        assertThat(EnumSet.allOf(RemediationPhase.class).stream().filter(RemediationPhase::canStartIn))
                .containsExactlyInAnyOrder(Pending, Failed, Skipped);
    }

    @Test
    void phasesAreSpelledAsTheGoHeal8sSpellsThemWithSkippedAdded() {
        assertThat(RemediationPhase.values()).extracting(Enum::name).containsExactly("Pending", "Analyzing",
                "PRCreated", "Applying", "Succeeded", "Failed", "Expired", "Skipped");
    }
}
