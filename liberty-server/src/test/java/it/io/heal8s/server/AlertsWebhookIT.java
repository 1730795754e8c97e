package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The webhook and the read API against the started server in sandbox mode (its in-memory Kubernetes API). The tests
 * share one server, so each uses its own alert fingerprints.
 */
class AlertsWebhookIT {

    private static final String TOKEN = "sandbox-token";
    private static final Path OOM = Path.of("../examples/alerts/oom.json");
    private static final String OOM_FINGERPRINT = "5f1c0ab3e2d94c71";
    private static final String OOM_POD = "checkout-7d9f8b6c5d-9wzmr";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aMalformedPayloadIs400NamingThePath() throws Exception {
        HttpResponse<String> response = postAlerts(oom("fp-malformed").replace("\"startsAt\": \"2026-11-25T20:44:18.119Z\"",
                "\"startsAt\": \"yesterday\""), TOKEN);

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

    /**
     * The OOM example with another fingerprint and pod, so that each test has its own Remediation and target (the
     * playbook's cooldown would block a second remediation of one target).
     */
    private static String oom(String fingerprint) throws Exception {
        return Files.readString(OOM).replace(OOM_FINGERPRINT, fingerprint).replace(OOM_POD, fingerprint + "-7d9f8b6c5d-9wzmr");
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
