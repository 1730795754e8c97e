package io.heal8s.engine.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RolloutRestartTest {

    private static final String PATH = "spec.template.metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T21:00:07.123Z"), ZoneOffset.UTC);

    @ParameterizedTest(name = "at {0} in {1}: {2}")
    @CsvSource({
        "2026-11-25T21:00:07.123Z, UTC,           2026-11-25T21:00:07Z",
        "2026-11-25T21:00:00Z,     UTC,           2026-11-25T21:00:00Z",
        "2026-11-25T21:00:07.999Z, Europe/Berlin, 2026-11-25T22:00:07+01:00",
    })
    void setsTheRestartedAtAnnotationToTheClocksTimeInRfc3339(String instant, String zone, String expected) {
        Clock clock = Clock.fixed(Instant.parse(instant), ZoneId.of(zone));

        ActionResult result = RolloutRestart.withClock(clock).apply(null);

        assertThat(result.changes()).containsExactly(new FieldChange(PATH, null, expected));
    }

    @Test
    void patchesThePodTemplateAnnotationLikeKubectlRolloutRestart() {
        ActionResult result = RolloutRestart.of(ActionSpec.defaults(ActionType.RolloutRestart), CLOCK)
                .apply("2026-11-20T08:00:00Z");

        assertThat(result.changes()).containsExactly(new FieldChange(PATH, "2026-11-20T08:00:00Z",
                "2026-11-25T21:00:07Z"));
        assertThat(result.patch().type()).isEqualTo(PatchType.STRATEGIC_MERGE);
        assertThat(result.patch().json()).isEqualTo("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
                + "{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-25T21:00:07Z\"}}}}}");
        assertThat(result.description()).startsWith("**RolloutRestart**: restart the pods at 2026-11-25T21:00:07Z.");
    }

    @Test
    void aRestartInTheSameSecondChangesNothing() {
        ActionResult result = RolloutRestart.withClock(CLOCK).apply("2026-11-25T21:00:07Z");

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo("already restarted at 2026-11-25T21:00:07Z");
    }
}
