package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.fakegithub.FakeGitHub;
import io.heal8s.fakegithub.PullRequestSnapshot;
import io.heal8s.fakegithub.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GitOps path end to end on the started server: Remediations naming the GitHub repository
 * {@code acme/k8s-manifests} open pull requests on a fake GitHub (the IT server's {@code heal8s.github.api-url} points
 * at the port it listens on, with a test token), and what happens to the pull request there (merged, closed, left
 * open past the TTL) drives the Remediation to its end.
 *
 * <p>Each test changes a different manifest or field, so that no test's pull request is the "same change" as another's
 * (which would update or supersede it), whatever the order they run in.
 */
class GitHubGitOpsIT {

    private static final String NAMESPACE = "shop";
    private static final String OWNER = "acme";
    private static final String REPO = "k8s-manifests";
    private static final String CHECKOUT_MANIFEST = "apps/shop/checkout.yaml";
    private static final String ORDERS_DB_MANIFEST = "apps/shop/orders-db.yaml";
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final String INCREASE_MEMORY = "{type: IncreaseMemory, params: {percent: \"25\", max: 2Gi}}";
    private static final String SCALE_UP = "{type: ScaleUp, params: {percent: \"50\", maxReplicas: \"10\"}}";
    private static final Path MANIFESTS_SOURCE = Path.of(System.getProperty("heal8s.it.manifests-source",
            "../examples/manifests-repo"));

    private static KubernetesClient client;
    private static FakeGitHub github;

    @BeforeAll
    static void startGitHub() throws Exception {
        client = SandboxApi.connect();
        String token = Files.readString(Path.of(System.getProperty("heal8s.it.github-token-file",
                "target/it-config/github-token"))).strip();
        github = FakeGitHub.start(Integer.getInteger("heal8s.it.github-port", 9490));
        github.addToken(token);
        github.createRepository(OWNER, REPO, "main", filesOf(MANIFESTS_SOURCE));
        // GitHub's webhook to the IT server, signed with the secret its heal8s.github.webhook-secret-file holds.
        String secret = Files.readString(Path.of(System.getProperty("heal8s.it.github-webhook-secret-file",
                "target/it-config/github-webhook-secret"))).strip();
        github.deliverWebhooksTo(URI.create(Http.BASE + "/api/v1/github/webhook"), secret);
    }

