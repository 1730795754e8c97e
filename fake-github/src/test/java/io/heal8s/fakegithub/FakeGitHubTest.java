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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHAppInstallationToken;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHContentUpdateResponse;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRef;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;

class FakeGitHubTest {

    private static final String TOKEN = "ghp_test_token";
    private static final String MANIFEST = "apps/web/deployment.yaml";
    private static final String ORIGINAL = "spec:\n  replicas: 2\n  memory: 256Mi # tuned\n";
    private static final String PATCHED = "spec:\n  replicas: 2\n  memory: 320Mi # tuned\n";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeGitHub fake;
    private GitHub github;

    @BeforeEach
    void start() throws IOException {
        fake = FakeGitHub.start();
        fake.addToken(TOKEN);
        fake.createRepository("acme", "manifests", "main", Map.of(MANIFEST, ORIGINAL, "README.md", "# manifests\n"));
        github = new GitHubBuilder().withEndpoint(fake.apiUrl()).withOAuthToken(TOKEN).build();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** The GitOps flow as hub4j drives it: branch, file, pull request; the fake's Git holds what was sent. */
    private GHPullRequest openPullRequest(String branch) throws IOException {
        GHRepository repo = github.getRepository("acme/manifests");
        GHRef main = repo.getRef("heads/main");
        repo.createRef("refs/heads/" + branch, main.getObject().getSha());
        GHContent current = repo.getFileContent(MANIFEST, branch);
        repo.createContent().path(MANIFEST).branch(branch).sha(current.getSha()).message("heal8s: raise memory")
                .content(PATCHED).commit();
        return repo.createPullRequest("Raise memory of web", branch, "main", "<!-- heal8s:remediation=prod/web -->",
                true, false);
    }

    @Test
    void hub4jCreatesBranchCommitsFileAndOpensPullRequest() throws IOException {
        GHRepository repo = github.getRepository("acme/manifests");
        assertThat(repo.getDefaultBranch()).isEqualTo("main");
        assertThat(repo.getFullName()).isEqualTo("acme/manifests");
        assertThat(repo.getOwnerName()).isEqualTo("acme");

        GHContent onMain = repo.getFileContent(MANIFEST, "main");
        assertThat(new String(onMain.read().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(ORIGINAL);
        assertThat(onMain.getSha()).isEqualTo(blobSha(ORIGINAL));

        GHPullRequest pr = openPullRequest("heal8s/increase-memory/prod-web-0a1b2c3d");

        assertThat(pr.getNumber()).isEqualTo(1);
        assertThat(pr.getState()).isEqualTo(GHIssueState.OPEN);
        assertThat(pr.getHead().getRef()).isEqualTo("heal8s/increase-memory/prod-web-0a1b2c3d");
        assertThat(pr.getHead().getSha())
                .isEqualTo(fake.branchSha("acme", "manifests", "heal8s/increase-memory/prod-web-0a1b2c3d"));
        assertThat(pr.getBase().getRef()).isEqualTo("main");
        assertThat(pr.getBody()).isEqualTo("<!-- heal8s:remediation=prod/web -->");
        assertThat(pr.getCreatedAt()).isNotNull();
        assertThat(fake.file("acme", "manifests", "heal8s/increase-memory/prod-web-0a1b2c3d", MANIFEST))
                .isEqualTo(PATCHED);
        assertThat(fake.file("acme", "manifests", "main", MANIFEST)).isEqualTo(ORIGINAL);

        PullRequestSnapshot snapshot = fake.pull(1);
        assertThat(snapshot.title()).isEqualTo("Raise memory of web");
        assertThat(snapshot.open()).isTrue();
        assertThat(snapshot.author()).isEqualTo(FakeGitHub.DEFAULT_USER);
        assertThat(fake.requests()).extracting(RecordedRequest::line).contains(
                "GET /repos/acme/manifests",
                "POST /repos/acme/manifests/git/refs",
                "PUT /repos/acme/manifests/contents/apps/web/deployment.yaml",
                "POST /repos/acme/manifests/pulls");
    }

    @Test
    void listsPullRequestsByHeadAndRefusesADuplicate() throws IOException {
        openPullRequest("heal8s/a");
        openPullRequest("heal8s/b");
        GHRepository repo = github.getRepository("acme/manifests");

        List<GHPullRequest> byHead = repo.queryPullRequests().head("acme:heal8s/b").state(GHIssueState.OPEN).list()
                .toList();
        assertThat(byHead).extracting(GHPullRequest::getNumber).containsExactly(2);
        assertThat(repo.queryPullRequests().state(GHIssueState.ALL).list().toList()).hasSize(2);

        assertThatThrownBy(() -> repo.createPullRequest("again", "heal8s/b", "main", "", true, false))
                .isInstanceOfSatisfying(HttpException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("A pull request already exists for acme:heal8s/b.");
                });
    }

    @Test
    void refusesAPullRequestWithoutCommitsOverBase() throws IOException {
        GHRepository repo = github.getRepository("acme/manifests");
        repo.createRef("refs/heads/empty", repo.getRef("heads/main").getObject().getSha());
        assertThatThrownBy(() -> repo.createPullRequest("nothing", "empty", "main", "", true, false))
                .isInstanceOfSatisfying(HttpException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("No commits between main and empty");
                });
    }

    @Test
    void mergeThroughTheApiReallyMergesIntoTheBase() throws IOException {
        GHPullRequest pr = openPullRequest("heal8s/merge-me");
        String baseBefore = fake.branchSha("acme", "manifests", "main");

        pr.merge("ship it", null, GHPullRequest.MergeMethod.MERGE);

        assertThat(fake.file("acme", "manifests", "main", MANIFEST)).isEqualTo(PATCHED);
        PullRequestSnapshot merged = fake.pull(1);
        assertThat(merged.merged()).isTrue();
        assertThat(merged.state()).isEqualTo("closed");
        assertThat(merged.mergeCommitSha()).isEqualTo(fake.branchSha("acme", "manifests", "main"));
        GHPullRequest reread = github.getRepository("acme/manifests").getPullRequest(1);
        assertThat(reread.isMerged()).isTrue();
        assertThat(reread.getMergedAt()).isNotNull();
        assertThat(reread.getMergeCommitSha()).isEqualTo(merged.mergeCommitSha());
        assertThat(github.getRepository("acme/manifests").getCommit(merged.mergeCommitSha()).getParentSHA1s())
                .containsExactly(baseBefore, merged.headSha());

        assertThatThrownBy(() -> pr.merge("again")).isInstanceOfSatisfying(HttpException.class,
                e -> assertThat(e.getResponseCode()).isEqualTo(405));
    }

    @Test
    void squashMergeByAHumanLeavesOneParent() throws IOException {
        openPullRequest("heal8s/squash");
        fake.mergeMethod("squash");
        String baseBefore = fake.branchSha("acme", "manifests", "main");

        String sha = fake.merge(1);

        assertThat(fake.file("acme", "manifests", "main", MANIFEST)).isEqualTo(PATCHED);
        assertThat(github.getRepository("acme/manifests").getCommit(sha).getParentSHA1s())
                .containsExactly(baseBefore);
        assertThat(fake.pull(1).merged()).isTrue();
    }

    @Test
    void labelsReviewersAssigneesAndCommentsAreRecorded() throws IOException {
        GHPullRequest pr = openPullRequest("heal8s/labels");
        pr.addLabels("heal8s", "increase-memory");
        pr.requestReviewers(List.of(github.getUser("alice")));
        pr.addAssignees(github.getUser("bob"));
        pr.comment("Superseded by #2");

        PullRequestSnapshot snapshot = fake.pull(1);
        assertThat(snapshot.labels()).containsExactly("heal8s", "increase-memory");
        assertThat(snapshot.reviewers()).containsExactly("alice");
        assertThat(snapshot.assignees()).containsExactly("bob");
        assertThat(snapshot.comments()).containsExactly("Superseded by #2");
        GHPullRequest reread = github.getRepository("acme/manifests").getPullRequest(1);
        assertThat(reread.getLabels()).extracting(l -> l.getName()).containsExactly("heal8s", "increase-memory");
        assertThat(reread.getRequestedReviewers()).extracting(u -> u.getLogin()).containsExactly("alice");

        assertThatThrownBy(() -> pr.requestReviewers(List.of(github.getUser(FakeGitHub.DEFAULT_USER))))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(422));
    }

