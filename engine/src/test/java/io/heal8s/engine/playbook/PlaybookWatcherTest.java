package io.heal8s.engine.playbook;

import static io.heal8s.engine.playbook.PlaybookRepositoryTest.playbook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookWatcherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void reloadsTheRepositoryOnEditsAndKeepsTheLastGoodSetOnABrokenOne() throws IOException {
        Files.writeString(dir.resolve("oom.yaml"), playbook("oom", "IncreaseMemory"));
        PlaybookRepository repository = new PlaybookRepository(dir);
        try (PlaybookWatcher watcher = PlaybookWatcher.start(repository)) {
            repository.reload();

            Files.writeString(dir.resolve("cpu.yaml"), playbook("cpu", "IncreaseCPU"));
            await().atMost(TIMEOUT).until(() -> repository.current().playbooks().size() == 2);

            Files.writeString(dir.resolve("cpu.yaml"), playbook("cpu", "IncreaseCPUU"));
            await().atMost(TIMEOUT).until(() -> !repository.lastErrors().isEmpty());
            assertThat(repository.current().playbooks()).extracting(Playbook::name).containsExactly("cpu", "oom");
            assertThat(repository.lastErrors()).extracting(PlaybookError::toString).singleElement().asString()
                    .startsWith(dir.resolve("cpu.yaml") + ":9:11: spec.action.type: unknown action type 'IncreaseCPUU'");

            Files.delete(dir.resolve("cpu.yaml"));
            await().atMost(TIMEOUT).until(() -> repository.lastErrors().isEmpty());
            assertThat(repository.current().playbooks()).extracting(Playbook::name).containsExactly("oom");
        }
    }

    @Test
    void handsEveryFreshLoadToTheConsumerIncludingRulesFolderCreatedLater() throws IOException {
        List<LoadResult> loads = new CopyOnWriteArrayList<>();
        try (PlaybookWatcher watcher = PlaybookWatcher.start(dir, loads::add)) {
            Path rules = Files.createDirectory(dir.resolve("rules"));
            await().atMost(TIMEOUT).until(() -> !loads.isEmpty());

            Files.writeString(rules.resolve("a.drl"), "rule \"a\" when then end");
            await().atMost(TIMEOUT).until(() -> last(loads).rules().size() == 1);

            Files.writeString(rules.resolve("a.drl"), "rule \"a2\" when then end");
            await().atMost(TIMEOUT).until(() -> last(loads).rules().get(0).text().contains("a2"));
        }
    }

    @Test
    void debouncesABurstOfChangesIntoFewLoads() throws IOException {
        List<LoadResult> loads = new CopyOnWriteArrayList<>();
        try (PlaybookWatcher watcher = PlaybookWatcher.start(dir, new PlaybookLoader(), Duration.ofMillis(300),
                loads::add)) {
            for (int i = 0; i < 20; i++) {
                Files.writeString(dir.resolve("p" + i + ".yaml"), playbook("p" + i, "IncreaseMemory"));
            }

            await().atMost(TIMEOUT).until(() -> !loads.isEmpty() && last(loads).playbooks().size() == 20);
            // one load for the burst; a slow machine might split it once or twice, never once per file
            assertThat(loads.size()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void stopsWatchingWhenClosed() throws IOException {
        List<LoadResult> loads = new CopyOnWriteArrayList<>();
        PlaybookWatcher watcher = PlaybookWatcher.start(dir, loads::add);
        watcher.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
                t -> t.getName().equals("heal8s-playbook-watcher") && t.isAlive());
        Files.writeString(dir.resolve("oom.yaml"), playbook("oom", "IncreaseMemory"));
        await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(loads::isEmpty);
    }

    private static LoadResult last(List<LoadResult> loads) {
        return loads.get(loads.size() - 1);
    }
}
