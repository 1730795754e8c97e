package io.heal8s.engine.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookRepositoryTest {

    @TempDir
    Path dir;

    static String playbook(String name, String action) {
        return """
                apiVersion: heal8s.io/v1alpha1
                kind: Playbook
                metadata:
                  name: %s
                spec:
                  match:
                    alertNames: [KubePodOOMKilled]
                  action:
                    type: %s
                """.formatted(name, action);
    }

    @Test
    void startsEmptyAndPutsAGoodSetIntoService() throws IOException {
        PlaybookRepository repository = new PlaybookRepository(dir);
        assertThat(repository.current()).isEqualTo(LoadResult.EMPTY);

        Files.writeString(dir.resolve("oom.yaml"), playbook("oom", "IncreaseMemory"));

        assertThat(repository.reload()).isTrue();
        assertThat(repository.current().playbooks()).extracting(Playbook::name).containsExactly("oom");
        assertThat(repository.lastErrors()).isEmpty();
    }

    @Test
    void brokenEditKeepsTheLastGoodSetAndRecordsItsErrors() throws IOException {
        PlaybookRepository repository = new PlaybookRepository(dir);
        Files.writeString(dir.resolve("oom.yaml"), playbook("oom", "IncreaseMemory"));
        repository.reload();
        LoadResult good = repository.current();

        Files.writeString(dir.resolve("oom.yaml"), playbook("oom", "IncreaseMemroy"));

        assertThat(repository.reload()).isFalse();
        assertThat(repository.current()).isSameAs(good);
        assertThat(repository.lastErrors()).extracting(PlaybookError::field).containsExactly("spec.action.type");

        Files.writeString(dir.resolve("oom.yaml"), playbook("oom", "IncreaseCPU"));

        assertThat(repository.reload()).isTrue();
        assertThat(repository.current().playbooks().get(0).action().type()).isEqualTo(ActionType.IncreaseCPU);
        assertThat(repository.lastErrors()).isEmpty();
    }

    @Test
    void listenerSeesEachNewGoodSetButNotBrokenOrUnchangedOnes() throws IOException {
        PlaybookRepository repository = new PlaybookRepository(dir);
        List<LoadResult> seen = new ArrayList<>();
        repository.addListener(seen::add);
        Files.writeString(dir.resolve("oom.yaml"), playbook("oom", "IncreaseMemory"));

        repository.reload();
        repository.reload();
        Files.writeString(dir.resolve("oom.yaml"), "spec: [");
        repository.reload();

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).playbooks()).extracting(Playbook::name).containsExactly("oom");
    }

    @Test
    void listenerCanRejectASetWithPositionedErrors() throws IOException {
        PlaybookRepository repository = new PlaybookRepository(dir);
        Files.writeString(dir.resolve("oom.yaml"), playbook("oom", "IncreaseMemory"));
        repository.reload();
        LoadResult good = repository.current();
        Path rule = Files.createDirectories(dir.resolve("rules")).resolve("broken.drl");
        Files.writeString(rule, "rule \"x\" when then");
        PlaybookError compileError = new PlaybookError(rule, 1, 20, "", "missing 'end'");
        repository.addListener(candidate -> {
            if (!candidate.rules().isEmpty()) {
                throw new PlaybookRejectedException(List.of(compileError));
            }
        });

        assertThat(repository.reload()).isFalse();
        assertThat(repository.current()).isSameAs(good);
        assertThat(repository.lastErrors()).containsExactly(compileError);
    }

    @Test
    void anyListenerExceptionRejectsAndEarlierListenersReturnToTheSetInService() throws IOException {
        PlaybookRepository repository = new PlaybookRepository(dir);
        List<LoadResult> first = new ArrayList<>();
        repository.addListener(first::add);
        repository.addListener(candidate -> {
            if (candidate.playbooks().size() > 1) {
                throw new IllegalStateException("too many playbooks");
            }
        });
        Files.writeString(dir.resolve("a.yaml"), playbook("a", "IncreaseMemory"));
        repository.reload();
        LoadResult good = repository.current();

        Files.writeString(dir.resolve("b.yaml"), playbook("b", "IncreaseCPU"));

        assertThat(repository.reload()).isFalse();
        assertThat(repository.current()).isSameAs(good);
        assertThat(repository.lastErrors()).extracting(PlaybookError::toString)
                .containsExactly(dir + ":1:1: rejected: too many playbooks");
        // the first listener was told of the candidate, then put back on the set in service
        assertThat(first).hasSize(3);
        assertThat(first.get(1).playbooks()).hasSize(2);
        assertThat(first.get(2)).isSameAs(good);
    }
}
