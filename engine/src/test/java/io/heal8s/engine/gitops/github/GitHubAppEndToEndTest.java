package io.heal8s.engine.gitops.github;

import static io.heal8s.engine.gitops.github.Fixtures.OWNER;
import static io.heal8s.engine.gitops.github.Fixtures.PATH;
import static io.heal8s.engine.gitops.github.Fixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.config.GitHubSettings;
import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.fakegithub.FakeGitHub;
import io.heal8s.fakegithub.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A GitHub App's key file, through GitHubSettings and GitHubConnection, against the fake's real JWT check. */
class GitHubAppEndToEndTest {

    private static final long APP_ID = 31337;
    private static final long INSTALLATION_ID = 77;
    private static final KeyPair PAIR = TestKeys.generate();

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.now());
    private FakeGitHub fake;

    @BeforeEach
    void start() {
        fake = FakeGitHub.start().clock(clock).registerApp(APP_ID, PAIR.getPublic(), INSTALLATION_ID)
                .installationTokenLifetime(Duration.ofMinutes(10));
        fake.createRepository(OWNER, REPO, "main", Map.of(PATH, Fixtures.manifest()));
        fake.clearRequests();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private GitHubSettings settings(String pem) throws Exception {
        Path key = Files.writeString(dir.resolve("app.pem"), pem);
        return GitHubSettings.fromMap(Map.of(GitHubSettings.API_URL, fake.apiUrl(),
                GitHubSettings.APP_ID, Long.toString(APP_ID),
                GitHubSettings.INSTALLATION_ID, Long.toString(INSTALLATION_ID),
                GitHubSettings.PRIVATE_KEY_FILE, key.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PKCS#1", "PKCS#8"})
    void anAppOpensThePullRequestWithAnInstallationToken(String form) throws Exception {
        String pem = form.equals("PKCS#1") ? TestKeys.pkcs1Pem(PAIR) : TestKeys.pkcs8Pem(PAIR);
        GitHubPublisher publisher = new GitHubPublisher(GitHubConnection.create(settings(pem), clock));

        Publication p = publisher.publish(Fixtures.request("checkout-oom-1"));

        assertThat(fake.pull(p.prNumber()).author()).endsWith("[bot]");
        assertThat(fake.requests()).first().extracting(RecordedRequest::line)
                .isEqualTo("POST /app/installations/77/access_tokens");
        assertThat(fake.requests()).filteredOn(r -> r.path().startsWith("/app/")).hasSize(1);
        assertThat(fake.requests()).hasSize(8);
    }

    @Test
    void theInstallationTokenIsRenewedFiveMinutesBeforeItExpires() throws Exception {
        GitHubConnection connection = GitHubConnection.create(settings(TestKeys.pkcs1Pem(PAIR)), clock);
        GitHubPublisher publisher = new GitHubPublisher(connection);
        Publication p = publisher.publish(Fixtures.request("checkout-oom-1"));

        clock.advance(Duration.ofMinutes(4));
        publisher.state(p);
        assertThat(tokenRequests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        assertThat(publisher.state(p).state()).isNotNull();
        assertThat(tokenRequests()).isEqualTo(2);
        assertThat(fake.requests()).noneMatch(r -> r.status() == 401);
    }

    @Test
    void aKeyTheAppDoesNotKnowIsRefusedAsUnauthorized() throws Exception {
        GitHubPublisher publisher = new GitHubPublisher(GitHubConnection.create(
                settings(TestKeys.pkcs1Pem(TestKeys.generate())), clock));

        assertThatThrownBy(() -> publisher.publish(Fixtures.request("checkout-oom-1")))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("GitHubUnauthorized");
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageNotContaining("eyJ");
        assertThat(fake.pulls()).isEmpty();
    }

    private long tokenRequests() {
        return fake.requests().stream().filter(r -> r.path().equals("/app/installations/77/access_tokens")).count();
    }
}
