package io.heal8s.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {

    @Test
    void readsResidentMemoryAndCpuTimeOfAProcessFromProc() throws IOException {
        try (ServerProcess self = new ServerProcess(ProcessHandle.current().pid())) {
            self.startSampling(10);

            await().atMost(Duration.ofSeconds(5)).until(() -> self.maxRssKib() > 0);
            long sampled = self.maxRssKib();
            // The high-water mark only grows and is read after the samples it must cover; but Linux keeps each thread's
            // RSS changes in a cache folded into the process's counters every 64 page faults, so VmHWM may trail a
            // VmRSS sample by up to 64 pages per thread (12-32 KiB seen). WebhookLoad reports the larger of the two.
            long slackKib = 64L * 4 * threads();
            assertThat(self.hwmKib().orElseThrow()).isGreaterThanOrEqualTo(sampled - slackKib);
            assertThat(self.rssKib().orElseThrow()).isGreaterThan(10 * 1024);
            assertThat(self.cpuMillis()).isPositive();
        }
    }

    @Test
    void takesThePidFromLibertysPidFile(@TempDir Path dir) throws IOException {
        Path pidFile = Files.writeString(dir.resolve("heal8s.pid"), ProcessHandle.current().pid() + "\n");

        assertThat(ServerProcess.pidFromFile(pidFile)).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void saysWhichPidOrFileIsWrong(@TempDir Path dir) throws IOException {
        Path garbage = Files.writeString(dir.resolve("heal8s.pid"), "not a pid");

        assertThatThrownBy(() -> ServerProcess.pidFromFile(garbage)).hasMessageContaining(garbage.toString());
        assertThatThrownBy(() -> ServerProcess.pidFromFile(dir.resolve("missing.pid")))
                .hasMessageContaining("missing.pid");
        assertThatThrownBy(() -> new ServerProcess(Long.MAX_VALUE)).hasMessageContaining("server pid");
    }

    private static long threads() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Threads:"))
                .mapToLong(l -> Long.parseLong(l.substring("Threads:".length()).strip())).findFirst().orElseThrow();
    }
}
