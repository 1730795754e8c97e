package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.cluster.RemediationStore;
import io.heal8s.engine.remediation.Remediation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many pods of one Deployment OOMKilled at the same instant, each alert in its own request: exactly one Remediation
 * that changes something, the others refused by the Deployment's cooldown (each refusal stored as a Remediation that
 * the operator skips). Requests that wait for the workload's lock must decide after the
 * Remediation stored meanwhile, not before it.
 */
class ConcurrentAlertsIT {

    private static final String NAMESPACE = "shop";
    private static final String DEPLOYMENT = "concurrent";
    private static final int PODS = 12;

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static KubernetesClient client;

    @BeforeAll
    static void createTheDeploymentWithItsPods() throws Exception {
        client = SandboxApi.connect();
        SandboxWorkloads.deploymentWithPods(client, DEPLOYMENT, PODS);
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void podsOfOneDeploymentOomKilledAtOnceMakeExactlyOneRemediation() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        String startsAt = Instant.now().minusSeconds(30).toString();
        for (int i = 0; i < PODS; i++) {
            String body = SandboxWorkloads.oomPayload(pod(i), String.format("c0ffee%010d", i), startsAt);
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return post(body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        start.countDown();

        int created = 0;
        int guarded = 0;
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            created += response.body().contains("\"result\":\"created\"") ? 1 : 0;
            guarded += response.body().contains("\"outcome\":\"guarded\"") ? 1 : 0;
        }
        assertThat(created).as("Remediations created").isEqualTo(1);
        assertThat(guarded).as("alerts guarded by the Deployment's cooldown").isEqualTo(PODS - 1);
        List<Remediation> all = client.resources(Remediation.class).inNamespace(NAMESPACE).list().getItems()
                .stream().filter(r -> DEPLOYMENT.equals(r.getSpec().getTarget().getName())).toList();
        List<Remediation> stored = all.stream().filter(r -> !RemediationStore.isRefusal(r)).toList();
        assertThat(stored).hasSize(1);
        assertThat(all.stream().filter(RemediationStore::isRefusal))
                .as("refusals").hasSize(PODS - 1)
                .allSatisfy(r -> assertThat(r.getSpec().getDecision().getRefusal().getReason()).isEqualTo("Cooldown"));
        assertThat(stored.get(0).getSpec().getTarget().getKind().name()).isEqualTo("Deployment");
    }

    private static String pod(int i) {
        return SandboxWorkloads.pod(DEPLOYMENT, i);
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(Http.BASE + "/api/v1/alerts"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sandbox-token")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
