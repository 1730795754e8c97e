package io.heal8s.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PullRequestLatencyTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Test
    void withoutTheTokenFileHeal8sSendsTheRunIsRefusedAsBadUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("--github-token-file");
    }

    @Test
    void noAlertsToMeasureIsRefusedAsBadUsage() throws IOException {
        assertThat(run("--github-token-file", token("t0k3n").toString(), "--sequential", "0", "--burst", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--sequential plus --burst at least 1");
    }

    @Test
    void aNegativeCountIsRefusedAsBadUsage() throws IOException {
        assertThat(run("--github-token-file", token("t0k3n").toString(), "--burst", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("none negative");
    }

    @Test
    void moreWorkloadsThanTheSandboxCanNameIsRefused() throws IOException {
        assertThat(run("--github-token-file", token("t0k3n").toString(), "--sequential", "990", "--burst", "20"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("at most 1000 workloads");
    }

    @Test
    void anEmptyTokenFileIsAnErrorNamingTheOption() throws IOException {
        Path empty = token("  \n");

        assertThat(run("--github-token-file", empty.toString(), "--github-port", Integer.toString(freePort())))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--github-token-file: " + empty + " is empty");
    }

    @Test
    void aSandboxThatCannotBeReachedEndsWithTwoAndStopsTheFake() throws IOException {
        int port = freePort();

        // Port 1 on loopback: nothing listens there, so creating the workloads fails at once.
        int code = run("--github-token-file", token("t0k3n").toString(), "--github-port", Integer.toString(port),
                "--sandbox-api", "http://127.0.0.1:1", "--url", "http://127.0.0.1:1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("pull-request-latency: ");
        // The fake GitHub was closed on the way out: its port is free again.
        try (ServerSocket again = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private Path token(String text) throws IOException {
        Path file = dir.resolve("token-" + System.nanoTime());
        Files.writeString(file, text);
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private int run(String... args) {
        CommandLine line = PullRequestLatency.commandLine();
        line.setErr(new PrintWriter(err, true));
        line.setOut(new PrintWriter(new StringWriter(), true));
        return line.execute(args);
    }
}