    @Test
    void contentsPutChecksTheBlobSha() throws Exception {
        String url = fake.apiUrl() + "/repos/acme/manifests/contents/" + MANIFEST;
        String content = Base64.getEncoder().encodeToString(PATCHED.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> withoutSha = send("PUT", url,
                "{\"message\":\"m\",\"content\":\"" + content + "\",\"branch\":\"main\"}", TOKEN);
        assertThat(withoutSha.statusCode()).isEqualTo(422);
        assertThat(json.readTree(withoutSha.body()).get("message").asText()).contains("\"sha\" wasn't supplied");

        HttpResponse<String> staleSha = send("PUT", url,
                "{\"message\":\"m\",\"content\":\"" + content + "\",\"sha\":\"" + blobSha("other") + "\"}", TOKEN);
        assertThat(staleSha.statusCode()).isEqualTo(409);

        HttpResponse<String> created = send("PUT", fake.apiUrl() + "/repos/acme/manifests/contents/new.txt",
                "{\"message\":\"add\",\"content\":\"" + content + "\"}", TOKEN);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode answer = json.readTree(created.body());
        assertThat(answer.at("/content/sha").asText()).isEqualTo(blobSha(PATCHED));
        assertThat(answer.at("/commit/sha").asText()).isEqualTo(fake.branchSha("acme", "manifests", "main"));

        HttpResponse<String> missing = send("GET", fake.apiUrl() + "/repos/acme/manifests/contents/nope.yaml",
                null, TOKEN);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).has("documentation_url")).isTrue();
    }

    @Test
    void refsAreCreatedOnceMovedAndDeleted() throws Exception {
        String main = fake.branchSha("acme", "manifests", "main");
        String refs = fake.apiUrl() + "/repos/acme/manifests/git/refs";
        String body = "{\"ref\":\"refs/heads/x\",\"sha\":\"" + main + "\"}";
        assertThat(send("POST", refs, body, TOKEN).statusCode()).isEqualTo(201);
        HttpResponse<String> again = send("POST", refs, body, TOKEN);
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(json.readTree(again.body()).get("message").asText()).isEqualTo("Reference already exists");

        String later = fake.commit("acme", "manifests", "main", "other.txt", "x\n", "human change");
        assertThat(send("PATCH", refs + "/heads/x", "{\"sha\":\"" + later + "\"}", TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(fake.branchSha("acme", "manifests", "x")).isEqualTo(later);
        assertThat(send("PATCH", refs + "/heads/x", "{\"sha\":\"" + main + "\"}", TOKEN).statusCode())
                .isEqualTo(422);
        assertThat(send("PATCH", refs + "/heads/x", "{\"sha\":\"" + main + "\",\"force\":true}", TOKEN)
                .statusCode()).isEqualTo(200);

        assertThat(send("DELETE", refs + "/heads/x", null, TOKEN).statusCode()).isEqualTo(204);
        assertThat(fake.branchSha("acme", "manifests", "x")).isNull();
        assertThat(send("GET", fake.apiUrl() + "/repos/acme/manifests/git/ref/heads/x", null, TOKEN).statusCode())
                .isEqualTo(404);
    }

    @Test
    void unknownOrMissingTokensGet401() throws Exception {
        GitHub stranger = new GitHubBuilder().withEndpoint(fake.apiUrl()).withOAuthToken("nope").build();
        assertThatThrownBy(() -> stranger.getRepository("acme/manifests"))
                .isInstanceOfSatisfying(HttpException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("Bad credentials");
                });
        assertThat(send("GET", fake.apiUrl() + "/repos/acme/manifests", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void appJwtIsVerifiedAndBuysAnInstallationToken() throws Exception {
        KeyPair app = rsa();
        fake.registerApp(4242L, app.getPublic(), 77L);
        long now = Instant.now().getEpochSecond();

        GitHub asApp = new GitHubBuilder().withEndpoint(fake.apiUrl())
                .withJwtToken(jwt(app.getPrivate(), "4242", now - 30, now + 540)).build();
        assertThat(asApp.getApp().getId()).isEqualTo(4242L);
        GHAppInstallationToken token = asApp.getApp().getInstallationById(77L).createToken().create();
        assertThat(token.getToken()).startsWith("ghs_");
        assertThat(token.getExpiresAt().toInstant()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));

        GitHub asInstallation = new GitHubBuilder().withEndpoint(fake.apiUrl())
                .withAppInstallationToken(token.getToken()).build();
        assertThat(asInstallation.getRepository("acme/manifests").getName()).isEqualTo("manifests");
        assertThat(asApp.getApp().getInstallationByRepository("acme", "manifests").getId()).isEqualTo(77L);

        String numericIss = jwt(app.getPrivate(), 4242L, now - 30, now + 540);
        assertThat(send("GET", fake.apiUrl() + "/app", null, numericIss).statusCode()).isEqualTo(200);

        String wrongKey = jwt(rsa().getPrivate(), "4242", now - 30, now + 540);
        HttpResponse<String> forged = send("POST", fake.apiUrl() + "/app/installations/77/access_tokens", "{}",
                wrongKey);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("A JSON web token could not be decoded");

        String expired = jwt(app.getPrivate(), "4242", now - 700, now - 100);
        HttpResponse<String> late = send("POST", fake.apiUrl() + "/app/installations/77/access_tokens", "{}",
                expired);
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(late.body()).contains("'Expiration time' claim ('exp')");

        String tooLong = jwt(app.getPrivate(), "4242", now, now + 3600);
        assertThat(send("GET", fake.apiUrl() + "/app", null, tooLong).statusCode()).isEqualTo(401);
    }

    @Test
    void installationTokensExpire() throws Exception {
        KeyPair app = rsa();
        fake.registerApp(1L, app.getPublic(), 2L).installationTokenLifetime(Duration.ofSeconds(1));
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> issued = send("POST", fake.apiUrl() + "/app/installations/2/access_tokens", "{}",
                jwt(app.getPrivate(), "1", now - 10, now + 300));
        assertThat(issued.statusCode()).isEqualTo(201);
        String token = json.readTree(issued.body()).get("token").asText();
        assertThat(send("GET", fake.apiUrl() + "/repos/acme/manifests", null, token).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() ->
                send("GET", fake.apiUrl() + "/repos/acme/manifests", null, token).statusCode() == 401);
    }

    @Test
    void everyResponseCarriesRateLimitHeadersAndExhaustionAnswers403() throws Exception {
        long reset = Instant.now().getEpochSecond() + 600;
        fake.setRateLimit(100, 2, reset);

        HttpResponse<String> first = send("GET", fake.apiUrl() + "/repos/acme/manifests", null, TOKEN);
        assertThat(first.headers().firstValue("X-RateLimit-Limit")).contains("100");
        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).contains("1");
        assertThat(first.headers().firstValue("X-RateLimit-Used")).contains("99");
        assertThat(first.headers().firstValue("X-RateLimit-Reset")).contains(Long.toString(reset));
        assertThat(first.headers().firstValue("X-RateLimit-Resource")).contains("core");

        assertThat(send("GET", fake.apiUrl() + "/repos/acme/manifests", null, TOKEN).statusCode()).isEqualTo(200);
        HttpResponse<String> exhausted = send("GET", fake.apiUrl() + "/repos/acme/manifests", null, TOKEN);
        assertThat(exhausted.statusCode()).isEqualTo(403);
        assertThat(exhausted.body()).contains("API rate limit exceeded");
        assertThat(exhausted.headers().firstValue("X-RateLimit-Remaining")).contains("0");

        HttpResponse<String> limits = send("GET", fake.apiUrl() + "/rate_limit", null, TOKEN);
        assertThat(json.readTree(limits.body()).at("/resources/core/remaining").asInt()).isZero();
    }

    @Test
    void hub4jReadsTheRateLimitHeadersAndRetriesASecondaryLimit() throws IOException {
        github.getRepository("acme/manifests");
        assertThat(github.lastRateLimit().getLimit()).isEqualTo(5000);
        assertThat(github.lastRateLimit().getRemaining()).isEqualTo(fake.rateLimitRemaining());
        fake.clearRequests();
        fake.failNext(403, 1, "You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                + " again.");

        assertThat(github.getRepository("acme/manifests").getName()).isEqualTo("manifests");

        assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(403, 200);
    }

    @Test
    void scriptedFailuresAnswerInOrderWithRetryAfter() throws Exception {
        fake.clearRequests(); // hub4j's build() called GET /user
        fake.failNext(403, 7, "You have exceeded a secondary rate limit.").failNext(429, 3, "Too many requests")
                .failNext(502, 0, "Server Error");
        String url = fake.apiUrl() + "/repos/acme/manifests";

        HttpResponse<String> secondary = send("GET", url, null, TOKEN);
        assertThat(secondary.statusCode()).isEqualTo(403);
        assertThat(secondary.headers().firstValue("Retry-After")).contains("7");
        assertThat(secondary.body()).contains("secondary rate limit");
        HttpResponse<String> tooMany = send("GET", url, null, TOKEN);
        assertThat(tooMany.statusCode()).isEqualTo(429);
        assertThat(tooMany.headers().firstValue("Retry-After")).contains("3");
        HttpResponse<String> badGateway = send("GET", url, null, TOKEN);
        assertThat(badGateway.statusCode()).isEqualTo(502);
        assertThat(badGateway.headers().firstValue("Retry-After")).isEmpty();
        assertThat(send("GET", url, null, TOKEN).statusCode()).isEqualTo(200);
        assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(403, 429, 502, 200);
    }

    @Test
    void graphqlEnablesAutoMergeByNodeId() throws Exception {
        GHPullRequest pr = openPullRequest("heal8s/auto");
        String mutation = "mutation($id: ID!) { enablePullRequestAutoMerge(input: {pullRequestId: $id,"
                + " mergeMethod: SQUASH}) { pullRequest { number } } }";
        String body = json.writeValueAsString(Map.of("query", mutation, "variables", Map.of("id", pr.getNodeId())));

        HttpResponse<String> answer = send("POST", fake.apiUrl() + "/graphql", body, TOKEN);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).at("/data/enablePullRequestAutoMerge/pullRequest/number").asInt())
                .isEqualTo(1);
        assertThat(fake.pull(1).autoMerge()).isTrue();
        assertThat(fake.pull(1).autoMergeMethod()).isEqualTo("SQUASH");
        JsonNode rest = json.readTree(send("GET", fake.apiUrl() + "/repos/acme/manifests/pulls/1", null, TOKEN)
                .body());
        assertThat(rest.at("/auto_merge/merge_method").asText()).isEqualTo("squash");

        HttpResponse<String> other = send("POST", fake.apiUrl() + "/graphql", "{\"query\":\"{ viewer { login } }\"}",
                TOKEN);
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(json.readTree(other.body()).at("/errors/0/message").asText()).isNotEmpty();
    }

    @Test
    void webhooksAreSignedAndCanBeRedelivered() throws Exception {
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(Map.of(
                    "event", exchange.getRequestHeaders().getFirst("X-GitHub-Event"),
                    "delivery", exchange.getRequestHeaders().getFirst("X-GitHub-Delivery"),
                    "signature", exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"),
                    "agent", exchange.getRequestHeaders().getFirst("User-Agent"),
                    "body", new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        receiver.start();
        try {
            fake.deliverWebhooksTo(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                    "s3cret");
            openPullRequest("heal8s/hooked");
            fake.merge(1);

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
            Map<String, String> opened = received.get(0);
            assertThat(opened.get("event")).isEqualTo("pull_request");
            assertThat(opened.get("agent")).startsWith("GitHub-Hookshot/");
            assertThat(opened.get("signature")).isEqualTo("sha256=" + hmac("s3cret", opened.get("body")));
            JsonNode openedBody = json.readTree(opened.get("body"));
            assertThat(openedBody.get("action").asText()).isEqualTo("opened");
            assertThat(openedBody.at("/pull_request/number").asInt()).isEqualTo(1);
            assertThat(openedBody.at("/repository/full_name").asText()).isEqualTo("acme/manifests");
            JsonNode closed = json.readTree(received.get(1).get("body"));
            assertThat(closed.get("action").asText()).isEqualTo("closed");
            assertThat(closed.at("/pull_request/merged").asBoolean()).isTrue();
            assertThat(received.get(1).get("signature"))
                    .isEqualTo("sha256=" + hmac("s3cret", received.get(1).get("body")));
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.deliveries().size() == 2);
            assertThat(fake.deliveries()).extracting(WebhookDelivery::status).containsExactly(202, 202);

            int status = fake.redeliver(opened.get("delivery"));

            assertThat(status).isEqualTo(202);
            assertThat(received).hasSize(3);
            assertThat(received.get(2)).isEqualTo(opened);
            assertThat(fake.deliveries().get(2).redelivery()).isTrue();
        } finally {
            receiver.stop(0);
        }
    }

    // ---- helpers ----

    private HttpResponse<String> send(String method, String url, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/vnd.github+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String blobSha(String content) {
        try {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + bytes.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private String jwt(PrivateKey key, Object iss, long iat, long exp) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(json.writeValueAsBytes(Map.of("iss", iss, "iat", iat, "exp", exp)));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(signer.sign());
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
