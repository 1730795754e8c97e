package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The server that the build started runs on the sandbox ({@code heal8s.kubernetes.mode=sandbox}). */
class KubernetesSandboxIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    // Liberty writes each check's name, then its status, then its data.
    private static final Pattern KUBERNETES_STATUS = Pattern.compile("\"name\":\"kubernetes\",\"status\":\"(\\w+)\"");

    @Test
    void readinessShowsTheSandboxUp() throws Exception {
        HttpResponse<String> response = Http.get("/health/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(kubernetesStatus(response.body())).isEqualTo("UP");
        assertThat(response.body())
                .contains("\"mode\":\"sandbox\"")
                .containsPattern("\"server\":\"(127\\.0\\.0\\.1|localhost):\\d+\"")
                // The warm-up made the store, whose cache of Remediations has had its first list by now.
                .contains("\"remediationCacheSynced\":true");
    }

    @Test
    void switchingTheSandboxApiOffMakesTheServerNotReadyUntilItIsBack() throws Exception {
        try {
            HttpResponse<String> off = setAvailable(false);
            assertThat(off.statusCode()).isEqualTo(200);
            assertThat(off.body()).contains("\"available\":false");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> ready = Http.get("/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(kubernetesStatus(ready.body())).isEqualTo("DOWN");
            });
        } finally {
            assertThat(setAvailable(true).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> ready = Http.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(kubernetesStatus(ready.body())).isEqualTo("UP");
        });
    }

    @Test
    void theSwitchRefusesAnythingButTrueOrFalse() throws Exception {
        assertThat(post("/api/sandbox/api-availability?available=maybe").statusCode()).isEqualTo(400);
    }

    @Test
    void theSwitchNeedsTheToken() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                        URI.create(Http.BASE + "/api/sandbox/api-availability?available=false"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(setAvailable(true).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> setAvailable(boolean available) throws Exception {
        return post("/api/sandbox/api-availability?available=" + available);
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(Http.BASE + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer sandbox-token")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String kubernetesStatus(String body) {
        Matcher m = KUBERNETES_STATUS.matcher(body);
        assertThat(m.find()).as("the kubernetes check in %s", body).isTrue();
        return m.group(1);
    }
}
