package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A client for the IT server's sandbox API, found through the server's readiness data, as kubectl would use it. */
final class SandboxApi {

    private static final Pattern SERVER = Pattern.compile("\"server\":\"([^\"]+)\"");

    private SandboxApi() {
    }

    static KubernetesClient connect() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Http.get("/health/ready").statusCode()).isEqualTo(200));
        Matcher m = SERVER.matcher(Http.get("/health/ready").body());
        assertThat(m.find()).as("the kubernetes check names its server").isTrue();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://" + m.group(1))
                .withNamespace("shop").withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
