package io.heal8s.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WebhookLoadTest {

    private final StringWriter err = new StringWriter();

    @Test
    void aStormThatCannotBeSplitEvenlyOverThePodsIsRefusedAsBadUsage() {
        int code = run("--storm-alerts", "10001");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--storm-alerts").contains("500");
    }

    @Test
    void anUnknownPhaseIsRefusedAsBadUsage() {
        assertThat(run("--phases", "sustained,soak")).isEqualTo(2);
        assertThat(err.toString()).contains("'soak' is not sustained or storm");
    }

    @Test
    void aServerThatCannotBeReachedEndsWithTwoNotWithTheStormsFailure() {
        // Port 1 on loopback: nothing listens there, so seeding the sandbox fails at once.
        int code = run("--sandbox-api", "http://127.0.0.1:1", "--url", "http://127.0.0.1:1", "--phases", "storm");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("webhook-load: ");
    }

    private int run(String... args) {
        CommandLine line = WebhookLoad.commandLine();
        line.setErr(new PrintWriter(err, true));
        line.setOut(new PrintWriter(new StringWriter(), true));
        return line.execute(args);
    }
}
