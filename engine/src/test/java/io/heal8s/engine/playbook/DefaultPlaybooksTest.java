package io.heal8s.engine.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The playbooks shipped in the repository's {@code playbooks/} folder are data under test: each must load cleanly. */
class DefaultPlaybooksTest {

    /** Relative to the engine module, where Maven runs its tests. */
    private static final Path PLAYBOOKS = Path.of("..", "playbooks");

    private static final List<String> SYSTEM_NAMESPACES = List.of("kube-system", "kube-public", "kube-node-lease");

    private final PlaybookLoader loader = new PlaybookLoader();

    static Stream<Path> playbookFiles() throws IOException {
        try (Stream<Path> files = Files.list(PLAYBOOKS)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().collect(Collectors.toList());
            assertThat(yaml).as("playbook files in " + PLAYBOOKS.toAbsolutePath()).isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("playbookFiles")
    void loadsWithoutErrors(Path file) {
        LoadResult result = loader.loadFile(file);

        assertThat(result.errors()).extracting(PlaybookError::toString).isEmpty();
        assertThat(result.playbooks()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("playbookFiles")
    void leavesSystemNamespacesAlone(Path file) {
        for (Playbook p : loader.loadFile(file).playbooks()) {
            String alertName = p.match().alertNames().iterator().next();
            Map<String, String> labels = new HashMap<>(Map.of("alertname", alertName, "severity", "warning",
                    "pod", "cart-5d9c7-x2x", "container", "cart"));
            labels.put("namespace", "shop");
            assertThat(p.matches(alert(labels))).as(p.name() + " in namespace shop").isTrue();
            for (String ns : SYSTEM_NAMESPACES) {
                labels.put("namespace", ns);
                assertThat(p.matches(alert(labels))).as(p.name() + " in " + ns).isFalse();
            }
        }
    }

    @Test
    void wholeDirectoryLoadsWithUniqueNames() {
        LoadResult result = loader.load(PLAYBOOKS);

        assertThat(result.errors()).extracting(PlaybookError::toString).isEmpty();
        assertThat(result.playbooks()).extracting(Playbook::name).doesNotHaveDuplicates().containsExactlyInAnyOrder(
                "cpu-throttling-increase-cpu", "crashloop-rollback-image", "hpa-maxed-out-scale-up",
                "memory-leak-rollout-restart", "oom-increase-memory");
    }

    @Test
    void oomKillsRaiseMemoryByAQuarterUpToTwoGi() {
        Playbook p = playbook("oom-increase-memory");

        assertThat(p.match().alertNames()).containsExactlyInAnyOrder("KubePodOOMKilled", "ContainerOOMKilled");
        assertThat(p.action().type()).isEqualTo(ActionType.IncreaseMemory);
        assertThat(p.action().intParam("percent")).isEqualTo(25);
        assertThat(p.action().stringParam("max")).isEqualTo("2Gi");
    }

    @Test
    void maxedOutHpaScalesTheDeploymentNamedAfterIt() {
        Playbook p = playbook("hpa-maxed-out-scale-up");
        Alert alert = alert(Map.of("alertname", "KubeHpaMaxedOut", "namespace", "shop",
                "horizontalpodautoscaler", "cart"));

        assertThat(p.matches(alert)).isTrue();
        assertThat(p.action().type()).isEqualTo(ActionType.ScaleUp);
        assertThat(p.target().resolve(alert))
                .contains(new WorkloadRef(WorkloadKind.Deployment, "shop", "cart", ""));
    }

    @Test
    void crashLoopsRollBackAndCpuThrottlingRaisesCpu() {
        assertThat(playbook("crashloop-rollback-image").action().type()).isEqualTo(ActionType.RollbackImage);
        assertThat(playbook("crashloop-rollback-image").match().alertNames()).containsExactly("KubePodCrashLooping");
        assertThat(playbook("cpu-throttling-increase-cpu").action().type()).isEqualTo(ActionType.IncreaseCPU);
        assertThat(playbook("cpu-throttling-increase-cpu").match().alertNames()).containsExactly("CPUThrottlingHigh");
    }

    @Test
    void cpuThrottlingIgnoresThePodSandboxAndPodLevelSeries() {
        Playbook p = playbook("cpu-throttling-increase-cpu");
        Map<String, String> labels = new HashMap<>(Map.of("alertname", "CPUThrottlingHigh", "namespace", "shop",
                "pod", "cart-1", "severity", "info"));

        assertThat(p.matches(alert(labels))).as("no container label").isFalse();
        labels.put("container", "POD");
        assertThat(p.matches(alert(labels))).as("sandbox").isFalse();
        labels.put("container", "cart");
        assertThat(p.matches(alert(labels))).as("a real container, info severity").isTrue();
    }

    @Test
    void restartExampleHasTheLowestPriorityAndActsDirectly() {
        Playbook restart = playbook("memory-leak-rollout-restart");

        assertThat(restart.action().type()).isEqualTo(ActionType.RolloutRestart);
        assertThat(restart.strategy().mode()).isEqualTo(Strategy.Mode.Direct);
        assertThat(restart.strategy().ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(loader.load(PLAYBOOKS).playbooks()).allSatisfy(
                p -> assertThat(p.priority()).isGreaterThanOrEqualTo(restart.priority()));
    }

    @Test
    void readmeDocumentsEveryActionAndParameter() throws IOException {
        String readme = Files.readString(PLAYBOOKS.resolve("README.md"));

        for (ActionType type : ActionType.values()) {
            assertThat(readme).as("README mentions " + type).contains("`" + type.name() + "`");
            for (ParamSpec param : type.params()) {
                assertThat(readme).as("README documents " + type + "." + param.name())
                        .contains("| `" + param.name() + "` |");
            }
        }
    }

    @Test
    void readmeFormatExampleLoadsWithItsReviewSettings(@TempDir Path dir) throws IOException {
        String readme = Files.readString(PLAYBOOKS.resolve("README.md"));
        Matcher block = Pattern.compile("## The format\\s+```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("a ```yaml block right after '## The format' in playbooks/README.md").isTrue();
        Files.writeString(dir.resolve("example.yaml"), block.group(1));

        LoadResult result = loader.load(dir);

        assertThat(result.errors()).as("errors of the README's format example").isEmpty();
        GitOpsSpec gitops = result.playbooks().get(0).gitops();
        assertThat(gitops.reviewers()).containsExactly("alice", "acme/sre");
        assertThat(gitops.assignees()).containsExactly("bob");
        assertThat(gitops.labels()).containsExactly("team-shop");
    }

    @Test
    void theOomPlaybooksCommentedGitOpsSectionIsValidOnceUncommented(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(PLAYBOOKS.resolve("oom-increase-memory.yaml"));
        int start = lines.indexOf("  # gitops:");
        assertThat(start).as("the commented '  # gitops:' line of oom-increase-memory.yaml").isPositive();
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            yaml.append(i >= start && line.startsWith("  # ") ? "  " + line.substring(4) : line).append('\n');
        }
        Files.writeString(dir.resolve("oom.yaml"), yaml);

        LoadResult result = loader.load(dir);

        assertThat(result.errors()).as("errors of oom-increase-memory.yaml with its gitops section uncommented")
                .isEmpty();
        assertThat(result.playbooks().get(0).gitops().reviewers()).containsExactly("alice", "acme/sre");
    }

    private Playbook playbook(String name) {
        Optional<Playbook> p = loader.load(PLAYBOOKS).playbook(name);
        assertThat(p).as(name).isPresent();
        return p.get();
    }

    private static Alert alert(Map<String, String> labels) {
        return new Alert(AlertStatus.FIRING, labels, Map.of(), Instant.EPOCH, null, "", "");
    }
}
