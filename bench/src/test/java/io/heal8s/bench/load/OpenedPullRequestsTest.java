package io.heal8s.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenedPullRequestsTest {

    private static final String SECRET = "s3cr3t";
    private static final String KEY = "gitops-burst-app-004";

    private final OpenedPullRequests receiver = OpenedPullRequests.start(SECRET);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void anOpenedEventSignedWithTheSecretTimesItsPullRequest() throws Exception {
        long before = System.nanoTime();

        assertThat(post("opened", "sha256=" + hmac(event("opened")), event("opened"))).isEqualTo(204);

        long opened = receiver.awaitOpened(KEY, Duration.ofSeconds(5));
        assertThat(opened).isBetween(before, System.nanoTime());
        assertThat(receiver.openedEvents(KEY)).isEqualTo(1);
        assertThat(receiver.refused()).isZero();
    }

    @Test
    void aSecondOpenedEventForTheSameWorkloadIsCountedAsADuplicateAndKeepsTheFirstTime() throws Exception {
        post("opened", "sha256=" + hmac(event("opened")), event("opened"));
        long first = receiver.awaitOpened(KEY, Duration.ofSeconds(5));

        post("opened", "sha256=" + hmac(event("opened")), event("opened"));

        assertThat(receiver.openedEvents(KEY)).isEqualTo(2);
        assertThat(receiver.openedEventsTotal()).isEqualTo(2);
        assertThat(receiver.awaitOpened(KEY, Duration.ofSeconds(5))).isEqualTo(first);
    }

    @Test
    void otherActionsAreNotOpenings() throws Exception {
        assertThat(post("closed", "sha256=" + hmac(event("closed")), event("closed"))).isEqualTo(204);

        assertThat(receiver.openedEvents(KEY)).isZero();
        assertThatThrownBy(() -> receiver.awaitOpened(KEY, Duration.ofMillis(50)))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void anUnsignedOrWronglySignedEventIsRefusedAndNotCounted() throws Exception {
        assertThat(post("opened", null, event("opened"))).isEqualTo(401);
        assertThat(post("opened", "sha256=" + "0".repeat(64), event("opened"))).isEqualTo(401);

        assertThat(receiver.refused()).isEqualTo(2);
        assertThat(receiver.openedEvents(KEY)).isZero();
    }

    private static String event(String action) {
        return "{\"action\":\"" + action + "\",\"number\":7,\"pull_request\":{\"number\":7,"
                + "\"head\":{\"ref\":\"heal8s/increase-memory/gitops-burst-app-004-a1b2c3d4\"}}}";
    }

    private int post(String action, String signature, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(receiver.url())
                .header("X-GitHub-Event", "pull_request")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
