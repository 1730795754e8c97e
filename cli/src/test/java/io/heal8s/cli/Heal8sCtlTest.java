package io.heal8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Heal8sCtlTest {

    private static final Path PLAYBOOKS = Path.of("..", "playbooks");
    private static final Path OOM = Path.of("..", "examples", "alerts", "oom.json");
    private static final Path OOM_HISTORY = Path.of("..", "examples", "alerts", "oom-history.json");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Heal8sCtl.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void lintAcceptsTheShippedPlaybooks() {
        int code = run("lint", PLAYBOOKS.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("playbooks, ").endsWith(": OK" + System.lineSeparator());
    }

    @Test
    void lintReportsEachPlaybookErrorWithFileLineAndColumnAndExitsOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), String.join("\n",
                "apiVersion: heal8s.io/v1alpha1",
                "kind: Playbook",
                "metadata:",
                "  name: broken",
                "spec:",
                "  match:",
                "    alertNames: [Foo]",
                "  action:",
                "    type: IncreaseMemroy",
                ""));

        int code = run("lint", dir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString())
                .contains(dir.resolve("broken.yaml") + ":9:11: spec.action.type:")
                .contains("IncreaseMemroy")
                .contains("1 error in " + dir);
    }

    @Test
    void lintReportsABrokenDrlFileByNameAndExitsOne(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        Files.copy(PLAYBOOKS.resolve("oom-increase-memory.yaml"), dir.resolve("oom-increase-memory.yaml"));
        Files.writeString(dir.resolve("rules").resolve("bad.drl"),
                "package heal8s.user\n\nrule \"unfinished\"\nwhen\n    Nonsense(\nthen\nend\n");

        int code = run("lint", dir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("bad.drl").contains("compiling the rules of " + dir);
    }

    @Test
    void explainShowsTheDecisionAndTheRulesThatFired() {
        int code = run("explain", "--playbooks", PLAYBOOKS.toString(), "--at", "2026-11-25T21:00:00Z",
                OOM.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("alert KubePodOOMKilled (firing) fingerprint 5f1c0ab3e2d94c71")
                .contains("decision: REMEDIATE")
                .contains("playbook: oom-increase-memory")
                .contains("action:   IncreaseMemory {percent=25")
                .contains("max=2Gi")
                .contains("target:   Pod shop/checkout-7d9f8b6c5d-9wzmr container checkout")
                .contains("strategy: GitOps, approval required, ttl 1d")
                .contains("playbook:oom-increase-memory");
    }

    @Test
    void explainShowsThePlaybooksReviewSettings(@TempDir Path dir) throws IOException {
        writeOomPlaybookWithGitOps(dir, "draft: true");

        int code = run("explain", "--playbooks", dir.toString(), "--at", "2026-11-25T21:00:00Z", OOM.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("gitops:   acme/k8s-manifests@main apps/{namespace}/{name}.yaml")
                .contains("review:   reviewers alice, acme/sre; assignees bob; labels team-shop; draft");
    }

    @Test
    void lintRefusesAutoMergeInAPlaybookThatRequiresApproval(@TempDir Path dir) throws IOException {
        Path file = writeOomPlaybookWithGitOps(dir, "autoMerge: true");

        int code = run("lint", dir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(file + ":").contains("spec.gitops.autoMerge: autoMerge has no effect "
                + "while spec.strategy.requireApproval is true");
    }

    /** The shipped OOM playbook (which requires approval) with a gitops section ending in {@code lastLine}. */
    private static Path writeOomPlaybookWithGitOps(Path dir, String lastLine) throws IOException {
        String shipped = Files.readString(PLAYBOOKS.resolve("oom-increase-memory.yaml"));
        Path file = dir.resolve("oom-increase-memory.yaml");
        Files.writeString(file, shipped + String.join("\n",
                "  gitops:",
                "    repository: acme/k8s-manifests",
                "    manifestPath: \"apps/{namespace}/{name}.yaml\"",
                "    reviewers: [alice, acme/sre]",
                "    assignees: [bob]",
                "    labels: [team-shop]",
                "    " + lastLine,
                ""));
        return file;
    }

    @Test
    void explainWithHistoryInsideTheCooldownReportsTheGuard() {
        int code = run("explain", "--playbooks", PLAYBOOKS.toString(), "--history", OOM_HISTORY.toString(),
                "--at", "2026-11-25T20:45:00Z", OOM.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("decision: GUARDED").containsIgnoringCase("cooldown");
    }

    @Test
    void explainAsJsonCarriesTheTrace() {
        int code = run("explain", "-o", "json", "--at", "2026-11-25T21:00:00Z", "-p", PLAYBOOKS.toString(),
                OOM.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("\"outcome\" : \"REMEDIATE\"")
                .contains("\"playbook\" : \"oom-increase-memory\"")
                .contains("\"trace\" : [");
    }

    @Test
    void explainNamesTheJsonPathOfAMalformedPayloadAndExitsTwo(@TempDir Path dir) throws IOException {
        Path payload = dir.resolve("bad.json");
        Files.writeString(payload, "{\"version\":\"3\",\"status\":\"firing\",\"alerts\":[]}");

        int code = run("explain", "-p", PLAYBOOKS.toString(), payload.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(payload + ": $.version:");
    }

    @Test
    void explainRejectsABadTime() {
        int code = run("explain", "--at", "yesterday", "-p", PLAYBOOKS.toString(), OOM.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--at: 'yesterday' is not an RFC 3339 time");
    }

    @Test
    void aBareInvocationIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("name a command: lint, explain or preview");
    }

    @Test
    void terminalEscapesFromAlertLabelsAreNeutralised() {
        assertThat(Terminal.printable("ok\u001b[31mred\u202e")).isEqualTo("ok\\u001b[31mred\\u202e");
    }
}
