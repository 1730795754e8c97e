package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
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
        Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(DEPLOYMENT).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(PODS).withNewSelector().addToMatchLabels("app", DEPLOYMENT).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", DEPLOYMENT).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("example/app:1")
                .withNewResources().addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi"))
                .endResources().endContainer().endSpec().endTemplate().endSpec().build()).create();
        ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(NAMESPACE).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(DEPLOYMENT + "-5c7d9f").withNamespace(NAMESPACE)
                .withOwnerReferences(owner("Deployment", DEPLOYMENT, deployment.getMetadata().getUid()))
                .endMetadata().withNewSpec().withReplicas(PODS).endSpec().build()).create();
        for (int i = 0; i < PODS; i++) {
            client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                    .withNewMetadata().withName(pod(i)).withNamespace(NAMESPACE).addToLabels("app", DEPLOYMENT)
                    .withOwnerReferences(owner("ReplicaSet", replicaSet.getMetadata().getName(),
                            replicaSet.getMetadata().getUid()))
                    .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("example/app:1")
                    .endContainer().endSpec().build()).create();
        }
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
            String body = payload(pod(i), String.format("c0ffee%010d", i), startsAt);
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
        return DEPLOYMENT + "-5c7d9f-p" + i;
    }

    private static OwnerReference owner(String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(kind).withName(name).withUid(uid)
                .withController(true).build();
    }

    private static String payload(String pod, String fingerprint, String startsAt) {
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"KubePodOOMKilled\\"}","status":"firing",
                 "receiver":"heal8s","groupLabels":{"alertname":"KubePodOOMKilled"},
                 "commonLabels":{"alertname":"KubePodOOMKilled","severity":"critical"},"commonAnnotations":{},
                 "externalURL":"http://alertmanager.example","alerts":[{"status":"firing",
                 "labels":{"alertname":"KubePodOOMKilled","severity":"critical","namespace":"%s","pod":"%s",
                           "container":"app"},
                 "annotations":{},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",
                 "generatorURL":"http://prometheus.example/graph","fingerprint":"%s"}]}
                """.formatted(NAMESPACE, pod, startsAt, fingerprint);
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(Http.BASE + "/api/v1/alerts"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", "Bearer sandbox-token")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
