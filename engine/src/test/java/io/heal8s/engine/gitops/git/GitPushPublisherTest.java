package io.heal8s.engine.gitops.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.action.Patch;
import io.heal8s.engine.action.PatchTarget;
import io.heal8s.engine.action.PatchType;
import io.heal8s.engine.config.GitSettings;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.ExampleManifests;
import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.gitops.ManifestPatcher;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.engine.gitops.PullRequestContent;
import io.heal8s.engine.gitops.ReviewState;
import io.heal8s.engine.playbook.ActionType;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitPushPublisherTest {

    static final String PATH = "apps/shop/checkout.yaml";
    static final String CHECKOUT = ExampleManifests.CHECKOUT;
    static final String PATCHED = CHECKOUT.replace("memory: 256Mi   #", "memory: 320Mi   #")
            .replace("memory: 128Mi", "memory: 160Mi");
    static final String BRANCH_PREFIX = "heal8s/increase-memory/shop-checkout-";

    @TempDir
    Path tmp;

    BareRemote remote;
    GitPushPublisher publisher;

    @BeforeEach
    void setUp() throws IOException {
        remote = BareRemote.create(tmp.resolve("remote.git"), Map.of(PATH, CHECKOUT, "README.md", "manifests\n"));
        publisher = new GitPushPublisher(settings());
    }

    @AfterEach
    void tearDown() {
        publisher.close();
        remote.close();
    }

    GitSettings settings() {
        return GitSettings.fromMap(Map.of(GitSettings.WORK_DIR, tmp.resolve("work").toString()));
    }

    static ActionResult memory(String limit, String request) {
        return new ActionResult(ActionType.IncreaseMemory, true, "memory limit 256Mi → " + limit,
                List.of(new FieldChange("spec.template.spec.containers[name=checkout].resources.limits.memory", "256Mi",
                        limit),
                        new FieldChange("spec.template.spec.containers[name=checkout].resources.requests.memory",
                                "128Mi", request)),
                new Patch(PatchTarget.WORKLOAD, PatchType.STRATEGIC_MERGE, Map.of("spec", Map.of())), "desc");
    }

    ChangeRequest request(String remediation, String id) {
        return request(remediation, id, PATH, memory("320Mi", "160Mi"));
    }

    ChangeRequest request(String remediation, String id, String path, ActionResult result) {
        PullRequestContent content = new PullRequestContent(BRANCH_PREFIX + id,
                "heal8s: IncreaseMemory on Deployment shop/checkout (KubePodOOMKilled)",
                "body\n<!-- heal8s:remediation=" + remediation + " -->", List.of("heal8s", "increase-memory"));
        return new ChangeRequest(remote.url, "main", path, new ManifestTarget("Deployment", "checkout", "shop"),
                result, content, remediation, List.of(), List.of(), false, false);
    }

    @Test
    void publishPushesOneCommitOnTheBaseHeadWhoseFileIsThePatchedManifest() throws IOException {
        ObjectId base = remote.head("main");
        Publication p = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));

        assertThat(p.outcome()).isEqualTo(Publication.Outcome.CREATED);
        assertThat(p.branch()).isEqualTo(BRANCH_PREFIX + "1a2b3c4d");
        assertThat(p.prNumber()).isNull();
        assertThat(p.url()).isNull();
        assertThat(p.superseded()).isNull();
        assertThat(p.commitSha()).isEqualTo(remote.head(p.branch()).name());
        assertThat(remote.file(p.branch(), PATH)).isEqualTo(PATCHED);
        assertThat(remote.file(p.branch(), "README.md")).isEqualTo("manifests\n");
        assertThat(remote.head("main")).isEqualTo(base);

        RevCommit commit = remote.parse(remote.head(p.branch()));
        assertThat(commit.getParents()).extracting(ObjectId::name).containsExactly(base.name());
        assertThat(commit.getFullMessage()).isEqualTo("""
                heal8s: IncreaseMemory on Deployment shop/checkout (KubePodOOMKilled)

                Heal8s-Remediation: heal8s-system/checkout-oom-1
                Heal8s-Base: main
                """);
        assertThat(commit.getAuthorIdent().getName()).isEqualTo("heal8s");
        assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo("heal8s@users.noreply.local");
        assertThat(commit.getCommitterIdent().getEmailAddress()).isEqualTo("heal8s@users.noreply.local");
    }

    @Test
    void theDiffAgainstTheBaseTouchesOnlyTheTwoChangedLines() throws IOException {
        Publication p = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));

        String diff = remote.diff(remote.head("main"), ObjectId.fromString(p.commitSha()));
        List<String> removed = diff.lines().filter(l -> l.startsWith("-") && !l.startsWith("---")).toList();
        List<String> added = diff.lines().filter(l -> l.startsWith("+") && !l.startsWith("+++")).toList();
        assertThat(diff).contains("--- a/" + PATH, "+++ b/" + PATH);
        assertThat(removed).containsExactly("-              memory: 256Mi   # raised by hand in March",
                "-              memory: 128Mi");
        assertThat(added).containsExactly("+              memory: 320Mi   # raised by hand in March",
                "+              memory: 160Mi");
    }

    @Test
    void aRetryFindsTheBranchAndPushesNothing() throws IOException {
        Publication first = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
        // A new publisher, as after a restart, with the same work directory; and one with a fresh clone.
        try (GitPushPublisher restarted = new GitPushPublisher(settings());
                GitPushPublisher fresh = new GitPushPublisher(GitSettings.fromMap(Map.of(GitSettings.WORK_DIR,
                        tmp.resolve("other-work").toString())))) {
            Publication again = restarted.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
            Publication third = fresh.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));

            assertThat(again.outcome()).isEqualTo(Publication.Outcome.FOUND);
            assertThat(third.outcome()).isEqualTo(Publication.Outcome.FOUND);
            assertThat(again.commitSha()).isEqualTo(first.commitSha());
            assertThat(third.commitSha()).isEqualTo(first.commitSha());
        }
        assertThat(remote.head(first.branch()).name()).isEqualTo(first.commitSha());
        assertThat(remote.parse(remote.head(first.branch())).getParent(0)).isEqualTo(remote.head("main"));
    }

    @Test
    void aRetryFindsItsCommitUnderAFixUpSomeonePushedOnTop() throws IOException {
        Publication first = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
        ObjectId fixUp = remote.commitFile(ObjectId.fromString(first.commitSha()), "NOTES.md", "why\n", "notes");
        remote.setBranch(first.branch(), fixUp);

        Publication again = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));

        assertThat(again.outcome()).isEqualTo(Publication.Outcome.FOUND);
        assertThat(again.commitSha()).isEqualTo(first.commitSha());
        assertThat(remote.head(first.branch())).isEqualTo(fixUp);
    }

    @Test
    void aBranchOfTheSameNameWithoutHeal8sCommitIsAPermanentConflict() throws IOException {
        remote.setBranch(BRANCH_PREFIX + "1a2b3c4d", remote.commitFile(remote.head("main"), PATH, "x: 1\n", "mine"));

        assertThatThrownBy(() -> publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d")))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("BranchConflict");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains(BRANCH_PREFIX + "1a2b3c4d", "heal8s-system/checkout-oom-1");
                });
    }

    @Test
    void anOpenBranchIsOpen() {
        Publication p = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));

        ReviewState state = publisher.state(p);

        assertThat(state.state()).isEqualTo(ReviewState.State.OPEN);
        assertThat(state.mergeCommitSha()).isNull();
        assertThat(state.detail()).contains(p.branch(), "main");
    }

    @Test
    void aFastForwardMergeIsMerged() throws IOException {
        Publication p = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
        remote.setBranch("main", ObjectId.fromString(p.commitSha()));
        remote.deleteBranch(p.branch());

        ReviewState state = publisher.state(p);

        assertThat(state.state()).isEqualTo(ReviewState.State.MERGED);
        assertThat(state.mergeCommitSha()).isEqualTo(p.commitSha());
    }

    @Test
    void aMergeCommitIsMergedAndNamed() throws IOException {
        Publication p = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
        ObjectId base = remote.head("main");
        ObjectId other = remote.commitFile(base, "README.md", "manifests, edited\n", "docs");
        Map<String, String> mergedFiles = new java.util.TreeMap<>(remote.files(other));
        mergedFiles.put(PATH, PATCHED);
        ObjectId merge = remote.commit(other, mergedFiles, "Merge branch", ObjectId.fromString(p.commitSha()));
        remote.setBranch("main", remote.commitFile(merge, "LATER.md", "later\n", "later work"));

        ReviewState state = publisher.state(p);

        assertThat(state.state()).isEqualTo(ReviewState.State.MERGED);
        assertThat(state.mergeCommitSha()).isEqualTo(merge.name());
    }

    @Test
    void aSquashMergeIsMergedEvenAfterTheBranchIsDeleted() throws IOException {
        Publication p = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
        ObjectId unrelated = remote.commitFile(remote.head("main"), "README.md", "manifests, edited\n", "docs");
        remote.setBranch("main", remote.commitFile(unrelated, PATH, PATCHED, "Squashed heal8s change (#7)"));
        remote.deleteBranch(p.branch());

        ReviewState state = publisher.state(p);

        assertThat(state.state()).isEqualTo(ReviewState.State.MERGED);
        assertThat(state.detail()).contains("main");
    }

    @Test
    void aBranchDeletedUnmergedIsClosed() throws IOException {
        Publication p = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
        remote.deleteBranch(p.branch());

        ReviewState state = publisher.state(p);

        assertThat(state.state()).isEqualTo(ReviewState.State.CLOSED);
        assertThat(state.detail()).contains(p.branch(), "without being merged");
    }

    @Test
    void aNewerRemediationsBranchSupersedesTheOlderOneOnly() throws IOException {
        Publication older = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
        Publication newer = publisher.publish(request("heal8s-system/checkout-oom-2", "5e6f7a8b"));
        // Commit times have a one-second resolution: the order must not depend on the clock's luck.
        RevCommit o = remote.parse(ObjectId.fromString(older.commitSha()));
        RevCommit n = remote.parse(ObjectId.fromString(newer.commitSha()));
        boolean newerWins = n.getCommitTime() > o.getCommitTime()
                || n.getCommitTime() == o.getCommitTime() && n.name().compareTo(o.name()) > 0;
        Publication loser = newerWins ? older : newer;
        Publication winner = newerWins ? newer : older;

        assertThat(newer.outcome()).isEqualTo(Publication.Outcome.CREATED);
        assertThat(newer.branch()).isNotEqualTo(older.branch());
        assertThat(remote.branches()).contains(older.branch(), newer.branch());
        ReviewState superseded = publisher.state(loser);
        assertThat(superseded.state()).isEqualTo(ReviewState.State.SUPERSEDED);
        assertThat(superseded.detail()).contains(winner.branch());
        assertThat(publisher.state(winner).state()).isEqualTo(ReviewState.State.OPEN);
    }

    @Test
    void aBranchOfAnotherTargetDoesNotSupersede() {
        Publication checkout = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
        ChangeRequest other = request("heal8s-system/checkout-v2-oom-1", "9c8d7e6f");
        ChangeRequest v2 = new ChangeRequest(other.repository(), "main", PATH, other.target(), other.result(),
                new PullRequestContent("heal8s/increase-memory/shop-checkout-v2-9c8d7e6f", "t", "b", List.of()),
                other.remediation(), List.of(), List.of(), false, false);
        publisher.publish(v2);

        assertThat(publisher.state(checkout).state()).isEqualTo(ReviewState.State.OPEN);
    }

    @Test
    void withdrawDeletesAnOpenBranchAndThenItIsClosed() throws IOException {
        Publication p = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));

        publisher.withdraw(p, "superseded");

        assertThat(remote.branches()).containsExactly("main");
        assertThat(publisher.state(p).state()).isEqualTo(ReviewState.State.CLOSED);
        publisher.withdraw(p, "again: nothing to do");
        assertThat(remote.branches()).containsExactly("main");
    }

    @Test
    void withdrawLeavesAMergedBranchAlone() throws IOException {
        Publication p = publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
        remote.setBranch("main", ObjectId.fromString(p.commitSha()));

        publisher.withdraw(p, "expired");

        assertThat(remote.branches()).contains(p.branch());
    }

    @Test
    void aMissingManifestIsPermanentAndNamesRepositoryPathAndBranch() {
        assertThatThrownBy(() -> publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d",
                "apps/shop/nope.yaml", memory("320Mi", "160Mi"))))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("ManifestNotFound");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("apps/shop/nope.yaml", remote.url, "main");
                });
        assertThatThrownBy(() -> publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d", "apps/shop",
                memory("320Mi", "160Mi"))))
                .isInstanceOfSatisfying(GitOpsException.class, e -> assertThat(e.reason())
                        .isEqualTo("ManifestNotFound"));
    }

    @Test
    void aMissingBaseBranchIsManifestNotFound() {
        ChangeRequest r = request("heal8s-system/checkout-oom-1", "1a2b3c4d");
        ChangeRequest onDevelop = new ChangeRequest(r.repository(), "develop", r.manifestPath(), r.target(),
                r.result(), r.content(), r.remediation(), List.of(), List.of(), false, false);

        assertThatThrownBy(() -> publisher.publish(onDevelop))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("ManifestNotFound");
                    assertThat(e.getMessage()).contains("develop", PATH);
                });
    }

    @Test
    void aManifestThePatchDoesNotFitIsPatchFailed() throws IOException {
        ActionResult wrongContainer = new ActionResult(ActionType.IncreaseMemory, true, "r",
                List.of(new FieldChange("spec.template.spec.containers[name=sidecar].resources.limits.memory", "1Gi",
                        "2Gi")),
                new Patch(PatchTarget.WORKLOAD, PatchType.STRATEGIC_MERGE, Map.of("spec", Map.of())), "d");

        assertThatThrownBy(() -> publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d", PATH,
                wrongContainer)))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("PatchFailed");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains(PATH, "sidecar");
                });
        assertThat(remote.branches()).containsExactly("main");
    }

    @Test
    void aPathLeavingTheRepositoryIsRefused() {
        assertThatThrownBy(() -> publisher.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d",
                "apps/../../etc/passwd", memory("320Mi", "160Mi"))))
                .isInstanceOfSatisfying(GitOpsException.class, e -> assertThat(e.reason())
                        .isEqualTo("InvalidManifestPath"));
    }

    @Test
    void anUnreachableRemoteIsRetryableGitUnavailable() {
        ChangeRequest r = request("heal8s-system/checkout-oom-1", "1a2b3c4d");
        String missing = tmp.resolve("no-such-remote.git").toUri().toString();
        ChangeRequest gone = new ChangeRequest(missing, "main", PATH, r.target(), r.result(), r.content(),
                r.remediation(), List.of(), List.of(), false, false);

        assertThatThrownBy(() -> publisher.publish(gone))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("GitUnavailable");
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains(missing);
                });
    }

    @Test
    void aGitHubOwnerNameIsNotAGitUrl() {
        ChangeRequest r = request("heal8s-system/checkout-oom-1", "1a2b3c4d");
        ChangeRequest github = new ChangeRequest("acme/k8s-manifests", "main", PATH, r.target(), r.result(),
                r.content(), r.remediation(), List.of(), List.of(), false, false);

        assertThatThrownBy(() -> publisher.publish(github))
                .isInstanceOfSatisfying(GitOpsException.class, e -> {
                    assertThat(e.reason()).isEqualTo("InvalidRepository");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void refusedCredentialsAreRetryableGitUnauthorizedAndNeverPrinted() throws IOException {
        Path token = Files.writeString(tmp.resolve("token"), "s3cr3t-token\n");
        List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        try (GitPushPublisher withToken = new GitPushPublisher(GitSettings.fromMap(Map.of(
                GitSettings.WORK_DIR, tmp.resolve("work").toString(),
                GitSettings.PASSWORD_FILE, token.toString())))) {
            int port = server.getAddress().getPort();
            for (String url : List.of("http://127.0.0.1:" + port + "/shop.git",
                    "http://deploy:url-secret@127.0.0.1:" + port + "/shop.git")) {
                ChangeRequest r = request("heal8s-system/checkout-oom-1", "1a2b3c4d");
                ChangeRequest http = new ChangeRequest(url, "main", PATH, r.target(), r.result(), r.content(),
                        r.remediation(), List.of(), List.of(), false, false);

                assertThatThrownBy(() -> withToken.publish(http))
                        .isInstanceOfSatisfying(GitOpsException.class, e -> {
                            assertThat(e.reason()).isEqualTo("GitUnauthorized");
                            assertThat(e.retryable()).isTrue();
                            assertThat(e.getCause()).isNull();
                            assertThat(e.getMessage()).contains("http://127.0.0.1:" + port + "/shop.git",
                                    GitSettings.PASSWORD_FILE).doesNotContain("s3cr3t-token", "url-secret");
                        });
            }
        } finally {
            server.stop(0);
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString("x-access-token:s3cr3t-token"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(authorizations).contains(basic);
    }

    @Test
    void anSshRemoteWithoutSshSupportSaysSo() {
        ChangeRequest r = request("heal8s-system/checkout-oom-1", "1a2b3c4d");
        // The user info of a scheme URL is stripped from messages (it may hold a token); git@host:path keeps it.
        Map<String, String> shown = Map.of("ssh://git@127.0.0.1:1/shop.git", "ssh://127.0.0.1:1/shop.git",
                "git@127.0.0.1:acme/shop.git", "git@127.0.0.1:acme/shop.git");
        for (String url : shown.keySet()) {
            ChangeRequest ssh = new ChangeRequest(url, "main", PATH, r.target(), r.result(), r.content(),
                    r.remediation(), List.of(), List.of(), false, false);

            assertThatThrownBy(() -> publisher.publish(ssh))
                    .isInstanceOfSatisfying(GitOpsException.class, e -> {
                        assertThat(e.reason()).isEqualTo("GitSshUnsupported");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains(shown.get(url), "https://");
                    });
        }
    }

    @Test
    void theConfiguredAuthorSignsTheCommit() throws IOException {
        try (GitPushPublisher bot = new GitPushPublisher(GitSettings.fromMap(Map.of(
                GitSettings.WORK_DIR, tmp.resolve("work").toString(),
                GitSettings.AUTHOR_NAME, "Platform Bot", GitSettings.AUTHOR_EMAIL, "bot@acme.example")))) {
            Publication p = bot.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));

            RevCommit commit = remote.parse(ObjectId.fromString(p.commitSha()));
            assertThat(commit.getAuthorIdent().getName()).isEqualTo("Platform Bot");
            assertThat(commit.getCommitterIdent().getEmailAddress()).isEqualTo("bot@acme.example");
        }
    }

    @Test
    void twoThreadsPublishingToOneRemoteShareTheCloneSafely() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Publication>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                // Threads 0 and 1 publish the same Remediation: one creates, the other finds.
                int n = Math.max(i, 1);
                String id = String.format("%08x", n);
                Callable<Publication> call = () -> {
                    start.await();
                    return publisher.publish(request("heal8s-system/checkout-oom-" + n, id));
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<Publication> done = new ArrayList<>();
            for (Future<Publication> f : results) {
                done.add(f.get(60, TimeUnit.SECONDS));
            }

            assertThat(done).extracting(Publication::outcome).filteredOn(o -> o == Publication.Outcome.FOUND)
                    .hasSize(1);
            assertThat(done.get(0).commitSha()).isEqualTo(done.get(1).commitSha());
            assertThat(remote.branches()).hasSize(threads);
            for (Publication p : done) {
                assertThat(remote.file(p.branch(), PATH)).isEqualTo(PATCHED);
                assertThat(remote.head(p.branch()).name()).isEqualTo(p.commitSha());
            }
        } finally {
            pool.shutdownNow();
        }
        // The clone still works after the storm.
        Publication last = new Publication(remote.url, BRANCH_PREFIX + "00000003",
                remote.head(BRANCH_PREFIX + "00000003").name(), null, null, Publication.Outcome.CREATED, null);
        assertThat(publisher.state(last).state()).isIn(ReviewState.State.OPEN, ReviewState.State.SUPERSEDED);
    }

    @Test
    void clonesAreBoundedAndReused() throws IOException {
        Path work = tmp.resolve("bounded");
        try (BareRemote second = BareRemote.create(tmp.resolve("second.git"), Map.of(PATH, CHECKOUT));
                GitPushPublisher bounded = new GitPushPublisher(GitSettings.fromMap(Map.of(GitSettings.WORK_DIR,
                        work.toString())), new ManifestPatcher(), 1)) {
            bounded.publish(request("heal8s-system/checkout-oom-1", "1a2b3c4d"));
            assertThat(clones(work)).hasSize(1);
            ChangeRequest r = request("heal8s-system/checkout-oom-1", "1a2b3c4d");
            bounded.publish(new ChangeRequest(second.url, "main", PATH, r.target(), r.result(), r.content(),
                    r.remediation(), List.of(), List.of(), false, false));
            List<Path> after = clones(work);

            assertThat(after).hasSize(1);
            assertThat(second.branches()).contains(BRANCH_PREFIX + "1a2b3c4d");
            // Back to the first remote: its clone is made again and finds the branch it pushed.
            assertThat(bounded.publish(r).outcome()).isEqualTo(Publication.Outcome.FOUND);
            assertThat(clones(work)).hasSize(1).doesNotContainAnyElementsOf(after);
        }
    }

    private static List<Path> clones(Path work) throws IOException {
        try (Stream<Path> s = Files.list(work)) {
            return s.toList();
        }
    }
}
