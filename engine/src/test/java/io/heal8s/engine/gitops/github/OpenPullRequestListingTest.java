package io.heal8s.engine.gitops.github;

import static io.heal8s.engine.gitops.github.Fixtures.OWNER;
import static io.heal8s.engine.gitops.github.Fixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.gitops.ManifestPatcher;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.engine.gitops.Publication.Outcome;
import io.heal8s.fakegithub.FakeGitHub;
import io.heal8s.fakegithub.PullRequestSnapshot;
import io.heal8s.fakegithub.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The open-pull-request listing at scale: many pages, long descriptions. The publisher reads it as a stream and
 * follows GitHub's {@code Link} header, so neither the number of open pull requests (up to the bound) nor their
 * bodies change what it decides.
 */
class OpenPullRequestListingTest {

    private static final String TOKEN = "ghp_listing_test";
    private static final String LISTING = "GET /repos/shop/manifests/pulls?state=open&per_page=100&base=main";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeGitHub fake;
    private GitHubConnection connection;

    @BeforeEach
    void start() {
        fake = FakeGitHub.start().addToken(TOKEN);
        fake.createRepository(OWNER, REPO, "main", Map.of(Fixtures.PATH, Fixtures.manifest(), "README.md", "# m\n"));
        connection = new GitHubConnection(URI.create(fake.apiUrl()), Duration.ofSeconds(20), Clock.systemUTC(),
                c -> () -> "token " + TOKEN);
    }

    @AfterEach
    void stop() {
        connection.close();
        fake.close();
    }

