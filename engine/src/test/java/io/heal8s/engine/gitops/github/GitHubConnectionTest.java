package io.heal8s.engine.gitops.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.heal8s.engine.gitops.GitOpsException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;

/** The connection's status mapping and rate-limit gate, against a scripted HTTP server. */
class GitHubConnectionTest {

    private record Scripted(int status, Map<String, String> headers, String body) {
    }

    private final Deque<Scripted> script = new ArrayDeque<>();
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
    private HttpServer server;
    private GitHubConnection connection;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        connection = new GitHubConnection(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3"),
                Duration.ofSeconds(5), clock, c -> () -> "token ghp_hidden");
    }

    @AfterEach
    void stop() {
        connection.close();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("Authorization"));
        Scripted next = script.isEmpty() ? new Scripted(200, Map.of(), "{}") : script.poll();
        next.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = next.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(next.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void callsGoUnderTheEnterprisePrefixWithTheTokenAndAreCounted() {
        script.add(new Scripted(200, Map.of(), "{\"full_name\":\"shop/manifests\"}"));

        GitHubConnection.Response r = connection.call("GET", "/repos/shop/manifests", null);

        assertThat(r.body().path("full_name").asText()).isEqualTo("shop/manifests");
        assertThat(seen).containsExactly("GET /api/v3/repos/shop/manifests token ghp_hidden");
        assertThat(connection.requestCount()).isEqualTo(1);
    }

    @Test
    void anExhaustedQuotaRefusesTheNextCallsUntilItsResetWithoutCalling() {
        long reset = clock.instant().plusSeconds(120).getEpochSecond();
        script.add(new Scripted(200, Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "" + reset,
                "X-RateLimit-Resource", "core"), "{}"));
        connection.call("GET", "/repos/shop/manifests", null);
        assertThat(connection.rateLimitRemaining()).isZero();

        assertThatThrownBy(() -> connection.call("GET", "/repos/shop/manifests/pulls", null))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("RateLimited");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
                });
        assertThat(seen).hasSize(1);
        assertThat(connection.requestCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(121));
        connection.call("GET", "/repos/shop/manifests/pulls", null);
        assertThat(seen).hasSize(2);
    }

    @Test
    void aSecondaryLimitOrA429WithRetryAfterIsRetryableAfterThatLong() {
        script.add(new Scripted(403, Map.of("Retry-After", "30"),
                "{\"message\":\"You have exceeded a secondary rate limit.\"}"));

        assertThatThrownBy(() -> connection.call("POST", "/repos/shop/manifests/pulls", Map.of("title", "t")))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("RateLimited");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
        clock.advance(Duration.ofSeconds(31));
        script.add(new Scripted(429, Map.of("Retry-After", "7"), "{\"message\":\"Too many requests\"}"));
        assertThatThrownBy(() -> connection.call("GET", "/repos/shop/manifests", null))
                .isInstanceOfSatisfying(GitOpsException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void unauthorizedAndServerErrorsAreRetryableAndNeverShowTheToken() {
        script.add(new Scripted(401, Map.of(), "{\"message\":\"Bad credentials\"}"));
        script.add(new Scripted(502, Map.of(), "bad gateway"));

        assertThatThrownBy(() -> connection.call("GET", "/repos/shop/manifests", null))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("GitHubUnauthorized");
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining("Bad credentials").hasMessageNotContaining("ghp_hidden");
        assertThatThrownBy(() -> connection.call("GET", "/repos/shop/manifests", null))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("GitHubUnavailable");
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageContaining("502");
    }

    @Test
    void anUnreachableHostIsRetryable() {
        server.stop(0);

        assertThatThrownBy(() -> connection.call("GET", "/repos/shop/manifests", null))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("GitHubUnavailable");
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void otherClientErrorsAreReturnedToTheCaller() {
        script.add(new Scripted(422, Map.of(), "{\"message\":\"Reference already exists\"}"));

        GitHubConnection.Response r = connection.call("POST", "/repos/shop/manifests/git/refs", Map.of("ref", "x"));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.message()).isEqualTo("Reference already exists");
    }

    /** hub4j's withOAuthToken would first call GET /user to learn the login; a plain provider does not. */
    @Test
    void hub4jCanUseTheConnectionAndItsCounterWithoutAGetUser() throws IOException {
        script.add(new Scripted(200, Map.of("Content-Type", "application/json"),
                "{\"id\":1,\"name\":\"manifests\",\"full_name\":\"shop/manifests\",\"owner\":{\"login\":\"shop\"},"
                        + "\"default_branch\":\"main\",\"url\":\"http://x/repos/shop/manifests\"}"));
        GitHub gh = new GitHubBuilder().withEndpoint(connection.apiUrl().toString()).withConnector(connection)
                .withAuthorizationProvider(() -> "token ghp_hidden").build();

        String branch = gh.getRepository("shop/manifests").getDefaultBranch();
        assertThat(seen).containsExactly("GET /api/v3/repos/shop/manifests token ghp_hidden");
        assertThat(branch).isEqualTo("main");
        assertThat(connection.requestCount()).isEqualTo(1);
        assertThat(seen).containsExactly("GET /api/v3/repos/shop/manifests token ghp_hidden");
    }

    @Test
    void aPageIsReadAsAStreamAndItsNextLinkBecomesAPathUnderTheApiUrl() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3";
        script.add(new Scripted(200, Map.of("Link", "<" + base + "/repos/shop/manifests/pulls?state=open&page=2>; "
                + "rel=\"next\", <" + base + "/repos/shop/manifests/pulls?state=open&page=3>; rel=\"last\""),
                "[{\"number\": 2, \"body\": \"x\"}, 17, {\"number\": 1}]"));
        script.add(new Scripted(200, Map.of(), "[]"));

        GitHubConnection.Page<PullSummary> first = connection.page("/repos/shop/manifests/pulls?state=open", 1 << 20,
                PullSummary::read);
        GitHubConnection.Page<PullSummary> last = connection.page(first.next(), 1 << 20, PullSummary::read);

        assertThat(first.response().status()).isEqualTo(200);
        assertThat(first.items()).extracting(PullSummary::number).containsExactly(2, 1);
        assertThat(first.next()).isEqualTo("/repos/shop/manifests/pulls?state=open&page=2");
        assertThat(last.items()).isEmpty();
        assertThat(last.next()).isNull();
        assertThat(seen).containsExactly("GET /api/v3/repos/shop/manifests/pulls?state=open token ghp_hidden",
                "GET /api/v3/repos/shop/manifests/pulls?state=open&page=2 token ghp_hidden");
    }

    @Test
    void aPageCutShortOrNotAnArrayIsUnavailableAndANotFoundIsAnAnswer() {
        script.add(new Scripted(200, Map.of(), "[{\"number\": 1}, {\"numb"));
        script.add(new Scripted(200, Map.of(), "{\"message\": \"an object\"}"));
        script.add(new Scripted(404, Map.of(), "{\"message\": \"Not Found\"}"));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> connection.page("/repos/shop/manifests/pulls", 1 << 20, PullSummary::read))
                    .isInstanceOfSatisfying(GitOpsException.class, e -> {
                        assertThat(e.reason()).isEqualTo("GitHubUnavailable");
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("GET /repos/shop/manifests/pulls", "not a JSON array");
                    });
        }
        GitHubConnection.Page<PullSummary> missing = connection.page("/repos/shop/manifests/pulls", 1 << 20,
                PullSummary::read);
        assertThat(missing.response().status()).isEqualTo(404);
        assertThat(missing.response().message()).isEqualTo("Not Found");
        assertThat(missing.items()).isEmpty();
    }

    @Test
    void aSecondaryLimitOnAPageIsRateLimitedLikeAnyCall() {
        script.add(new Scripted(403, Map.of("Retry-After", "30"),
                "{\"message\": \"You have exceeded a secondary rate limit.\"}"));

        assertThatThrownBy(() -> connection.page("/repos/shop/manifests/pulls", 1 << 20, PullSummary::read))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("RateLimited");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void closingTheConnectionEndsTheThreadsItsClientStarted() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        GitHubConnection own = new GitHubConnection(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(5), clock, c -> () -> "token ghp_hidden");
        assertThat(own.call("GET", "/user", null).status()).isEqualTo(200);
        // The common pool's workers are the JVM's, shared by every CompletableFuture, and end by themselves.
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && !t.getName().startsWith("ForkJoinPool.commonPool-")).toList();
        assertThat(started).as("threads started for the connection").isNotEmpty();

        own.close();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(started)
                .as("threads of a closed connection still alive").noneMatch(Thread::isAlive));
        assertThatThrownBy(() -> own.call("GET", "/user", null)).isInstanceOfSatisfying(GitOpsException.class,
                e -> assertThat(e.reason()).isEqualTo("GitHubUnavailable"));
    }
}
