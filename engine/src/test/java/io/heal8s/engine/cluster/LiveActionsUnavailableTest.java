package io.heal8s.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LiveActions against an API server that answers 503 or 403: the first read, and a later one, alike. */
@EnableKubernetesMockClient
class LiveActionsUnavailableTest {

    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesClient noRetries;
    LiveActions live;

    @BeforeEach
    void setUp() {
        // The client retries 5xx by itself with back-off (about 20 s by default); one attempt keeps this fast.
        noRetries = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
        live = new LiveActions(noRetries, Clock.systemUTC());
    }

    @AfterEach
    void closeClient() {
        noRetries.close();
    }

    @Test
    void aServiceUnavailableReadOfTheWorkloadBecomesKubernetesUnavailableException() {
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/checkout").andReturn(503, "{}")
                .always();

        assertThatThrownBy(() -> live.compute(ActionType.IncreaseMemory, Map.of(),
                new WorkloadRef(WorkloadKind.Deployment, "shop", "checkout", "app")))
                .isInstanceOf(KubernetesUnavailableException.class)
                .hasMessageContaining("read Deployment shop/checkout")
                .satisfies(e -> assertThat(((KubernetesUnavailableException) e).code()).isEqualTo(503));
    }

    @Test
    void aServiceUnavailableListOfHpasAfterTheWorkloadIsReadIsUnavailableToo() {
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/checkout")
                .andReturn(200, new DeploymentBuilder().withNewMetadata().withName("checkout").withNamespace("shop")
                        .endMetadata().withNewSpec().withReplicas(2).endSpec().build())
                .always();
        server.expect().get().withPath("/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers")
                .andReturn(503, "{}").always();

        assertThatThrownBy(() -> live.compute(ActionType.ScaleUp, Map.of(),
                new WorkloadRef(WorkloadKind.Deployment, "shop", "checkout", "")))
                .isInstanceOf(KubernetesUnavailableException.class)
                .hasMessageContaining("list HorizontalPodAutoscalers in namespace shop");
    }

    @Test
    void tooManyRequestsReadingAStorageClassIsUnavailable() {
        server.expect().get().withPath("/api/v1/namespaces/shop/persistentvolumeclaims/data")
                .andReturn(200, new PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
                        .withNamespace("shop").endMetadata().withNewSpec().withStorageClassName("fast")
                        .withNewResources().addToRequests("storage", new Quantity("4Gi")).endResources().endSpec()
                        .build())
                .always();
        server.expect().get().withPath("/apis/storage.k8s.io/v1/storageclasses/fast").andReturn(429, "{}").always();

        assertThatThrownBy(() -> live.compute(ActionType.ExpandVolume, Map.of(),
                new WorkloadRef(WorkloadKind.PersistentVolumeClaim, "shop", "data", "")))
                .isInstanceOf(KubernetesUnavailableException.class)
                .hasMessageContaining("read StorageClass fast")
                .satisfies(e -> assertThat(((KubernetesUnavailableException) e).code()).isEqualTo(429));
    }

    @Test
    void aForbiddenAnswerStaysAClientError() {
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/checkout").andReturn(403, "{}")
                .always();

        assertThatThrownBy(() -> live.compute(ActionType.RolloutRestart, Map.of(),
                new WorkloadRef(WorkloadKind.Deployment, "shop", "checkout", "")))
                .isInstanceOf(KubernetesClientException.class)
                .isNotInstanceOf(KubernetesUnavailableException.class);
    }
}
