package io.heal8s.engine.gitops.github;

import static io.heal8s.engine.gitops.github.Fixtures.OWNER;
import static io.heal8s.engine.gitops.github.Fixtures.PATH;
import static io.heal8s.engine.gitops.github.Fixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.config.GitHubSettings;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.engine.gitops.Publication.Outcome;
import io.heal8s.engine.gitops.PullRequestContent;
import io.heal8s.engine.gitops.ReviewState;
import io.heal8s.engine.gitops.ReviewState.State;
import io.heal8s.fakegithub.FakeGitHub;
import io.heal8s.fakegithub.PullRequestSnapshot;
import io.heal8s.fakegithub.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitHubPublisher against the fake GitHub: real Git repositories behind a faithful REST API. */
class GitHubPublisherTest {

    private static final String TOKEN = "ghp_publisher_test";

    private FakeGitHub fake;
    private GitHubConnection connection;
    private GitHubPublisher publisher;
    private final CallHooks hooks = new CallHooks();

    @BeforeEach
    void start() {
        fake = FakeGitHub.start().addToken(TOKEN);
        fake.createRepository(OWNER, REPO, "main", Map.of(PATH, Fixtures.manifest(), "README.md", "# manifests\n"));
        connection = hooks.connection(fake, TOKEN, Duration.ofSeconds(5));
        publisher = new GitHubPublisher(connection);
        fake.clearRequests();
    }

    @AfterEach
    void stop() {
        connection.close();
        fake.close();
    }

    private static String patched(String limit, String request) {
        return Fixtures.manifest().replace("memory: 256Mi   #", "memory: " + limit + "   #")
                .replace("memory: 128Mi", "memory: " + request);
    }

