package io.heal8s.engine.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A playbook's {@code verify:} section: its defaults, every field read, and each bad value reported at its line. */
class VerifySectionTest {

    @TempDir
    Path dir;

    private static final String HEAD = """
            apiVersion: heal8s.io/v1alpha1
            kind: Playbook
            metadata:
              name: oom
            spec:
              match:
                alertNames: [KubePodOOMKilled]
              action:
                type: IncreaseMemory
            """;

    private LoadResult load(String yaml) throws IOException {
        Files.writeString(dir.resolve("p.yaml"), yaml);
        return new PlaybookLoader().load(dir);
    }

    @Test
    void aPlaybookWithoutVerifyGetsTheServerWindowAndTheAlertOnly() throws IOException {
        LoadResult result = load(HEAD);

        assertThat(result.errors()).isEmpty();
        assertThat(result.playbooks().get(0).verify()).isEqualTo(Verify.DEFAULT);
        assertThat(Verify.DEFAULT.window()).as("the server's heal8s.verification.window").isNull();
        assertThat(Verify.DEFAULT.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(Verify.DEFAULT.successes()).isEqualTo(1);
    }

    @Test
    void everyFieldIsRead() throws IOException {
        LoadResult result = load(HEAD + """
                  verify:
                    window: 20m
                    promql: 'sum(rate(container_oom_events_total{namespace="shop"}[5m])) == 0'
                    interval: 1m
                    successes: 3
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.playbooks().get(0).verify()).isEqualTo(new Verify(Duration.ofMinutes(20),
                "sum(rate(container_oom_events_total{namespace=\"shop\"}[5m])) == 0", Duration.ofMinutes(1), 3));
    }

    @Test
    void badValuesAreReportedWithFileLineAndField() throws IOException {
        LoadResult result = load(HEAD + """
                  verify:
                    window: 0
                    promql: ''
                    interval: soon
                    successes: 0
                    retries: 2
                """);

        assertThat(result.playbooks()).isEmpty();
        assertThat(result.errors()).extracting(PlaybookError::file, PlaybookError::line, PlaybookError::field,
                PlaybookError::message).containsExactlyInAnyOrder(
                tuple(dir.resolve("p.yaml"), 11, "spec.verify.window", "must be longer than zero"),
                tuple(dir.resolve("p.yaml"), 12, "spec.verify.promql", "must not be empty"),
                tuple(dir.resolve("p.yaml"), 13, "spec.verify.interval", "invalid duration 'soon': expected "
                        + Durations.FORMS),
                tuple(dir.resolve("p.yaml"), 14, "spec.verify.successes", "must be between 1 and 100 (consecutive "
                        + "healthy answers), got 0"),
                tuple(dir.resolve("p.yaml"), 15, "spec.verify.retries", "unknown field 'retries'; known fields: "
                        + "window, promql, interval, successes"));
    }

    @Test
    void anIntervalLongerThanTheWindowIsRefused() throws IOException {
        LoadResult result = load(HEAD + """
                  verify:
                    window: 1m
                    interval: 5m
                """);

        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(12);
            assertThat(e.field()).isEqualTo("spec.verify.interval");
            assertThat(e.message()).isEqualTo("the interval (5m) is longer than the window (1m): the check would "
                    + "never run inside it");
        });
    }
}
