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
    void readsResidentMemoryAndCpuTimeOfAProcessFromProc() {
        try (ServerProcess self = new ServerProcess(ProcessHandle.current().pid())) {
            self.startSampling(10);

            await().atMost(Duration.ofSeconds(5)).until(() -> self.maxRssKib() > 0);
            long sampled = self.maxRssKib();
            // The high-water mark only grows, and it is read after the samples it must cover.
            assertThat(self.hwmKib().orElseThrow()).isGreaterThanOrEqualTo(sampled);
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
}
