package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.heal8s.engine.remediation.Remediation;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GitHub's webhook on the started server: deliveries signed with the IT server's secret (the file the build points
 * {@code heal8s.github.webhook-secret-file} at) annotate the Remediation their pull request's marker names, in the
 * sandbox's API; everything else is refused or ignored without effect. The Remediations are created as
 * {@code kubectl apply} would, each test with its own.
 */
class GitHubWebhookIT {

    private static final String NAMESPACE = "shop";
    private static final String ANNOTATION = "heal8s.io/pr-event";
    private static final String PATH = "/api/v1/github/webhook";
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Path SECRET_FILE = Path.of(System.getProperty("heal8s.it.github-webhook-secret-file",
            "target/it-config/github-webhook-secret"));

    private static KubernetesClient client;
    private static byte[] secret;

    @BeforeAll
    static void connect() throws Exception {
        secret = Files.readString(SECRET_FILE).strip().getBytes(StandardCharsets.UTF_8);
        client = SandboxApi.connect();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aSignedClosedEventAnnotatesTheMarkedRemediationAndIsCounted() throws Exception {
        create("gh-accepted");
        double before = OperatorIT.Metrics.value("heal8s_github_webhooks_total", "event=\"pull_request\"",
                "result=\"accepted\"");
        String delivery = UUID.randomUUID().toString();

        HttpResponse<String> response = deliver("pull_request", delivery, prEvent("closed", 12, "gh-accepted"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"accepted\"")
                .contains("\"remediation\":\"shop/gh-accepted\"");
        assertThat(annotation("gh-accepted")).isEqualTo("closed:" + delivery);
        assertThat(OperatorIT.Metrics.value("heal8s_github_webhooks_total", "event=\"pull_request\"",
                "result=\"accepted\"")).isEqualTo(before + 1);
    }

    @Test
    void aWrongOrMissingSignatureIs401AndChangesNothing() throws Exception {
        create("gh-unsigned");
        byte[] payload = prEvent("closed", 13, "gh-unsigned");
        String forged = sign("not-the-secret".getBytes(StandardCharsets.UTF_8), payload);
        double before = OperatorIT.Metrics.value("heal8s_github_webhooks_total", "result=\"unauthorized\"");

        HttpResponse<String> wrong = post(payload, Map.of("X-GitHub-Event", "pull_request",
                "X-GitHub-Delivery", UUID.randomUUID().toString(), "X-Hub-Signature-256", forged));
        HttpResponse<String> missing = post(payload, Map.of("X-GitHub-Event", "pull_request",
                "X-GitHub-Delivery", UUID.randomUUID().toString()));
        HttpResponse<String> malformed = post(payload, Map.of("X-GitHub-Event", "pull_request",
                "X-GitHub-Delivery", UUID.randomUUID().toString(), "X-Hub-Signature-256", "sha256=00"));

        for (HttpResponse<String> response : List.of(wrong, missing, malformed)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
            // One body for every refusal: nothing tells a forger which part was wrong.
            assertThat(response.body()).isEqualTo(wrong.body());
            assertThat(response.body()).contains("\"error\":\"unauthorized\"")
                    .doesNotContain(new String(secret, StandardCharsets.UTF_8));
        }
        assertThat(annotation("gh-unsigned")).isNull();
        assertThat(OperatorIT.Metrics.value("heal8s_github_webhooks_total", "result=\"unauthorized\""))
                .isEqualTo(before + 3);
    }

    @Test
    void aReplayedDeliveryIsADuplicateWithoutASecondPatch() throws Exception {
        create("gh-replayed");
        String delivery = UUID.randomUUID().toString();
        byte[] payload = prEvent("reopened", 14, "gh-replayed");
        assertThat(deliver("pull_request", delivery, payload).statusCode()).isEqualTo(200);
        assertThat(annotation("gh-replayed")).isEqualTo("reopened:" + delivery);
        // Set by hand, so that a second patch would show.
        setAnnotation("gh-replayed", "by-hand");

        HttpResponse<String> replay = deliver("pull_request", delivery, payload);

        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("{\"status\":\"duplicate\"}");
        assertThat(annotation("gh-replayed")).isEqualTo("by-hand");
    }

    @Test
    void aDeliveryWithoutAnIdIs400() throws Exception {
        byte[] payload = prEvent("closed", 15, "gh-no-id");

        HttpResponse<String> response = post(payload, Map.of("X-GitHub-Event", "pull_request",
                "X-Hub-Signature-256", sign(secret, payload)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("X-GitHub-Delivery");
    }

    @Test
    void aFormEncodedDeliveryIsRefusedWith415() throws Exception {
        byte[] payload = "payload=%7B%7D".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(Http.BASE + PATH))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-GitHub-Event", "ping").header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", sign(secret, payload))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void aPingIsAnsweredPong() throws Exception {
        HttpResponse<String> response = deliver("ping", UUID.randomUUID().toString(),
                "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"pong\"}");
    }

    @Test
    void anEventOtherThanPullRequestIsIgnoredWith202() throws Exception {
        create("gh-other-event");

        HttpResponse<String> response = deliver("issues", UUID.randomUUID().toString(),
                prEvent("closed", 16, "gh-other-event"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"status\":\"ignored\"").contains("issues");
        assertThat(annotation("gh-other-event")).isNull();
    }

    @Test
    void aMarkerNamingNoRemediationIsIgnoredWith202() throws Exception {
        HttpResponse<String> response = deliver("pull_request", UUID.randomUUID().toString(),
                prEvent("closed", 17, "gh-no-such-remediation"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"status\":\"ignored\"")
                .contains("no Remediation shop/gh-no-such-remediation");
    }

    @Test
    void anEventForAnotherPullRequestThanTheRecordedOneIsIgnored() throws Exception {
        create("gh-pr-number");
        awaitSettled("gh-pr-number");
        client.resources(Remediation.class).inNamespace(NAMESPACE).withName("gh-pr-number").subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"prNumber\":7}}");
        await().atMost(AWAIT).until(() -> Integer.valueOf(7).equals(get("gh-pr-number").getStatus().getPrNumber()));

        HttpResponse<String> other = deliver("pull_request", UUID.randomUUID().toString(),
                prEvent("closed", 8, "gh-pr-number"));

        assertThat(other.statusCode()).as(other.body()).isEqualTo(202);
        assertThat(other.body()).contains("\"status\":\"ignored\"").contains("#7").contains("#8");
        assertThat(annotation("gh-pr-number")).isNull();

        String delivery = UUID.randomUUID().toString();
        HttpResponse<String> own = deliver("pull_request", delivery, prEvent("synchronize", 7, "gh-pr-number"));

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(annotation("gh-pr-number")).isEqualTo("synchronize:" + delivery);
    }

    @Test
    void aPayloadOverTheLimitIs413() throws Exception {
        byte[] huge = ("{\"action\":\"closed\",\"padding\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = deliver("pull_request", UUID.randomUUID().toString(), huge);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    }

    @Test
    void whileKubernetesIsDownTheDeliveryIs503AndItsRedeliveryIsHandled() throws Exception {
        create("gh-api-down");
        String delivery = UUID.randomUUID().toString();
        byte[] payload = prEvent("closed", 18, "gh-api-down");
        HttpResponse<String> down;
        try {
            assertThat(sandbox(false).statusCode()).isLessThan(300);

            down = deliver("pull_request", delivery, payload);
        } finally {
            sandbox(true);
        }
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);

        HttpResponse<String> redelivered = deliver("pull_request", delivery, payload);

        assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(200);
        assertThat(redelivered.body()).contains("\"status\":\"accepted\"");
        assertThat(annotation("gh-api-down")).isEqualTo("closed:" + delivery);
    }

    @Test
    void withoutASecretTheWebhookIs503AndARotatedSecretTakesEffectWithoutARestart() throws Exception {
        create("gh-rotated");
        String original = Files.readString(SECRET_FILE);
        byte[] rotated = "it-only-rotated-secret".getBytes(StandardCharsets.UTF_8);
        byte[] payload = prEvent("edited", 19, "gh-rotated");
        try {
            rewriteSecret("\n", 1);
            HttpResponse<String> none = deliver("pull_request", UUID.randomUUID().toString(), payload);

            assertThat(none.statusCode()).as(none.body()).isEqualTo(503);
            assertThat(none.body()).contains("webhook secret not configured");
            assertThat(Http.get("/health/ready").statusCode()).as("the readiness is unaffected").isEqualTo(200);

            rewriteSecret(new String(rotated, StandardCharsets.UTF_8) + "\n", 2);
            HttpResponse<String> old = deliver("pull_request", UUID.randomUUID().toString(), payload);
            String delivery = UUID.randomUUID().toString();
            HttpResponse<String> current = post(payload, Map.of("X-GitHub-Event", "pull_request",
                    "X-GitHub-Delivery", delivery, "X-Hub-Signature-256", sign(rotated, payload)));

            assertThat(old.statusCode()).as("signed with the secret before the rotation").isEqualTo(401);
            assertThat(current.statusCode()).as(current.body()).isEqualTo(200);
            assertThat(annotation("gh-rotated")).isEqualTo("edited:" + delivery);
        } finally {
            rewriteSecret(original, 3);
        }
        assertThat(deliver("ping", UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8)).statusCode())
                .as("the original secret is back").isEqualTo(200);
    }

    /** Rewrites the server's secret file with a modification time of its own, whatever the file system's clock. */
    private static void rewriteSecret(String text, int step) throws Exception {
        Files.writeString(SECRET_FILE, text);
        Files.setLastModifiedTime(SECRET_FILE, FileTime.from(Instant.now().plusSeconds(10L * step)));
    }

    /** A pull_request event as GitHub sends it (the fields the webhook reads and a few more). */
    private static byte[] prEvent(String action, int number, String remediation) {
        String body = "heal8s raises the memory limit.\\n\\n<!-- heal8s:remediation=" + NAMESPACE + "/" + remediation
                + " -->";
        return ("{\"action\":\"" + action + "\",\"number\":" + number + ",\"pull_request\":{\"number\":" + number
                + ",\"state\":\"closed\",\"merged\":false,\"title\":\"heal8s: IncreaseMemory\",\"body\":\"" + body
                + "\"},\"repository\":{\"full_name\":\"acme/manifests\"},\"sender\":{\"login\":\"reviewer\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A delivery signed with the server's secret. */
    private static HttpResponse<String> deliver(String event, String delivery, byte[] payload) throws Exception {
        return post(payload, Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery,
                "X-Hub-Signature-256", sign(secret, payload)));
    }

    /** {@code sha256=} and the HMAC-SHA256 of the payload, computed here as GitHub does, not by the server's code. */
    private static String sign(byte[] key, byte[] payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(payload));
    }

    private static HttpResponse<String> post(byte[] payload, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Http.BASE + PATH))
                // Generous: while the sandbox API is down the client's own retries run before the 503.
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/it")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        headers.forEach(request::header);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> sandbox(boolean available) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(Http.BASE + "/api/sandbox/api-availability?available="
                + available)).header("Authorization", "Bearer sandbox-token").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A GitOps Remediation of a Deployment that does not exist: the operator fails it (TargetNotFound) and then leaves
     * it alone, so its annotations and status are the webhook's and the test's.
     */
    private static void create(String name) {
        String yaml = """
                apiVersion: k8shealer.k8s-healer.io/v1alpha1
                kind: Remediation
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  alert: {name: KubePodOOMKilled, fingerprint: %s, severity: critical, source: it}
                  target: {kind: Deployment, name: gh-no-such-deployment, namespace: %s, container: app}
                  action: {type: IncreaseMemory, params: {percent: "25", max: 2Gi}}
                  strategy: {mode: GitOps, requireApproval: true, ttl: 24h}
                """.formatted(name, NAMESPACE, name, NAMESPACE);
        Remediation r = client.resources(Remediation.class)
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
        client.resources(Remediation.class).inNamespace(NAMESPACE).resource(r).create();
    }

    private static void awaitSettled(String name) {
        await("Remediation " + name + " failed by the operator").atMost(AWAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Remediation r = get(name);
                    return r.getStatus() != null && "TargetNotFound".equals(r.getStatus().getReason());
                });
    }

    private static Remediation get(String name) {
        return client.resources(Remediation.class).inNamespace(NAMESPACE).withName(name).get();
    }

    private static String annotation(String name) {
        Map<String, String> annotations = get(name).getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ANNOTATION);
    }

    private static void setAnnotation(String name, String value) {
        client.resources(Remediation.class).inNamespace(NAMESPACE).withName(name).patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\"" + value + "\"}}}");
    }
}
