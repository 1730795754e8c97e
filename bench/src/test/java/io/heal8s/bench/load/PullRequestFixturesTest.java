package io.heal8s.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.bench.load.AlertPayloads.PodRef;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.ContainerResources;
import io.heal8s.engine.action.IncreaseMemory;
import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertParser;
import io.heal8s.engine.gitops.ManifestPatcher;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.fakegithub.RecordedRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullRequestFixturesTest {

    private final PodRef pod = PullRequestFixtures.pods("gitops-sequential", 3).get(2);

    @Test
    void theManifestTakesThePlaybooksRaiseOfTheLiveValuesOnExactlyTwoLines() {
        String manifest = PullRequestFixtures.manifest(pod.namespace(), pod.workload());
        // What heal8s computes from the Deployment SandboxWorkloads creates: 256Mi limit, 128Mi request, +25%.
        ActionResult raise = IncreaseMemory.withParams(Map.of("percent", 25, "max", "2Gi"))
                .apply(ContainerResources.memory(pod.workload(), "256Mi", "128Mi"));

        String patched = new ManifestPatcher().apply(manifest,
                new ManifestTarget("Deployment", pod.workload(), pod.namespace()), raise);

        List<String> before = Arrays.asList(manifest.split("\n"));
        List<String> after = Arrays.asList(patched.split("\n"));
        assertThat(after).hasSameSizeAs(before);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed.add(after.get(i).trim());
            }
        }
        // The generator's check looks for exactly these lines on the pull request's branch.
        assertThat(changed).containsExactly("memory: 320Mi   # sized by hand", "memory: 160Mi");
    }

    @Test
    void theManifestNamesTheWorkloadAndItsContainerAsTheSandboxDoes() {
        String manifest = PullRequestFixtures.manifest("gitops-burst", "app-007");

        assertThat(new ManifestPatcher().containerNames(manifest,
                new ManifestTarget("Deployment", "app-007", "gitops-burst"))).containsExactly("app-007");
        assertThat(PullRequestFixtures.manifestPath("gitops-burst", "app-007"))
                .isEqualTo("apps/gitops-burst/app-007.yaml");
    }

    @Test
    void theRepositoryHoldsOneManifestPerWorkloadAtTheDefaultTemplatesPath() {
        List<PodRef> pods = new ArrayList<>(PullRequestFixtures.pods("gitops-warmup", 2));
        pods.addAll(PullRequestFixtures.pods("gitops-burst", 3));

        Map<String, String> files = PullRequestFixtures.manifests(pods);

        assertThat(files).containsOnlyKeys("apps/gitops-warmup/app-000.yaml", "apps/gitops-warmup/app-001.yaml",
                "apps/gitops-burst/app-000.yaml", "apps/gitops-burst/app-001.yaml", "apps/gitops-burst/app-002.yaml");
        assertThat(files.get("apps/gitops-burst/app-002.yaml")).contains("name: app-002", "namespace: gitops-burst");
    }

    @Test
    void theAlertIsOneFiringOomKillOnThePodThatTheServersParserAccepts() {
        List<Alert> alerts = new AlertParser().parse(PullRequestFixtures.oomAlert(pod).body()).alerts();

        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.name()).isEqualTo(AlertPayloads.OOM);
            assertThat(alert.firing()).isTrue();
            assertThat(alert.label("namespace")).isEqualTo("gitops-sequential");
            assertThat(alert.label("pod")).isEqualTo(pod.pod());
            assertThat(alert.label("container")).isEqualTo("app-002");
        });
    }

    @Test
    void aBranchOfAnIncreaseMemoryPullRequestNamesItsWorkload() {
        assertThat(PullRequestFixtures.workloadOfBranch("heal8s/increase-memory/gitops-sequential-app-002-0f3a9c1b"))
                .contains(PullRequestFixtures.key(pod));
        assertThat(PullRequestFixtures.key(pod)).isEqualTo("gitops-sequential-app-002");
    }

    @Test
    void otherBranchesNameNoWorkload() {
        assertThat(PullRequestFixtures.workloadOfBranch("heal8s/scale-up/gitops-burst-app-000-0f3a9c1b")).isEmpty();
        assertThat(PullRequestFixtures.workloadOfBranch("heal8s/increase-memory/gitops-burst-app-000")).isEmpty();
        assertThat(PullRequestFixtures.workloadOfBranch("heal8s/increase-memory/-0f3a9c1b")).isEmpty();
        assertThat(PullRequestFixtures.workloadOfBranch("main")).isEmpty();
        assertThat(PullRequestFixtures.workloadOfBranch(null)).isEmpty();
    }

    @Test
    void theCallsOfOnePullRequestBecomeEndpointsWithoutTheirPerRequestParts() {
        String repo = "/repos/acme/k8s-manifests";
        List<RecordedRequest> calls = List.of(
                new RecordedRequest("GET", repo + "/pulls", "state=open&per_page=100&base=main", 200, ""),
                new RecordedRequest("GET", repo + "/contents/apps/gitops-burst/app-001.yaml", "ref=main", 200, ""),
                new RecordedRequest("GET", repo + "/git/ref/heads/main", "", 200, ""),
                new RecordedRequest("POST", repo + "/git/refs", "", 201, "{}"),
                new RecordedRequest("PUT", repo + "/contents/apps/gitops-burst/app-001.yaml", "", 201, "{}"),
                new RecordedRequest("POST", repo + "/pulls", "", 201, "{}"),
                new RecordedRequest("PATCH", repo + "/issues/17", "", 200, "{}"),
                new RecordedRequest("GET", "/api/v3" + repo + "/pulls", "head=acme:x&state=all&per_page=100", 200, ""),
                new RecordedRequest("GET", repo + "/commits/4b825dc642cb6eb9a060e54bf8d69288fbee4904", "", 200, ""));

        assertThat(calls.stream().map(PullRequestFixtures::endpoint)).containsExactly(
                "GET /repos/{owner}/{repo}/pulls?base&per_page&state",
                "GET /repos/{owner}/{repo}/contents/{path}?ref",
                "GET /repos/{owner}/{repo}/git/ref/heads/{branch}",
                "POST /repos/{owner}/{repo}/git/refs",
                "PUT /repos/{owner}/{repo}/contents/{path}",
                "POST /repos/{owner}/{repo}/pulls",
                "PATCH /repos/{owner}/{repo}/issues/{n}",
                "GET /repos/{owner}/{repo}/pulls?head&per_page&state",
                "GET /repos/{owner}/{repo}/commits/{sha}");
    }

    @Test
    void theBreakdownCountsEachEndpointMostFrequentFirst() {
        String repo = "/repos/acme/k8s-manifests";
        List<RecordedRequest> calls = List.of(
                new RecordedRequest("PATCH", repo + "/issues/1", "", 200, ""),
                new RecordedRequest("POST", repo + "/pulls", "", 201, ""),
                new RecordedRequest("PATCH", repo + "/issues/2", "", 200, ""),
                new RecordedRequest("GET", repo + "/contents/apps/a/b.yaml", "ref=main", 200, ""));

        assertThat(PullRequestFixtures.byEndpoint(calls)).containsExactly(
                Map.entry("PATCH /repos/{owner}/{repo}/issues/{n}", 2L),
                Map.entry("GET /repos/{owner}/{repo}/contents/{path}?ref", 1L),
                Map.entry("POST /repos/{owner}/{repo}/pulls", 1L));
    }
}
