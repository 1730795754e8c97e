package io.heal8s.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationSpec;
import io.heal8s.engine.remediation.RemediationStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxTest {

    private Sandbox sandbox;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(0);
        client = sandbox.client();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void theClientTalksToTheSandboxInItsNamespace() {
        assertThat(client.getConfiguration().getMasterUrl()).isEqualTo(sandbox.url());
        assertThat(sandbox.url()).startsWith("http://").contains(":" + sandbox.port());
        assertThat(client.getNamespace()).isEqualTo(Sandbox.NAMESPACE).isEqualTo("shop");
        assertThat(client.namespaces().withName("shop").get()).isNotNull();
    }

    @Test
    void theCheckoutPodsLeadToTheirDeploymentThroughOwnerReferences() {
        Deployment deployment = client.apps().deployments().inNamespace("shop").withName("checkout").get();
        ReplicaSet replicaSet = client.apps().replicaSets().inNamespace("shop").withName("checkout-7d9f8b6c5d").get();

        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
                .containsEntry("memory", new Quantity("256Mi"));
        assertThat(controller(replicaSet).getUid()).isEqualTo(deployment.getMetadata().getUid());
        for (String name : new String[] {"checkout-7d9f8b6c5d-9wzmr", "checkout-7d9f8b6c5d-x2k4q"}) {
            Pod pod = client.pods().inNamespace("shop").withName(name).get();
            assertThat(controller(pod).getName()).isEqualTo("checkout-7d9f8b6c5d");
            assertThat(controller(pod).getUid()).isEqualTo(replicaSet.getMetadata().getUid());
        }
    }

    @Test
    void aStatefulSetAndAnHpaAreSeededToo() {
        assertThat(client.apps().statefulSets().inNamespace("shop").withName("orders-db").get()).isNotNull();
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("shop").withName("frontend").get()
                .getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(sandbox.seeded()).extracting(HasMetadata::getKind)
                .contains("Namespace", "Deployment", "ReplicaSet", "Pod", "StatefulSet", "HorizontalPodAutoscaler");
    }

    @Test
    void everyFileOfExamplesWorkloadsIsSeeded() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "examples", "workloads"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyElementsOf(Sandbox.WORKLOADS);
        }
    }

    @Test
    void theRemediationCrdIsInstalledFromCrds() {
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName(Remediation.CRD_NAME).get())
                .isNotNull();
    }

    @Test
    void aRemediationIsCreatedListedAndItsStatusPatchedThroughTheSubresource() {
        Remediation remediation = new Remediation();
        remediation.setMetadata(new ObjectMetaBuilder().withName("rem-checkout-oom").withNamespace("shop").build());
        remediation.setSpec(new RemediationSpec());
        client.resource(remediation).create();

        assertThat(client.resources(Remediation.class).inNamespace("shop").list().getItems())
                .extracting(r -> r.getMetadata().getName()).containsExactly("rem-checkout-oom");

        Remediation stored = client.resources(Remediation.class).inNamespace("shop").withName("rem-checkout-oom").get();
        RemediationStatus status = new RemediationStatus();
        status.setPhase(RemediationPhase.Analyzing);
        stored.setStatus(status);
        client.resource(stored).patchStatus();

        Remediation patched = client.resources(Remediation.class).inNamespace("shop").withName("rem-checkout-oom").get();
        assertThat(patched.getStatus().getPhase()).isEqualTo(RemediationPhase.Analyzing);
        assertThat(patched.getSpec()).isNotNull();
    }

    @Test
    void theServerKeepsNoRecordOfTheRequestsItAnswered() {
        for (int i = 0; i < 50; i++) {
            client.pods().inNamespace("shop").list();
        }
        client.apps().deployments().inNamespace("shop").withName("checkout").get();

        // fabric8's mock server would hold all 51 (and the seeding's) for takeRequest() until the JVM ends.
        assertThat(sandbox.pollRecorded()).isNull();
    }

    @Test
    void anOutageAnswers503UntilTheApiIsBack() {
        sandbox.setApiAvailable(false);
        assertThat(sandbox.apiAvailable()).isFalse();

        assertThatThrownBy(() -> client.pods().inNamespace("shop").list())
                .isInstanceOf(KubernetesClientException.class)
                .extracting(e -> ((KubernetesClientException) e).getCode()).isEqualTo(503);

        sandbox.setApiAvailable(true);
        assertThat(client.pods().inNamespace("shop").list().getItems()).hasSize(3);
    }

    @Test
    void closeReleasesThePort() throws IOException {
        int port = sandbox.port();
        sandbox.close();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
        sandbox = Sandbox.start(port);
        assertThat(sandbox.port()).isEqualTo(port);
    }

    private static OwnerReference controller(HasMetadata object) {
        return object.getMetadata().getOwnerReferences().stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()))
                .findFirst().orElseThrow();
    }
}
