package io.heal8s.fakegithub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pull-request lifecycle over raw HTTP: edits, state changes, branch moves, events, paging and concurrency. */
class FakeGitHubLifecycleTest {

    private static final String TOKEN = "t";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<String> signatures = new CopyOnWriteArrayList<>();
    private FakeGitHub fake;
    private HttpServer receiver;
    private String api;

    @BeforeEach
    void start() throws IOException {
        fake = FakeGitHub.start().addToken(TOKEN, "heal8s-bot");
        fake.createRepository("acme", "manifests", "main", Map.of("a/web.yaml", "memory: 1Gi\n", "b.txt", "b\n"));
        api = fake.apiUrl() + "/repos/acme/manifests";
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            events.add(json.readTree(exchange.getRequestBody().readAllBytes()));
            String signature = exchange.getRequestHeaders().getFirst("X-Hub-Signature-256");
            signatures.add(signature == null ? "none" : signature);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        fake.close();
    }

    private void hooks(String secret) {
        fake.deliverWebhooksTo(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/"), secret);
    }

    private int openPull(String branch) throws Exception {
        String main = fake.branchSha("acme", "manifests", "main");
        assertThat(call("POST", api + "/git/refs", Map.of("ref", "refs/heads/" + branch, "sha", main)).statusCode())
                .isEqualTo(201);
        fake.commit("acme", "manifests", branch, "a/web.yaml", "memory: 2Gi # " + branch + "\n", "raise");
        HttpResponse<String> created = call("POST", api + "/pulls",
                Map.of("title", "t " + branch, "head", "acme:" + branch, "base", "main", "body", "b"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).isPresent();
        return json.readTree(created.body()).get("number").asInt();
    }

    private List<String> actions() {
        return events.stream().map(e -> e.get("action").asText()).toList();
    }

    @Test
    void editsStateChangesAndBranchMovesRaiseTheirEvents() throws Exception {
        hooks("k");
        int n = openPull("heal8s/x");

        call("PATCH", api + "/pulls/" + n, Map.of("title", "new title"));
        fake.commit("acme", "manifests", "heal8s/x", "b.txt", "bb\n", "a second commit");
        call("PATCH", api + "/pulls/" + n, Map.of("state", "closed"));
        call("PATCH", api + "/pulls/" + n, Map.of("state", "open"));
        fake.close(n);

        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 6);
        assertThat(actions()).containsExactly("opened", "edited", "synchronize", "closed", "reopened", "closed");
        assertThat(events.get(1).at("/changes/title/from").asText()).isEqualTo("t heal8s/x");
        assertThat(events.get(2).get("after").asText()).isEqualTo(fake.branchSha("acme", "manifests", "heal8s/x"));
        assertThat(events.get(5).at("/pull_request/merged").asBoolean()).isFalse();
        assertThat(events.get(0).at("/sender/login").asText()).isEqualTo("heal8s-bot");
        assertThat(fake.pull(n).title()).isEqualTo("new title");
        assertThat(fake.pull(n).state()).isEqualTo("closed");
        assertThat(fake.deliveries()).allSatisfy(d -> assertThat(d.status()).isEqualTo(204));
    }

    @Test
    void aHookWithoutSecretSendsNoSignature() throws Exception {
        hooks(null);
        openPull("heal8s/unsigned");
        await().atMost(Duration.ofSeconds(10)).until(() -> signatures.size() == 1);
        assertThat(signatures).containsExactly("none");
    }

    @Test
    void deletingTheHeadBranchClosesThePullRequest() throws Exception {
        int n = openPull("heal8s/gone");
        assertThat(call("DELETE", api + "/git/refs/heads/heal8s/gone", null).statusCode()).isEqualTo(204);
        assertThat(fake.pull(n).state()).isEqualTo("closed");
        assertThat(fake.pull(n).headSha()).isNotNull();
        HttpResponse<String> reopen = call("PATCH", api + "/pulls/" + n, Map.of("state", "open"));
        assertThat(reopen.statusCode()).isEqualTo(422);
    }

    @Test
    void listingPagesWithLinkAndFiltersHeadOnlyInOwnerBranchForm() throws Exception {
        for (String b : List.of("p1", "p2", "p3")) {
            openPull(b);
        }
        HttpResponse<String> first = call("GET", api + "/pulls?state=all&per_page=2", null);
        assertThat(json.readTree(first.body()).size()).isEqualTo(2);
        assertThat(json.readTree(first.body()).get(0).get("number").asInt()).isEqualTo(3);
        assertThat(first.headers().firstValue("Link").orElseThrow()).contains("page=2>; rel=\"next\"");
        HttpResponse<String> second = call("GET", api + "/pulls?state=all&per_page=2&page=2", null);
        assertThat(json.readTree(second.body()).get(0).get("number").asInt()).isEqualTo(1);

        assertThat(json.readTree(call("GET", api + "/pulls?head=acme:p2", null).body()).size()).isEqualTo(1);
        assertThat(json.readTree(call("GET", api + "/pulls?head=p2", null).body()).size()).isEqualTo(3);
        fake.close(1);
        assertThat(json.readTree(call("GET", api + "/pulls", null).body()).size()).isEqualTo(2);
        assertThat(json.readTree(call("GET", api + "/pulls?state=closed", null).body()).size()).isEqualTo(1);
    }

    @Test
    void issueEndpointsEditLabelsAssigneesAndState() throws Exception {
        int n = openPull("heal8s/issue");
        call("POST", api + "/issues/" + n + "/labels", Map.of("labels", List.of("heal8s", "prod")));
        HttpResponse<String> replaced = call("PATCH", api + "/issues/" + n,
                Map.of("labels", List.of("heal8s", "staging"), "assignees", List.of("carol")));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(json.readTree(replaced.body()).at("/pull_request/url").asText()).endsWith("/pulls/" + n);
        assertThat(fake.pull(n).labels()).containsExactly("heal8s", "staging");
        assertThat(fake.pull(n).assignees()).containsExactly("carol");
        HttpResponse<String> removed = call("DELETE", api + "/issues/" + n + "/labels/staging", null);
        assertThat(json.readTree(removed.body()).size()).isEqualTo(1);

        call("POST", api + "/issues/" + n + "/comments", Map.of("body", "closing: superseded"));
        call("PATCH", api + "/issues/" + n, Map.of("state", "closed"));
        assertThat(fake.pull(n).state()).isEqualTo("closed");
        JsonNode comments = json.readTree(call("GET", api + "/issues/" + n + "/comments", null).body());
        assertThat(comments.get(0).get("body").asText()).isEqualTo("closing: superseded");
        assertThat(comments.get(0).at("/user/login").asText()).isEqualTo("heal8s-bot");
    }

    @Test
    void conflictingPullRequestIsNotMergeable() throws Exception {
        int n = openPull("heal8s/conflict");
        fake.commit("acme", "manifests", "main", "a/web.yaml", "memory: 4Gi\n", "someone else's change");

        JsonNode pull = json.readTree(call("GET", api + "/pulls/" + n, null).body());
        assertThat(pull.get("mergeable").asBoolean()).isFalse();
        assertThat(pull.get("mergeable_state").asText()).isEqualTo("dirty");
        HttpResponse<String> merge = call("PUT", api + "/pulls/" + n + "/merge", Map.of("merge_method", "merge"));
        assertThat(merge.statusCode()).isEqualTo(405);
        assertThatThrownBy(() -> fake.merge(n)).isInstanceOf(IllegalStateException.class);
        assertThat(fake.file("acme", "manifests", "main", "a/web.yaml")).isEqualTo("memory: 4Gi\n");
    }

    @Test
    void readsDirectoriesBranchesAndCommits() throws Exception {
        JsonNode root = json.readTree(call("GET", api + "/contents/?ref=main", null).body());
        assertThat(root).extracting(e -> e.get("name").asText()).containsExactly("a", "b.txt");
        assertThat(root.get(0).get("type").asText()).isEqualTo("dir");
        JsonNode file = json.readTree(call("GET", api + "/contents/a/web.yaml", null).body());
        assertThat(new String(Base64.getMimeDecoder().decode(file.get("content").asText()), StandardCharsets.UTF_8))
                .isEqualTo("memory: 1Gi\n");

        String main = fake.branchSha("acme", "manifests", "main");
        JsonNode branch = json.readTree(call("GET", api + "/branches/main", null).body());
        assertThat(branch.at("/commit/sha").asText()).isEqualTo(main);
        JsonNode commit = json.readTree(call("GET", api + "/commits/main", null).body());
        assertThat(commit.at("/commit/message").asText()).isEqualTo("Initial commit");
        assertThat(commit.get("parents").size()).isZero();
        assertThat(call("GET", api + "/commits/" + "0".repeat(40), null).statusCode()).isEqualTo(422);
        assertThat(call("GET", api + "/branches/nope", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", fake.apiUrl() + "/repos/acme/other", null).statusCode()).isEqualTo(404);
    }

    @Test
    void enterprisePrefixMethodOverrideAndBodyLimit() throws Exception {
        assertThat(call("GET", fake.apiUrl() + "/api/v3/repos/acme/manifests", null).statusCode()).isEqualTo(200);
        int n = openPull("heal8s/override");
        HttpRequest overridden = HttpRequest.newBuilder(URI.create(api + "/pulls/" + n))
                .header("Authorization", "token " + TOKEN).header("X-HTTP-Method-Override", "PATCH")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"via override\"}")).build();
        assertThat(http.send(overridden, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(fake.pull(n).title()).isEqualTo("via override");

        byte[] huge = new byte[FakeGitHub.MAX_BODY_BYTES + 1];
        HttpRequest tooLarge = HttpRequest.newBuilder(URI.create(api + "/pulls"))
                .header("Authorization", "token " + TOKEN).POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build();
        assertThat(http.send(tooLarge, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
        assertThat(call("POST", api + "/pulls", null).statusCode()).isEqualTo(422);
    }

    @Test
    void concurrentClientsGetDistinctPullRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> jobs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String branch = "c" + i;
                jobs.add(() -> openPull(branch));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(jobs)) {
                numbers.add(f.get());
            }
            assertThat(numbers).doesNotHaveDuplicates().hasSize(12);
            assertThat(fake.pulls()).hasSize(12).allSatisfy(p -> assertThat(p.open()).isTrue());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeDeletesTheRepositories() {
        Path dir = fake.git("acme", "manifests").getDirectory().toPath();
        assertThat(Files.isDirectory(dir)).isTrue();
        fake.close();
        assertThat(Files.exists(dir)).isFalse();
        fake.close(); // idempotent, as AutoCloseable users expect
    }

    private HttpResponse<String> call(String method, String url, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "token " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
