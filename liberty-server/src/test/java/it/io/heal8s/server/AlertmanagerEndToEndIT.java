package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with the real Alertmanager (Debian's {@code prometheus-alertmanager}, installed by {@code .ci/run}):
 * the test starts it on loopback with a webhook receiver pointing at the started heal8s (sandbox mode), posts an
 * alert to Alertmanager's API v2 and waits for the Remediation; then resolves the alert and waits for
 * {@code status.alertResolvedAt} (the receiver has {@code send_resolved: true}).
 */
class AlertmanagerEndToEndIT {

    private static final String BINARY = "prometheus-alertmanager";
    private static final String TOKEN = "sandbox-token";
    private static final String NAMESPACE = "shop";
    // The sandbox's database pod, owned by StatefulSet orders-db: no other IT alerts on that workload, so the
    // playbook's cooldown on it (30m) cannot turn this alert, or theirs, into GUARDED whatever the order of the tests.
    private static final String POD = "orders-db-0";
    private static final String WORKLOAD = "orders-db";
    private static final String CONTAINER = "postgres";
    private static final Duration AWAIT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;

    private static Process alertmanager;
    private static Path log;
    private static String alertmanagerUrl;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        Path binary = onPath(BINARY);
        if (binary == null) {
            fail(BINARY + " is not installed (Debian package prometheus-alertmanager): .ci/run installs it, or run"
                    + " `apt-get install prometheus-alertmanager`");
        }
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), String.join("\n",
                "route:",
                "  receiver: heal8s",
                "  group_wait: 1s",
                "  group_interval: 1s",
                "  repeat_interval: 1h",
                "  group_by: [alertname, namespace]",
                "receivers:",
                "  - name: heal8s",
                "    webhook_configs:",
                "      - url: " + Http.BASE + "/api/v1/alerts",
                "        send_resolved: true",
                "        http_config:",
                "          authorization:",
                "            type: Bearer",
                "            credentials_file: " + token.toAbsolutePath(),
                ""));
        checkConfig(binary, config);

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        alertmanagerUrl = "http://127.0.0.1:" + port;
        Path target = Files.createDirectories(Path.of("target"));
        log = target.resolve("alertmanager-e2e.log").toAbsolutePath();
        alertmanager = new ProcessBuilder(binary.toString(),
                "--config.file=" + config.toAbsolutePath(),
                "--storage.path=" + dir.resolve("data").toAbsolutePath(),
                "--web.listen-address=127.0.0.1:" + port,
                // Debug: the log shows each notification sent to heal8s and its answer.
                "--log.level=debug",
                // Empty: no cluster listener, no gossip with other Alertmanagers.
                "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();

        await("Alertmanager ready on " + alertmanagerUrl + " (its log: " + log + ")").atMost(AWAIT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(alertmanager.isAlive()).as("Alertmanager exited, see " + log).isTrue();
                    assertThat(send(HttpRequest.newBuilder(URI.create(alertmanagerUrl + "/-/ready")).GET(), null)
                            .statusCode()).isEqualTo(200);
                });
    }

    @AfterAll
    static void stopAlertmanager() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anAlertPostedToAlertmanagerBecomesARemediationAndItsResolutionIsRecorded() throws Exception {
        String run = UUID.randomUUID().toString();
        Instant startsAt = Instant.now();
        String firing = alert(run, startsAt, null);

        HttpResponse<String> posted = postToAlertmanager(firing);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

        String fingerprint = fingerprintInAlertmanager(run);
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await("the Remediation of alert " + fingerprint + " (Alertmanager's log: " + log + ")").atMost(AWAIT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode remediation = remediationOf(fingerprint);
                    assertThat(remediation).as("a Remediation with fingerprint " + fingerprint).isNotNull();
                    found.set(remediation);
                });

        JsonNode remediation = found.get();
        JsonNode spec = remediation.path("spec");
        assertThat(remediation.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(spec.path("alert").path("name").asText()).isEqualTo("KubePodOOMKilled");
        assertThat(spec.path("alert").path("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(spec.path("action").path("type").asText()).isEqualTo("IncreaseMemory");
        assertThat(spec.path("target").path("namespace").asText()).isEqualTo(NAMESPACE);
        // The alert names the pod; heal8s followed its owner reference to the StatefulSet.
        assertThat(spec.path("target").path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(spec.path("target").path("name").asText()).isEqualTo(WORKLOAD);
        assertThat(spec.path("target").path("container").asText()).isEqualTo(CONTAINER);
        assertThat(remediation.path("status").path("alertResolvedAt").isMissingNode()
                || remediation.path("status").path("alertResolvedAt").isNull()).isTrue();

        // Resolve: the same alert with endsAt now; Alertmanager sends the resolved notification (send_resolved).
        posted = postToAlertmanager(alert(run, startsAt, Instant.now()));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

        await("status.alertResolvedAt on the Remediation of alert " + fingerprint + " (Alertmanager's log: " + log
                + ")").atMost(AWAIT)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode resolved = remediationOf(fingerprint);
                    assertThat(resolved).isNotNull();
                    assertThat(resolved.path("status").path("alertResolvedAt").asText()).isNotBlank();
                });
    }

    /** One alert as Alertmanager's API v2 takes it; {@code run} makes its label set, so its fingerprint, unique. */
    private static String alert(String run, Instant startsAt, Instant endsAt) throws IOException {
        var alert = JSON.createObjectNode();
        alert.putObject("labels")
                .put("alertname", "KubePodOOMKilled")
                .put("namespace", NAMESPACE)
                .put("pod", POD)
                .put("container", CONTAINER)
                .put("severity", "warning")
                .put("e2e_run", run);
        alert.putObject("annotations").put("summary", "Container was OOM killed (heal8s end-to-end test).");
        alert.put("startsAt", startsAt.toString());
        if (endsAt != null) {
            alert.put("endsAt", endsAt.toString());
        }
        return JSON.writeValueAsString(JSON.createArrayNode().add(alert));
    }

    /** The fingerprint Alertmanager computed for the alert of this run. */
    private static String fingerprintInAlertmanager(String run) throws Exception {
        String filter = URLEncoder.encode("e2e_run=\"" + run + "\"", StandardCharsets.UTF_8);
        AtomicReference<String> fingerprint = new AtomicReference<>();
        await("the alert in Alertmanager").atMost(AWAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    URI.create(alertmanagerUrl + "/api/v2/alerts?filter=" + filter)).GET(), null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode alerts = JSON.readTree(response.body());
            assertThat(alerts.size()).as(response.body()).isEqualTo(1);
            fingerprint.set(alerts.get(0).path("fingerprint").asText());
            assertThat(fingerprint.get()).isNotBlank();
        });
        return fingerprint.get();
    }

    /** The Remediation in the namespace whose label or spec carries the fingerprint, or null. */
    private static JsonNode remediationOf(String fingerprint) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(Http.BASE + "/api/v1/remediations?namespace=" + NAMESPACE)).GET(), TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode item : JSON.readTree(response.body()).path("items")) {
            if (fingerprint.equals(item.path("metadata").path("labels").path("heal8s.io/fingerprint").asText())
                    || fingerprint.equals(item.path("spec").path("alert").path("fingerprint").asText())) {
                matching.add(item);
            }
        }
        assertThat(matching).as("Remediations of alert " + fingerprint).hasSizeLessThan(2);
        return matching.isEmpty() ? null : matching.get(0);
    }

    private static HttpResponse<String> postToAlertmanager(String alerts) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(alertmanagerUrl + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alerts)), null);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        request.timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** amtool, from the same package, validates the file, so a config mistake fails here with amtool's message. */
    private static void checkConfig(Path binary, Path config) throws Exception {
        Path amtool = binary.resolveSibling("amtool");
        if (!Files.isExecutable(amtool)) {
            return;
        }
        Process check = new ProcessBuilder(amtool.toString(), "check-config", config.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).as("amtool check-config finished").isTrue();
        assertThat(check.exitValue()).as("amtool check-config " + config + ":\n" + output).isZero();
    }

    private static Path onPath(String name) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
