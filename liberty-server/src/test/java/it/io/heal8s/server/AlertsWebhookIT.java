package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heal8s.engine.remediation.RemediationNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The webhook and the read API against the started server in sandbox mode (its in-memory Kubernetes API). The tests
 * share one server, so each uses its own alert fingerprints.
 */
class AlertsWebhookIT {

    private static final String TOKEN = "sandbox-token";
    private static final String PLAYBOOK = "oom-increase-memory";
    private static final Path OOM = Path.of("../examples/alerts/oom.json");
    private static final String OOM_FINGERPRINT = "5f1c0ab3e2d94c71";
    private static final String OOM_POD = "checkout-7d9f8b6c5d-9wzmr";
    /** The startsAt of examples/alerts/oom.json: with the fingerprint and the playbook, it names the Remediation. */
    static final Instant OOM_STARTS_AT = Instant.parse("2026-11-25T20:44:18.119Z");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anOomAlertBecomesARemediationReadableThroughTheApi() throws Exception {
        HttpResponse<String> response = postAlerts(Files.readString(OOM), TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String name = RemediationNames.forAlert(OOM_FINGERPRINT, OOM_STARTS_AT, PLAYBOOK);
        assertThat(response.body())
                .contains("\"fingerprint\":\"" + OOM_FINGERPRINT + "\"")
                .contains("\"outcome\":\"remediate\"")
                .contains("\"namespace\":\"shop\"")
                .contains("\"name\":\"" + name + "\"")
                .containsPattern("\"result\":\"(created|existing)\"");

        HttpResponse<String> stored = get("/api/v1/remediations/shop/" + name, TOKEN);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(stored.body())
                .contains("\"kind\":\"Remediation\"")
                .contains("\"apiVersion\":\"k8shealer.k8s-healer.io/v1alpha1\"")
                .contains("\"type\":\"IncreaseMemory\"");
        // The alert names a pod; its owners (ReplicaSet, then Deployment) make the Deployment the target.
        JsonNode target = new ObjectMapper().readTree(stored.body()).path("spec").path("target");
        assertThat(target.path("kind").asText()).isEqualTo("Deployment");
        assertThat(target.path("name").asText()).isEqualTo("checkout");
        assertThat(target.path("container").asText()).isEqualTo("checkout");
        assertThat(get("/api/v1/remediations?namespace=shop", TOKEN).body()).contains(name);
        assertThat(get("/api/v1/remediations/shop/no-such-remediation", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void anOomOfAnotherPodOfTheSameDeploymentIsRefusedByTheDeploymentsCooldownAndTheRefusalStored() throws Exception {
        // The checkout Deployment has a Remediation within the playbook's 30m cooldown after this (or it already had).
        assertThat(postAlerts(Files.readString(OOM), TOKEN).statusCode()).isEqualTo(200);

        String otherPod = Files.readString(OOM).replace(OOM_FINGERPRINT, "0a1b2c3d4e5f6a7b")
                .replace(OOM_POD, "checkout-7d9f8b6c5d-x2k4q");
        HttpResponse<String> response = postAlerts(otherPod, TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String refusal = RemediationNames.forAlert("0a1b2c3d4e5f6a7b", OOM_STARTS_AT, PLAYBOOK);
        assertThat(response.body()).contains("\"outcome\":\"guarded\"").contains("\"result\":\"skipped\"")
                .contains("\"reason\":\"cooldown\"").contains("shop/Deployment/checkout")
                .contains("\"name\":\"" + refusal + "\"");
        // The refusal is a Remediation of its own, with the refused change and the guard's reason.
        assertThat(get("/api/v1/remediations/shop/" + refusal, TOKEN).body())
                .contains("\"refusal\":{").contains("\"reason\":\"Cooldown\"").contains("\"rail\":\"cooldown\"");
    }

    @Test
    void theCreationIsLoggedAsJsonWithTheRemediationTheFingerprintAndThePhaseAsFields() throws Exception {
        String fingerprint = "1c2d3e4f5a6b7c8d";
        assertThat(postAlerts(oom(fingerprint), TOKEN).statusCode()).isEqualTo(200);
        String remediation = "shop/" + RemediationNames.forAlert(fingerprint, OOM_STARTS_AT, PLAYBOOK);

        ObjectMapper json = new ObjectMapper();
        JsonNode record = null;
        for (String line : Files.readAllLines(Http.MESSAGES_LOG)) {
            JsonNode node = json.readTree(line);
            // The operator logs the Remediation's moves with the same fields; the webhook's record is its creation.
            if (remediation.equals(node.path("ext_remediation").asText())
                    && node.path("message").asText().contains(" created: ")) {
                record = node;
            }
        }
        assertThat(record).as("a JSON record with ext_remediation " + remediation + " in " + Http.MESSAGES_LOG)
                .isNotNull();
        assertThat(record.path("ext_fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(record.path("ext_phase").asText()).isEqualTo("Pending");
        assertThat(record.path("message").asText()).contains("created").contains("IncreaseMemory");
        assertThat(record.path("loglevel").asText()).isEqualTo("INFO");
    }

    @Test
    void aMalformedPayloadIs400NamingThePath() throws Exception {
        String payload = oom("fp-malformed")
                .replace("\"startsAt\": \"2026-11-25T20:44:18.119Z\"", "\"startsAt\": \"yesterday\"");

        HttpResponse<String> response = postAlerts(payload, TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"error\":")
                .contains("\"path\":\"$.alerts[0].startsAt\"")
                .contains("\"reason\":");
    }

    @Test
    void aPayloadOverTheSizeLimitIs413() throws Exception {
        String huge = "{\"version\":\"4\",\"padding\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";

        HttpResponse<String> response = postAlerts(huge, TOKEN);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("\"path\":\"$\"");
    }

    @Test
    void aMissingOrWrongTokenIs401WithABearerChallenge() throws Exception {
        for (String token : new String[] {null, "not-the-token"}) {
            HttpResponse<String> response = postAlerts(oom("fp-unauthorised"), token);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"heal8s\"");
            assertThat(response.body()).contains("\"error\":\"unauthorized\"").doesNotContain(TOKEN);
        }
        assertThat(get("/api/v1/remediations", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/remediations?namespace=shop", TOKEN).body()).doesNotContain("fp-unauthorised");
    }

    @Test
    void aRedeliveredAlertFindsItsRemediationInsteadOfMakingASecond() throws Exception {
        String payload = oom("fp-redelivery");
        String name = RemediationNames.forAlert("fp-redelivery", OOM_STARTS_AT, PLAYBOOK);

        HttpResponse<String> first = postAlerts(payload, TOKEN);
        HttpResponse<String> second = postAlerts(payload, TOKEN);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"name\":\"" + name + "\"").contains("\"result\":\"created\"");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("\"name\":\"" + name + "\"").contains("\"result\":\"existing\"");
        assertThat(count(get("/api/v1/remediations?namespace=shop", TOKEN).body(), "fp-redelivery")).isEqualTo(1);
    }

    @Test
    void aResolvedAlertIsRecordedOnItsRemediation() throws Exception {
        String name = RemediationNames.forAlert("fp-resolved", OOM_STARTS_AT, PLAYBOOK);
        assertThat(postAlerts(oom("fp-resolved"), TOKEN).statusCode()).isEqualTo(200);

        HttpResponse<String> resolved = postAlerts(oom("fp-resolved")
                .replace("\"status\": \"firing\"", "\"status\": \"resolved\"")
                .replace("\"endsAt\": \"0001-01-01T00:00:00Z\"", "\"endsAt\": \"2026-11-25T21:02:00Z\""), TOKEN);

        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.body()).contains("\"outcome\":\"resolved\"").contains("\"result\":\"resolved\"")
                .contains("\"name\":\"" + name + "\"");
        assertThat(get("/api/v1/remediations/shop/" + name, TOKEN).body())
                .contains("\"alertResolvedAt\":\"2026-11-25T21:02:00Z\"");
    }

    @Test
    void whileTheKubernetesApiIsDownTheWebhookAnswers503AndTheRetryStoresExactlyOne() throws Exception {
        String payload = oom("fp-api-down");
        HttpResponse<String> down;
        try {
            assertThat(post("/api/sandbox/api-availability?available=false", "", TOKEN).statusCode()).isLessThan(300);

            down = postAlerts(payload, TOKEN);
        } finally {
            post("/api/sandbox/api-availability?available=true", "", TOKEN);
        }
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();

        HttpResponse<String> retry = postAlerts(payload, TOKEN);

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(retry.body()).contains("\"result\":\"created\"");
        assertThat(count(get("/api/v1/remediations?namespace=shop", TOKEN).body(), "fp-api-down")).isEqualTo(1);
    }

    @Test
    void theMetricsCountReceivedSkippedAndCreatedAlertsAndTimeTheProcessing() throws Exception {
        String before = metrics();
        String twoAlerts = oom("fp-metrics-created").replace("\"alerts\": [", "\"alerts\": ["
                + "{\"status\": \"firing\","
                + " \"labels\": {\"alertname\": \"NothingMatchesThis\", \"namespace\": \"shop\"},"
                + " \"startsAt\": \"2026-11-25T20:44:18Z\", \"fingerprint\": \"fp-metrics-skipped\"},");

        assertThat(postAlerts(twoAlerts, TOKEN).statusCode()).isEqualTo(200);

        String after = metrics();
        assertThat(value(after, "heal8s_alerts_received_total", ""))
                .isEqualTo(value(before, "heal8s_alerts_received_total", "") + 2);
        assertThat(value(after, "heal8s_alerts_skipped_total", "reason=\"no_match\""))
                .isEqualTo(value(before, "heal8s_alerts_skipped_total", "reason=\"no_match\"") + 1);
        assertThat(value(after, "heal8s_remediations_created_total", "action=\"IncreaseMemory\""))
                .isEqualTo(value(before, "heal8s_remediations_created_total", "action=\"IncreaseMemory\"") + 1);
        assertThat(value(after, "heal8s_processing_duration_seconds_count", ""))
                .isGreaterThan(value(before, "heal8s_processing_duration_seconds_count", ""));
        // A Timer: exposed as a summary, heal8s_processing_duration_seconds with quantiles, _count, _sum and _max.
        assertThat(after).containsPattern("(?m)^heal8s_processing_duration_seconds\\{[^}]*quantile=\"0.99\"")
                .containsPattern("(?m)^heal8s_processing_duration_seconds_sum\\{");
    }

    /**
     * The OOM example with another fingerprint and pod, so that each test has its own Remediation and target (the
     * playbook's cooldown would block a second remediation of one target).
     */
    private static String oom(String fingerprint) throws Exception {
        return Files.readString(OOM).replace(OOM_FINGERPRINT, fingerprint)
                .replace(OOM_POD, fingerprint + "-7d9f8b6c5d-9wzmr");
    }

    private static String metrics() throws Exception {
        HttpResponse<String> response = get("/metrics?scope=application", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** A sample's value (0 when absent), found by name and one label of it. */
    private static double value(String metrics, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains(label)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    private static int count(String text, String fragment) {
        return text.split(Pattern.quote("\"heal8s.io/fingerprint\":\"" + fragment + "\""), -1).length - 1;
    }

    private static HttpResponse<String> postAlerts(String body, String token) throws Exception {
        return post("/api/v1/alerts", body, token);
    }

    private static HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Http.BASE + path))
                // Generous: while the sandbox API is down the client's own retries run before the 503.
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Http.BASE + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