    @Test
    void theSameChangeOnPage3Of251OpenPullRequestsWithLongBodiesIsUpdatedNotDuplicated() throws Exception {
        GitHubPublisher publisher = new GitHubPublisher(connection);
        Publication first = publisher.publish(Fixtures.request("checkout-oom-1"));
        // A person wrote a long description above heal8s's text: the marker is now 60 KB into the body.
        String edited = longText(60_000) + "\n\n" + fake.pull(first.prNumber()).body();
        api("PATCH", "/pulls/" + first.prNumber(), Map.of("body", edited));
        openPeoplesPullRequests(250, 60_000);
        fake.clearRequests();

        Publication second = publisher.publish(Fixtures.request("checkout-oom-2", Fixtures.memory("384Mi", "192Mi"),
                List.of(), List.of(), false));

        assertThat(second.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(second.prNumber()).isEqualTo(first.prNumber());
        assertThat(second.branch()).isEqualTo(first.branch());
        assertThat(fake.pulls()).hasSize(251).allMatch(PullRequestSnapshot::open);
        assertThat(fake.file(OWNER, REPO, first.branch(), Fixtures.PATH)).contains("memory: 384Mi");
        List<String> lines = lines();
        assertThat(lines.get(0)).isEqualTo(LISTING);
        assertThat(lines.get(1)).startsWith("GET /repos/shop/manifests/pulls?").contains("state=open", "base=main",
                "per_page=100").endsWith("&page=2");
        assertThat(lines.get(2)).startsWith("GET /repos/shop/manifests/pulls?").endsWith("&page=3");
        assertThat(lines.subList(3, lines.size())).containsExactly(
                "GET /repos/shop/manifests/commits/" + first.commitSha(),
                "GET /repos/shop/manifests/contents/apps/shop/checkout.yaml?ref=" + query(first.branch()),
                "PUT /repos/shop/manifests/contents/apps/shop/checkout.yaml",
                "PATCH /repos/shop/manifests/pulls/" + first.prNumber());
    }

    @Test
    void aNewPullRequestWithAHundredOpenWithLongBodiesStillCostsSevenCalls() throws Exception {
        openPeoplesPullRequests(100, 60_000);
        fake.clearRequests();
        GitHubPublisher publisher = new GitHubPublisher(connection);
        long before = publisher.requestCount();

        Publication p = publisher.publish(Fixtures.request("checkout-oom-1"));

        assertThat(p.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(fake.pull(p.prNumber()).body()).isEqualTo(Fixtures.request("checkout-oom-1").content().body());
        assertThat(publisher.requestCount() - before).isEqualTo(7);
        assertThat(lines()).hasSize(7).first().isEqualTo(LISTING);
    }

    @Test
    void beyondTheBoundOfPagesTheOlderPullRequestsAreNotReadAndANewOneIsOpened() throws Exception {
        GitHubPublisher publisher = new GitHubPublisher(connection, new ManifestPatcher(), 2,
                GitHubPublisher.MAX_PAGE_BYTES);
        Publication first = publisher.publish(Fixtures.request("checkout-oom-1"));
        openPeoplesPullRequests(200, 100);
        fake.clearRequests();

        Publication second = publisher.publish(Fixtures.request("checkout-oom-2", Fixtures.memory("384Mi", "192Mi"),
                List.of(), List.of(), false));

        // The same change sits on page 3, which the bound leaves unread: a second pull request, not an update.
        assertThat(second.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(second.prNumber()).isNotEqualTo(first.prNumber());
        assertThat(lines().stream().filter(l -> l.startsWith("GET /repos/shop/manifests/pulls?"))).hasSize(2);
        assertThat(lines()).hasSize(8);
    }

    @Test
    void aPageLargerThanTheBoundIsAPermanentErrorNamingTheRequest() throws Exception {
        openPeoplesPullRequests(2, 60_000);
        GitHubPublisher publisher = new GitHubPublisher(connection, new ManifestPatcher(), 10, 64 * 1024);

        assertThatThrownBy(() -> publisher.publish(Fixtures.request("checkout-oom-1")))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("GitHubResponseTooLarge");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("GET /repos/shop/manifests/pulls", "65536 bytes");
                });
    }

    @Test
    void aNextPageOutsideTheApiUrlIsNotFollowed() throws Exception {
        openPeoplesPullRequests(101, 10);
        // The same fake under another name: its Link headers name 127.0.0.1, which is not this API URL.
        GitHubConnection elsewhere = new GitHubConnection(URI.create(fake.apiUrl().replace("127.0.0.1", "localhost")),
                Duration.ofSeconds(20), Clock.systemUTC(), c -> () -> "token " + TOKEN);
        GitHubPublisher publisher = new GitHubPublisher(elsewhere);
        fake.clearRequests();

        assertThatThrownBy(() -> publisher.publish(Fixtures.request("checkout-oom-1")))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("GitHubRejected");
                    assertThat(e.getMessage()).contains("is not under the API URL");
                });
        assertThat(lines()).containsExactly(LISTING);
    }

    /** {@code count} pull requests by a person, each from its own branch, with a body of {@code bodyChars}. */
    private void openPeoplesPullRequests(int count, int bodyChars) throws Exception {
        String base = fake.branchSha(OWNER, REPO, "main");
        api("POST", "/git/refs", Map.of("ref", "refs/heads/people/base", "sha", base));
        String change = fake.commit(OWNER, REPO, "people/base", "README.md", "# m\nchanged\n", "a change");
        String body = longText(bodyChars);
        for (int i = 0; i < count; i++) {
            String branch = "people/change-" + i;
            api("POST", "/git/refs", Map.of("ref", "refs/heads/" + branch, "sha", change));
            // Some people copy a heal8s marker into their text: it is another Remediation's, on another branch.
            String text = i % 10 == 0 ? body + "\n" + "<!-- heal8s:remediation=shop/other-" + i + " -->" : body;
            api("POST", "/pulls", Map.of("title", "change " + i, "head", branch, "base", "main", "body", text));
        }
    }

    /** Markdown that JSON must escape: quotes, backslashes, new lines, non-ASCII. */
    private static String longText(int chars) {
        String line = "- \"quoted\" C:\\path — naïve ✓ | table | cell |\n";
        return line.repeat(chars / line.length() + 1).substring(0, chars);
    }

    private void api(String method, String path, Map<String, Object> body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.apiUrl() + "/repos/" + OWNER + "/" + REPO + path))
                .header("Authorization", "token " + TOKEN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 201);
    }

    private static String query(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private List<String> lines() {
        return fake.requests().stream().map(RecordedRequest::line).toList();
    }
}