    @AfterAll
    static void stop() {
        if (github != null) {
            github.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aMergedPullRequestGoesToApplyingAndSucceedsOnceTheWorkflowMarksItApplied() throws Exception {
        github.clearRequests();

        Instant created = Instant.now();
        create("gh-merged", "checkout", "checkout", INCREASE_MEMORY, true);
        Remediation r = awaitReason("gh-merged", "PRCreated");
        Instant opened = Instant.now();
        List<RecordedRequest> calls = github.requests();

        RemediationStatus status = r.getStatus();
        int number = status.getPrNumber();
        PullRequestSnapshot pr = github.pull(OWNER, REPO, number);
        assertThat(pr.open()).isTrue();
        assertThat(pr.title()).isEqualTo("heal8s: IncreaseMemory on Deployment shop/checkout (KubePodOOMKilled)");
        assertThat(pr.labels()).containsExactly("heal8s", "increase-memory");
        assertThat(pr.body()).contains("<!-- heal8s:remediation=shop/gh-merged -->")
                .contains("| Field | Old | New |")
                .contains("`256Mi`").contains("`320Mi`").contains("`128Mi`").contains("`160Mi`");
        assertThat(pr.baseRef()).isEqualTo("main");
        // The status records where the change is, as the operator found it on GitHub.
        assertThat(status.getBranch()).isEqualTo(pr.headRef()).startsWith("heal8s/increase-memory/shop-checkout-");
        assertThat(status.getCommitSHA()).isEqualTo(pr.headSha());
        assertThat(status.getPrUrl()).endsWith("/" + OWNER + "/" + REPO + "/pull/" + number);
        assertThat(status.getMessage()).contains("Opened pull request #" + number);
        // The reviewer's diff: the limit (its comment kept) and the request raised with it, nothing else.
        assertThat(ManifestDiff.changedLines(github.file(OWNER, REPO, "main", CHECKOUT_MANIFEST),
                github.file(OWNER, REPO, pr.headRef(), CHECKOUT_MANIFEST))).containsExactly(
                new ManifestDiff.Changed(20, "              memory: 256Mi   # raised by hand in March",
                        "              memory: 320Mi   # raised by hand in March"),
                new ManifestDiff.Changed(22, "              memory: 128Mi", "              memory: 160Mi"));
        // What one pull request cost, from the Remediation's creation to PRCreated (the naive flow takes 8).
        assertThat(calls).as("REST calls for one pull request: %s", calls.stream().map(RecordedRequest::line).toList())
                .hasSizeLessThan(8);

        // The merge's webhook wakes the operator: Applying within seconds, where the IT server's fallback poll
        // (heal8s.operator.pr-poll-interval, 5m) would take minutes.
        Instant merged = Instant.now();
        github.merge(number);
        awaitPhase("gh-merged", RemediationPhase.Applying, Duration.ofSeconds(10));
        long toApplying = Duration.between(merged, Instant.now()).toMillis();
        await("the merge's delivery answered").atMost(AWAIT).untilAsserted(() -> assertThat(github.deliveries())
                .filteredOn(d -> d.number() == number && "closed".equals(d.action())).singleElement()
                .satisfies(d -> assertThat(d.status()).as("the answer to %s", d.deliveryId()).isBetween(200, 299)));
        System.out.printf("GitHubGitOpsIT: %d REST calls for one pull request %s; opened %d ms after the Remediation's"
                + " creation; merged to Applying in %d ms%n", calls.size(),
                calls.stream().map(RecordedRequest::line).toList(), Duration.between(created, opened).toMillis(),
                toApplying);

        // The apply workflow's last step (examples/manifests-repo/.github/workflows): appliedAt, by the status.
        String applied = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        client.resources(Remediation.class).inNamespace(NAMESPACE).withName("gh-merged").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"appliedAt\":\"" + applied + "\"}}");
        Remediation done = awaitPhase("gh-merged", RemediationPhase.Succeeded, AWAIT);
        assertThat(done.getStatus().getAppliedAt()).isEqualTo(applied);
        assertThat(done.getStatus().getPrNumber()).isEqualTo(number);
    }

    @Test
    void aPullRequestClosedWithoutMergingFailsTheRemediationAsRejected() {
        create("gh-rejected", "checkout", "checkout", SCALE_UP, true);
        Remediation r = awaitReason("gh-rejected", "PRCreated");
        int number = r.getStatus().getPrNumber();
        assertThat(github.pull(OWNER, REPO, number).labels()).containsExactly("heal8s", "scale-up");

        github.close(number);

        Remediation failed = awaitReason("gh-rejected", "Rejected");
        assertThat(failed.getStatus().getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(github.pull(OWNER, REPO, number).merged()).isFalse();
    }

    @Test
    void aPullRequestLeftOpenPastTheTtlIsClosedWithACommentAndTheRemediationExpires() {
        // ScaleUp on orders-db: AlertmanagerEndToEndIT's alert on that workload raises its memory, a different action.
        // 10s: time enough for the pull request to open first, even as the first of a cold server (~2 s measured).
        create("gh-expired", "orders-db", "postgres", SCALE_UP, "10s", false);
        Remediation r = awaitReason("gh-expired", "PRCreated");
        int number = r.getStatus().getPrNumber();
        assertThat(github.pull(OWNER, REPO, number).open()).isTrue();

        Remediation expired = awaitReason("gh-expired", "TTLExpired");

        assertThat(expired.getStatus().getPhase()).isEqualTo(RemediationPhase.Expired);
        PullRequestSnapshot pr = github.pull(OWNER, REPO, number);
        assertThat(pr.open()).isFalse();
        assertThat(pr.merged()).isFalse();
        assertThat(pr.comments()).singleElement().asString().containsIgnoringCase("TTL");
        assertThat(github.file(OWNER, REPO, "main", ORDERS_DB_MANIFEST))
                .isEqualTo(read(MANIFESTS_SOURCE.resolve(ORDERS_DB_MANIFEST)));
        assertThat(ManifestDiff.changedLines(github.file(OWNER, REPO, "main", ORDERS_DB_MANIFEST),
                github.file(OWNER, REPO, pr.headRef(), ORDERS_DB_MANIFEST))).singleElement()
                .extracting(ManifestDiff.Changed::after).asString().startsWith("  replicas: 2   # a single primary");
    }

    private static void create(String name, String workload, String container, String action, boolean decidedADayAgo) {
        create(name, workload, container, action, decidedADayAgo ? "48h" : null, decidedADayAgo);
    }

    /**
     * Creates a Remediation for the pull request in {@code acme/k8s-manifests}. One decided a day ago (with a TTL to
     * match) is no recent change to the alert ITs' guard rules, which share this sandbox: an IncreaseMemory on checkout
     * decided now would put their OOM playbook's target in its cooldown and hold their alerts back.
     */
    private static void create(String name, String workload, String container, String action, String ttl,
            boolean decidedADayAgo) {
        String kind = "orders-db".equals(workload) ? "StatefulSet" : "Deployment";
        String decided = decidedADayAgo
                ? "heal8s.io/decided-at: \"" + Instant.now().minus(25, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                        + "\""
                : "";
        String yaml = """
                apiVersion: k8shealer.k8s-healer.io/v1alpha1
                kind: Remediation
                metadata:
                  name: %s
                  namespace: %s
                  annotations: {%s}
                spec:
                  alert: {name: KubePodOOMKilled, fingerprint: %s, severity: critical, source: it}
                  target: {kind: %s, name: %s, namespace: %s, container: %s}
                  action: %s
                  strategy: {mode: GitOps, requireApproval: true, ttl: %s}
                  github: {repository: %s/%s}
                """.formatted(name, NAMESPACE, decided, name, kind, workload, NAMESPACE, container, action,
                ttl == null ? "24h" : ttl, OWNER, REPO);
        Remediation r = client.resources(Remediation.class)
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
        client.resources(Remediation.class).inNamespace(NAMESPACE).resource(r).create();
    }

    private static Remediation awaitReason(String name, String reason) {
        return awaitStatus(name, s -> reason.equals(s.getReason()), "reason " + reason, AWAIT);
    }

    private static Remediation awaitPhase(String name, RemediationPhase phase, Duration atMost) {
        return awaitStatus(name, s -> s.getPhase() == phase, "phase " + phase, atMost);
    }

    private static Remediation awaitStatus(String name, Predicate<RemediationStatus> condition, String what,
            Duration atMost) {
        Remediation[] seen = new Remediation[1];
        await("Remediation " + name + " with " + what).atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    seen[0] = client.resources(Remediation.class).inNamespace(NAMESPACE).withName(name).get();
                    return seen[0] != null && seen[0].getStatus() != null && condition.test(seen[0].getStatus());
                });
        return seen[0];
    }

    /** The files of a directory by their path relative to it, with '/' separators, as a repository holds them. */
    private static Map<String, String> filesOf(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString().replace('\\', '/'), read(file));
            }
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
