package io.heal8s.engine.gitops.github;

import static io.heal8s.engine.gitops.github.Fixtures.OWNER;
import static io.heal8s.engine.gitops.github.Fixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.engine.gitops.Publication.Outcome;
import io.heal8s.engine.gitops.ReviewState.State;
import io.heal8s.fakegithub.FakeGitHub;
import io.heal8s.fakegithub.PullRequestSnapshot;
import io.heal8s.fakegithub.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One publish per repository at a time: a second publish to the same repository starts only once the first has
 * finished, while publishes to other repositories, and {@code state} and {@code withdraw}, do not wait. The proof is
 * the order in which the fake GitHub received the requests: the first publish is held inside its first call (in the
 * authorization hook, before the request leaves) while the other work is started.
 */
class PublishPerRepositoryTest {

    private static final String TOKEN = "ghp_serial_test";
    private static final String OTHER_REPO = "manifests-eu";
    private static final String LISTING = "GET /repos/shop/manifests/pulls?state=open&per_page=100&base=main";

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CallHooks hooks = new CallHooks();
    private FakeGitHub fake;
    private GitHubPublisher publisher;

    @BeforeEach
    void start() {
        fake = FakeGitHub.start().addToken(TOKEN);
        fake.createRepository(OWNER, REPO, "main", Map.of(Fixtures.PATH, Fixtures.manifest()));
        fake.createRepository(OWNER, OTHER_REPO, "main", Map.of(Fixtures.PATH, Fixtures.manifest()));
        GitHubConnection connection = hooks.connection(fake, TOKEN, Duration.ofSeconds(10));
        publisher = new GitHubPublisher(connection);
        fake.clearRequests();
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        fake.close();
    }

    @Test
    void aSecondPublishToTheSameRepositoryStartsAfterTheFirstFinishesAndUpdatesItsPullRequest() throws Exception {
        AtomicReference<Future<Publication>> second = new AtomicReference<>();
        AtomicReference<Thread> secondThread = new AtomicReference<>();
        hooks.before(1, () -> {
            // The first publish holds the repository; the second must queue for it, not list the pull requests.
            second.set(threads.submit(() -> {
                secondThread.set(Thread.currentThread());
                return publisher.publish(Fixtures.request("checkout-oom-2", Fixtures.memory("384Mi", "192Mi"),
                        List.of(), List.of(), false));
            }));
            await().atMost(Duration.ofSeconds(10)).until(() -> secondThread.get() != null
                    && secondThread.get().getState() == Thread.State.WAITING);
        });

        Publication first = publisher.publish(Fixtures.request("checkout-oom-1"));
        Publication updated = second.get().get(10, TimeUnit.SECONDS);

        assertThat(first.outcome()).isEqualTo(Outcome.CREATED);
        // Listed after the first had opened its pull request, the second found it and updated it: one pull request.
        assertThat(updated.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(updated.prNumber()).isEqualTo(first.prNumber());
        assertThat(fake.pulls()).singleElement().satisfies(pr -> assertThat(pr.open()).isTrue());
        assertThat(lines()).containsExactly(
                LISTING,
                "GET /repos/shop/manifests/contents/apps/shop/checkout.yaml?ref=main",
                "GET /repos/shop/manifests/git/ref/heads/main",
                "POST /repos/shop/manifests/git/refs",
                "PUT /repos/shop/manifests/contents/apps/shop/checkout.yaml",
                "POST /repos/shop/manifests/pulls",
                "PATCH /repos/shop/manifests/issues/" + first.prNumber(),
                // the second publish, only now
                LISTING,
                "GET /repos/shop/manifests/commits/" + first.commitSha(),
                "GET /repos/shop/manifests/contents/apps/shop/checkout.yaml?ref="
                        + first.branch().replace("/", "%2F"),
                "PUT /repos/shop/manifests/contents/apps/shop/checkout.yaml",
                "PATCH /repos/shop/manifests/pulls/" + first.prNumber());
    }

    @Test
    void aPublishToAnotherRepositoryRunsWhileTheFirstIsInProgress() throws Exception {
        AtomicReference<Publication> other = new AtomicReference<>();
        hooks.before(1, () -> {
            // Completes while the first publish holds its own repository: a global lock would never let it.
            other.set(CompletableFuture.supplyAsync(() -> publisher.publish(toOtherRepository("checkout-oom-eu")),
                    threads).join());
        });

        Publication first = publisher.publish(Fixtures.request("checkout-oom-1"));

        assertThat(first.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(other.get().outcome()).isEqualTo(Outcome.CREATED);
        assertThat(other.get().repository()).isEqualTo(OWNER + "/" + OTHER_REPO);
        List<String> lines = lines();
        assertThat(lines).hasSize(14);
        assertThat(lines.subList(0, 7)).allMatch(l -> l.contains("/repos/shop/" + OTHER_REPO + "/"));
        assertThat(lines.subList(7, 14)).allMatch(l -> l.contains("/repos/shop/" + REPO + "/"));
        assertThat(lines.get(7)).isEqualTo(LISTING);
    }

    @Test
    void stateAndWithdrawDoNotWaitForAPublishToTheSameRepository() throws Exception {
        Publication open = publisher.publish(Fixtures.request("checkout-oom-1"));
        fake.clearRequests();
        AtomicReference<State> seen = new AtomicReference<>();
        hooks.beforeNext(() -> CompletableFuture.runAsync(() -> {
            seen.set(publisher.state(open).state());
            publisher.withdraw(open, "the alert resolved");
        }, threads).join());

        Publication retry = publisher.publish(Fixtures.request("checkout-oom-1"));

        assertThat(seen.get()).isEqualTo(State.OPEN);
        PullRequestSnapshot pr = fake.pull(open.prNumber());
        assertThat(pr.open()).isFalse();
        assertThat(pr.comments()).containsExactly("the alert resolved");
        // The withdrawal's calls came first; the publish, held in its first call, then found its pull request closed.
        List<String> lines = lines();
        assertThat(lines.get(0)).isEqualTo("GET /repos/shop/manifests/pulls/" + open.prNumber());
        assertThat(lines).contains("PATCH /repos/shop/manifests/pulls/" + open.prNumber());
        assertThat(lines.indexOf(LISTING)).isGreaterThan(lines.indexOf("PATCH /repos/shop/manifests/pulls/"
                + open.prNumber()));
        assertThat(retry.prNumber()).isEqualTo(open.prNumber());
    }

    private static ChangeRequest toOtherRepository(String remediation) {
        ChangeRequest r = Fixtures.request(remediation);
        return new ChangeRequest(OWNER + "/" + OTHER_REPO, r.baseBranch(), r.manifestPath(), r.target(), r.result(),
                r.content(), r.remediation(), r.reviewers(), r.assignees(), r.draft(), r.autoMerge());
    }

    private List<String> lines() {
        return fake.requests().stream().map(RecordedRequest::line).toList();
    }
}