    @Test
    void aNewPullRequestCarriesTheMinimalPatchAndCostsSevenCalls() throws IOException {
        ChangeRequest request = Fixtures.request("checkout-oom-1");

        Publication p = publisher.publish(request);

        assertThat(p.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(p.branch()).isEqualTo(request.content().branch()).startsWith("heal8s/increase-memory/shop-checkout-");
        assertThat(p.commitSha()).isEqualTo(fake.branchSha(OWNER, REPO, p.branch()));
        assertThat(p.remediation()).isEqualTo("heal8s-system/checkout-oom-1");
        assertThat(fake.file(OWNER, REPO, p.branch(), PATH)).isEqualTo(patched("320Mi", "160Mi"));
        assertThat(changedLines(fake.branchSha(OWNER, REPO, "main"), p.commitSha())).containsExactly(
                "-              memory: 256Mi   # raised by hand in March",
                "+              memory: 320Mi   # raised by hand in March",
                "-              memory: 128Mi",
                "+              memory: 160Mi");
        assertThat(commitMessage(p.commitSha())).isEqualTo(request.content().title()
                + "\n\nHeal8s-Remediation: heal8s-system/checkout-oom-1\n");

        PullRequestSnapshot pr = fake.pull(p.prNumber());
        assertThat(pr.title()).isEqualTo(request.content().title());
        assertThat(pr.body()).isEqualTo(request.content().body())
                .contains("<!-- heal8s:remediation=heal8s-system/checkout-oom-1 -->");
        assertThat(PullRequestContent.remediationOf(pr.body())).contains("heal8s-system/checkout-oom-1");
        assertThat(pr.labels()).containsExactly("heal8s", "increase-memory", "production");
        assertThat(pr.headRef()).isEqualTo(p.branch());
        assertThat(pr.baseRef()).isEqualTo("main");
        assertThat(pr.open()).isTrue();
        assertThat(pr.draft()).isFalse();
        assertThat(pr.autoMerge()).isFalse();
        assertThat(pr.reviewers()).isEmpty();
        assertThat(p.url()).endsWith("/pull/" + p.prNumber());

        assertThat(lines()).containsExactly(
                "GET /repos/shop/manifests/pulls?state=open&per_page=100&base=main",
                "GET /repos/shop/manifests/contents/apps/shop/checkout.yaml?ref=main",
                "GET /repos/shop/manifests/git/ref/heads/main",
                "POST /repos/shop/manifests/git/refs",
                "PUT /repos/shop/manifests/contents/apps/shop/checkout.yaml",
                "POST /repos/shop/manifests/pulls",
                "PATCH /repos/shop/manifests/issues/" + p.prNumber());
        assertThat(fake.requests()).hasSizeLessThan(8);
        assertThat(publisher.requestCount()).isEqualTo(7);
    }

    @Test
    void reviewersTeamsAssigneesAndAutoMergeAreSetWithOneCallEach() {
        ChangeRequest request = Fixtures.request("checkout-oom-1", Fixtures.memory("320Mi", "160Mi"),
                List.of("alice", "shop/sre"), List.of("bob"), true);

        Publication p = publisher.publish(request);

        PullRequestSnapshot pr = fake.pull(p.prNumber());
        assertThat(pr.reviewers()).containsExactly("alice");
        assertThat(pr.teamReviewers()).containsExactly("sre");
        assertThat(pr.assignees()).containsExactly("bob");
        assertThat(pr.autoMerge()).isTrue();
        assertThat(lines()).hasSize(9).endsWith(
                "PATCH /repos/shop/manifests/issues/" + p.prNumber(),
                "POST /repos/shop/manifests/pulls/" + p.prNumber() + "/requested_reviewers",
                "POST /graphql");
    }

    @Test
    void aRefusedAutoMergeLeavesTheOpenPullRequestForAPersonToMerge() {
        ChangeRequest request = Fixtures.request("checkout-oom-1", Fixtures.memory("320Mi", "160Mi"), List.of(),
                List.of(), true);
        hooks.before(8, () -> fake.failNext(422, 0, "Pull request is not in the correct state to enable auto-merge"));

        Publication p = publisher.publish(request);

        assertThat(p.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(lines()).last().isEqualTo("POST /graphql");
        assertThat(fake.pull(p.prNumber())).satisfies(pr -> {
            assertThat(pr.open()).isTrue();
            assertThat(pr.autoMerge()).isFalse();
            assertThat(pr.labels()).contains("heal8s");
        });
    }

    @Test
    void aGitHubEnterpriseApiUrlUnderApiV3AndATokenFileFromTheSettings(@TempDir Path dir) throws IOException {
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        GitHubSettings settings = GitHubSettings.fromMap(Map.of(GitHubSettings.API_URL, fake.apiUrl() + "/api/v3/",
                GitHubSettings.TOKEN_FILE, token.toString()));
        GitHubPublisher enterprise = new GitHubPublisher(GitHubConnection.create(settings, Clock.systemUTC()));

        Publication p = enterprise.publish(Fixtures.request("checkout-oom-1"));

        assertThat(p.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(fake.pull(p.prNumber()).open()).isTrue();
        assertThat(enterprise.requestCount()).isEqualTo(7);
        assertThat(fake.requests()).hasSize(7).allMatch(r -> r.status() < 300);
    }

    @Test
    void publishingAgainFindsThePullRequestWithOneCall() {
        ChangeRequest request = Fixtures.request("checkout-oom-1");
        Publication first = publisher.publish(request);
        fake.clearRequests();

        Publication again = publisher.publish(request);

        assertThat(again.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(again.prNumber()).isEqualTo(first.prNumber());
        assertThat(again.commitSha()).isEqualTo(first.commitSha());
        assertThat(fake.pulls()).hasSize(1);
        assertThat(lines()).containsExactly("GET /repos/shop/manifests/pulls?state=open&per_page=100&base=main");
    }

    @Test
    void aCrashAfterTheBranchButBeforeThePullRequestIsFinishedByTheRetryWithoutADuplicate() {
        ChangeRequest request = Fixtures.request("checkout-oom-1");
        hooks.before(6, () -> fake.failNext(502, 0, "Server Error"));

        assertThatThrownBy(() -> publisher.publish(request))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("GitHubUnavailable");
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(fake.pulls()).isEmpty();
        assertThat(fake.file(OWNER, REPO, request.content().branch(), PATH)).isEqualTo(patched("320Mi", "160Mi"));
        String committed = fake.branchSha(OWNER, REPO, request.content().branch());

        Publication retry = publisher.publish(request);

        assertThat(fake.pulls()).hasSize(1);
        assertThat(retry.commitSha()).isEqualTo(committed);
        assertThat(fake.branchSha(OWNER, REPO, request.content().branch())).isEqualTo(committed);
        assertThat(fake.pull(retry.prNumber()).labels()).contains("heal8s");
    }

    @Test
    void aCrashAfterThePullRequestBeforeItsLabelsIsFoundAndLabelledByTheRetry() {
        ChangeRequest request = Fixtures.request("checkout-oom-1", Fixtures.memory("320Mi", "160Mi"), List.of(),
                List.of("bob"), false);
        hooks.before(7, () -> {
            throw new IllegalStateException("the process died");
        });
        assertThatThrownBy(() -> publisher.publish(request)).hasMessage("the process died");
        assertThat(fake.pulls()).singleElement().satisfies(pr -> assertThat(pr.labels()).isEmpty());

        Publication retry = publisher.publish(request);

        assertThat(retry.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(fake.pulls()).singleElement().satisfies(pr -> {
            assertThat(pr.labels()).containsExactly("heal8s", "increase-memory", "production");
            assertThat(pr.assignees()).containsExactly("bob");
        });
    }

    @Test
    void aRetryAfterItsPullRequestWasClosedFindsItByItsBranchInsteadOfOpeningAnother() {
        ChangeRequest request = Fixtures.request("checkout-oom-1");
        Publication first = publisher.publish(request);
        fake.close(first.prNumber());
        fake.clearRequests();

        Publication again = publisher.publish(request);

        assertThat(again.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(again.prNumber()).isEqualTo(first.prNumber());
        assertThat(fake.pulls()).hasSize(1);
        assertThat(lines()).contains("POST /repos/shop/manifests/git/refs",
                "GET /repos/shop/manifests/pulls?state=all&per_page=100&head=shop%3A" + request.content().branch()
                        .replace("/", "%2F"));
        assertThat(publisher.state(again).state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aNewerRemediationUpdatesHeal8sOwnOpenPullRequestInPlace() {
        Publication first = publisher.publish(Fixtures.request("checkout-oom-1"));
        ChangeRequest newer = Fixtures.request("checkout-oom-2", Fixtures.memory("384Mi", "192Mi"), List.of(),
                List.of(), false);
        fake.clearRequests();

        Publication updated = publisher.publish(newer);

        assertThat(updated.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(updated.prNumber()).isEqualTo(first.prNumber());
        assertThat(updated.branch()).isEqualTo(first.branch());
        assertThat(updated.commitSha()).isNotEqualTo(first.commitSha())
                .isEqualTo(fake.branchSha(OWNER, REPO, first.branch()));
        assertThat(fake.pulls()).hasSize(1);
        assertThat(fake.file(OWNER, REPO, first.branch(), PATH)).isEqualTo(patched("384Mi", "192Mi"));
        PullRequestSnapshot pr = fake.pull(first.prNumber());
        assertThat(pr.title()).isEqualTo(newer.content().title());
        assertThat(PullRequestContent.remediationOf(pr.body())).contains("heal8s-system/checkout-oom-2");
        assertThat(commitMessage(updated.commitSha())).endsWith("Heal8s-Remediation: heal8s-system/checkout-oom-2\n");
        assertThat(lines()).hasSize(5);

        assertThat(publisher.state(first).state()).isEqualTo(State.SUPERSEDED);
        assertThat(publisher.state(first).detail()).contains("heal8s-system/checkout-oom-2");
        assertThat(publisher.state(updated).state()).isEqualTo(State.OPEN);
    }

    @Test
    void aPullRequestAPersonPushedToIsSupersededByANewOne() {
        Publication first = publisher.publish(Fixtures.request("checkout-oom-1"));
        fake.commit(OWNER, REPO, first.branch(), "README.md", "# manifests\nreviewed\n", "a reviewer's note");
        ChangeRequest newer = Fixtures.request("checkout-oom-2", Fixtures.memory("384Mi", "192Mi"), List.of(),
                List.of(), false);

        Publication second = publisher.publish(newer);

        assertThat(second.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(second.prNumber()).isNotEqualTo(first.prNumber());
        assertThat(second.superseded()).isEqualTo(first.prNumber());
        PullRequestSnapshot old = fake.pull(first.prNumber());
        assertThat(old.open()).isFalse();
        assertThat(old.merged()).isFalse();
        assertThat(old.comments()).singleElement().asString()
                .startsWith("Superseded by #" + second.prNumber() + " (Remediation heal8s-system/checkout-oom-2)");
        assertThat(fake.pull(second.prNumber()).open()).isTrue();
        assertThat(fake.file(OWNER, REPO, second.branch(), PATH)).isEqualTo(patched("384Mi", "192Mi"));

        ReviewState oldState = publisher.state(first);
        assertThat(oldState.state()).isEqualTo(State.SUPERSEDED);
        assertThat(oldState.detail()).contains("#" + second.prNumber());
        assertThat(publisher.state(second).state()).isEqualTo(State.OPEN);
    }

    @Test
    void stateFollowsMergedAndClosedAndWithdrawClosesOnce() {
        Publication merged = publisher.publish(Fixtures.request("checkout-oom-1"));
        String mergeCommit = fake.merge(merged.prNumber());

        ReviewState state = publisher.state(merged);

        assertThat(state.state()).isEqualTo(State.MERGED);
        assertThat(state.mergeCommitSha()).isEqualTo(mergeCommit);
        assertThat(fake.file(OWNER, REPO, "main", PATH)).isEqualTo(patched("320Mi", "160Mi"));

        fake.createRepository(OWNER, "other", "main", Map.of(PATH, Fixtures.manifest()));
        ChangeRequest elsewhere = new ChangeRequest(OWNER + "/other", "main", PATH, Fixtures.TARGET,
                Fixtures.memory("320Mi", "160Mi"), Fixtures.request("checkout-oom-3").content(),
                "heal8s-system/checkout-oom-3", List.of(), List.of(), false, false);
        Publication withdrawn = publisher.publish(elsewhere);
        assertThat(publisher.state(withdrawn).state()).isEqualTo(State.OPEN);

        publisher.withdraw(withdrawn, "The Remediation's TTL passed; heal8s withdraws this change.");
        fake.clearRequests();
        publisher.withdraw(withdrawn, "again");

        PullRequestSnapshot pr = fake.pull(OWNER, "other", withdrawn.prNumber());
        assertThat(pr.open()).isFalse();
        assertThat(pr.comments()).containsExactly("The Remediation's TTL passed; heal8s withdraws this change.");
        assertThat(lines()).containsExactly("GET /repos/shop/other/pulls/" + withdrawn.prNumber());
        assertThat(publisher.state(withdrawn).state()).isEqualTo(State.CLOSED);
    }

    @Test
    void anExhaustedQuotaStopsThePublisherWithoutAnotherCall() {
        long reset = Instant.now().plusSeconds(600).getEpochSecond();
        fake.setRateLimit(5000, 1, reset);

        assertThatThrownBy(() -> publisher.publish(Fixtures.request("checkout-oom-1")))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("RateLimited");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(590), Duration.ofSeconds(600));
                });
        assertThat(fake.requests()).hasSize(1);
        assertThatThrownBy(() -> publisher.publish(Fixtures.request("checkout-oom-1")))
                .isInstanceOf(GitOpsException.class);
        assertThat(fake.requests()).hasSize(1);
    }

    @Test
    void aSecondaryLimitOrA429BacksOffForItsRetryAfter() {
        fake.failNext(403, 45, "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
                + "again.");

        assertThatThrownBy(() -> publisher.publish(Fixtures.request("checkout-oom-1")))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("RateLimited");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(45));
                });
        assertThatThrownBy(() -> publisher.publish(Fixtures.request("checkout-oom-1")))
                .isInstanceOfSatisfying(GitOpsException.class,
                        e -> assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(45)));
        assertThat(fake.requests()).hasSize(1);

        GitHubPublisher fresh = new GitHubPublisher(new GitHubConnection(URI.create(fake.apiUrl()),
                Duration.ofSeconds(5), Clock.systemUTC(), c -> () -> "token " + TOKEN));
        fake.failNext(429, 7, "Too Many Requests");
        assertThatThrownBy(() -> fresh.publish(Fixtures.request("checkout-oom-1")))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("RateLimited");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void failuresNameWhatIsMissingAndSayWhetherToRetry() {
        ChangeRequest noRepo = new ChangeRequest(OWNER + "/nothing", "main", PATH, Fixtures.TARGET,
                Fixtures.memory("320Mi", "160Mi"), Fixtures.request("a").content(), "heal8s-system/a", List.of(),
                List.of(), false, false);
        assertThatThrownBy(() -> publisher.publish(noRepo))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("RepositoryNotFound");
                    assertThat(e.retryable()).isFalse();
                })
                .hasMessageContaining("shop/nothing");

        ChangeRequest noFile = new ChangeRequest(Fixtures.REPOSITORY, "main", "apps/shop/missing.yaml",
                Fixtures.TARGET, Fixtures.memory("320Mi", "160Mi"), Fixtures.request("a").content(), "heal8s-system/a",
                List.of(), List.of(), false, false);
        assertThatThrownBy(() -> publisher.publish(noFile))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("ManifestNotFound");
                    assertThat(e.retryable()).isFalse();
                })
                .hasMessageContaining("apps/shop/missing.yaml").hasMessageContaining("shop/manifests")
                .hasMessageContaining("main");

        ChangeRequest wrongTarget = new ChangeRequest(Fixtures.REPOSITORY, "main", PATH,
                new ManifestTarget("Deployment", "cart", "shop"), Fixtures.memory("320Mi", "160Mi"),
                Fixtures.request("a").content(), "heal8s-system/a", List.of(), List.of(), false, false);
        assertThatThrownBy(() -> publisher.publish(wrongTarget))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("PatchFailed");
                    assertThat(e.retryable()).isFalse();
                });

        GitHubPublisher badToken = new GitHubPublisher(new GitHubConnection(URI.create(fake.apiUrl()),
                Duration.ofSeconds(5), Clock.systemUTC(), c -> () -> "token ghp_revoked"));
        assertThatThrownBy(() -> badToken.publish(Fixtures.request("a")))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("GitHubUnauthorized");
                    assertThat(e.retryable()).isTrue();
                })
                .hasMessageNotContaining("ghp_revoked");

        assertThatThrownBy(() -> publisher.publish(new ChangeRequest("https://git.example.com/x.git", "main", PATH,
                Fixtures.TARGET, Fixtures.memory("320Mi", "160Mi"), Fixtures.request("a").content(), "heal8s-system/a",
                List.of(), List.of(), false, false)))
                .isInstanceOfSatisfying(GitOpsException.class,
                        e -> assertThat(e.reason()).isEqualTo("InvalidRepository"));
        assertThat(fake.pulls()).isEmpty();
    }

    private List<String> lines() {
        return fake.requests().stream().map(RecordedRequest::line).toList();
    }

    private String commitMessage(String sha) {
        try (RevWalk walk = new RevWalk(fake.git(OWNER, REPO))) {
            return walk.parseCommit(ObjectId.fromString(sha)).getFullMessage();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The removed and added lines between two commits, as a unified diff shows them. */
    private List<String> changedLines(String from, String to) throws IOException {
        Repository git = fake.git(OWNER, REPO);
        List<String> lines = new ArrayList<>();
        try (RevWalk walk = new RevWalk(git); DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            diff.setRepository(git);
            RevCommit a = walk.parseCommit(ObjectId.fromString(from));
            RevCommit b = walk.parseCommit(ObjectId.fromString(to));
            List<DiffEntry> entries = diff.scan(a.getTree(), b.getTree());
            assertThat(entries).singleElement().satisfies(e -> assertThat(e.getNewPath()).isEqualTo(PATH));
            String[] old = Fixtures.manifest().split("\n", -1);
            String[] now = fake.file(OWNER, REPO, b.name(), PATH).split("\n", -1);
            for (Edit edit : diff.toFileHeader(entries.get(0)).toEditList()) {
                for (int i = edit.getBeginA(); i < edit.getEndA(); i++) {
                    lines.add("-" + old[i]);
                }
                for (int i = edit.getBeginB(); i < edit.getEndB(); i++) {
                    lines.add("+" + now[i]);
                }
            }
        }
        return lines;
    }
}
