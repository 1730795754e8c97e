package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Edits the server's playbook directory (a copy made for the ITs) and watches the running server react: a broken
 * edit is reported and the last good set stays in service; the fix clears the error.
 */
class PlaybookReloadIT {

    private static final Path PLAYBOOKS = Path.of(System.getProperty("heal8s.it.playbooks-dir", "../playbooks"));

    @Test
    void aBrokenEditKeepsTheLastGoodSetAndNamesTheFileAndLine() throws Exception {
        Path file = PLAYBOOKS.resolve("oom-increase-memory.yaml");
        String original = Files.readString(file);
        String before = Http.get("/health/ready").body();
        try {
            Files.writeString(file, original.replace("type: IncreaseMemory", "type: IncreaseMemroy"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Http.get("/health/ready").body())
                    .contains("\"firstError\":\"" + file + ":")
                    .contains("IncreaseMemroy"));
            String during = Http.get("/health/ready").body();
            assertThat(during).contains("\"status\":\"UP\"");
            assertThat(playbookCount(during)).isEqualTo(playbookCount(before));
        } finally {
            Files.writeString(file, original);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Http.get("/health/ready").body())
                .doesNotContain("firstError")
                .contains("\"status\":\"UP\""));
    }

    private static String playbookCount(String body) {
        Matcher m = Pattern.compile("\"playbooks\":(\\d+)").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }
}
