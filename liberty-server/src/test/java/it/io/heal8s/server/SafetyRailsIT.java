package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationNames;
import io.heal8s.engine.remediation.RemediationPhase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A safety rail end to end on the IT server: an OOM alert for a pod whose Deployment carries
 * {@code heal8s.io/paused: "true"} becomes a Remediation that the operator ends in Skipped with reason Paused, one
 * Event and {@code heal8s_alerts_skipped_total{reason="paused"}}, and the Deployment is not touched.
 */
class SafetyRailsIT {

    private static final String NAMESPACE = "shop";
    private static final String TOKEN = "sandbox-token";
    private static final Path OOM = Path.of("../examples/alerts/oom.json");
    private static final String FINGERPRINT = "9a8b7c6d5e4f3a2b";
    private static final Duration AWAIT = Duration.ofSeconds(30);

    private static KubernetesClient client;

    @BeforeAll
    static void connectToTheSandbox() throws Exception {
        client = SandboxApi.connect();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void anAlertForAPausedWorkloadIsSkippedWithAnEventAndCounted() throws Exception {
        String pod = pausedDeploymentWithPod("rails-paused");
        double before = OperatorIT.Metrics.value("heal8s_alerts_skipped_total", "reason=\"paused\"");

        String alert = Files.readString(OOM).replace("5f1c0ab3e2d94c71", FINGERPRINT)
                .replace("checkout-7d9f8b6c5d-9wzmr", pod);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(Http.BASE + "/api/v1/alerts")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(alert)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"remediate\"");

        String name = RemediationNames.forAlert(FINGERPRINT, AlertsWebhookIT.OOM_STARTS_AT, "oom-increase-memory");
        await("Remediation " + name + " skipped").atMost(AWAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Remediation r = client.resources(Remediation.class).inNamespace(NAMESPACE).withName(name).get();
            return r != null && r.getStatus() != null && r.getStatus().getPhase() == RemediationPhase.Skipped;
        });
        Remediation r = client.resources(Remediation.class).inNamespace(NAMESPACE).withName(name).get();
        assertThat(r.getStatus().getReason()).isEqualTo("Paused");
        assertThat(r.getStatus().getMessage()).isEqualTo("Deployment shop/rails-paused is paused (annotation "
                + "heal8s.io/paused=\"true\" on it): remove the annotation to let heal8s change it.");
        assertThat(r.getStatus().getApproval()).as("the policy is not asked").isNull();
        await().atMost(AWAIT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(NAMESPACE).list()
                .getItems()).filteredOn(e -> name.equals(e.getInvolvedObject().getName())
                        && "Paused".equals(e.getReason())).hasSize(1));
        await().atMost(AWAIT).untilAsserted(() -> assertThat(
                OperatorIT.Metrics.value("heal8s_alerts_skipped_total", "reason=\"paused\"")).isEqualTo(before + 1));
        Deployment after = client.apps().deployments().inNamespace(NAMESPACE).withName("rails-paused").get();
        assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
                .get("memory")).isEqualTo(new Quantity("256Mi"));
    }

    /** A paused Deployment with a ReplicaSet and a Pod owned as a Deployment controller owns them; the Pod's name. */
    private static String pausedDeploymentWithPod(String name) {
        Deployment d = client.resource(new DeploymentBuilder().withNewMetadata().withName(name)
                .withNamespace(NAMESPACE).withAnnotations(Map.of("heal8s.io/paused", "true")).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("checkout").withImage("ghcr.io/shop/" + name + ":1")
                .withNewResources().addToLimits("memory", new Quantity("256Mi"))
                .addToRequests("memory", new Quantity("128Mi")).endResources()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        HasMetadata rs = client.resource(new ReplicaSetBuilder().withNewMetadata().withName(name + "-5c4d3b2a1f")
                .withNamespace(NAMESPACE).withOwnerReferences(owner(d)).endMetadata().build()).create();
        String pod = name + "-5c4d3b2a1f-q7r8s";
        client.resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace(NAMESPACE)
                .withOwnerReferences(owner(rs)).endMetadata().withNewSpec().addNewContainer().withName("checkout")
                .withImage("ghcr.io/shop/" + name + ":1").endContainer().endSpec().build()).create();
        return pod;
    }

    private static OwnerReference owner(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }
}
