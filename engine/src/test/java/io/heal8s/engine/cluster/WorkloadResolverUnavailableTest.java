package io.heal8s.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resolver against an API server that answers 503 or 403, or nothing at all. */
@EnableKubernetesMockClient
class WorkloadResolverUnavailableTest {

    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesClient noRetries;

    @BeforeEach
    void setUp() {
        // The client retries 5xx by itself with back-off (about 20 s by default); one attempt keeps this fast.
        noRetries = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
    }

    @AfterEach
    void closeClient() {
        noRetries.close();
    }

    @Test
    void aServiceUnavailableAnswerBecomesKubernetesUnavailableExceptionNamingTheRead() {
        server.expect().get().withPath("/api/v1/namespaces/shop/pods/checkout-1").andReturn(503, "{}").always();

        assertThatThrownBy(() -> new WorkloadResolver(noRetries)
                .resolve(new WorkloadRef(WorkloadKind.Pod, "shop", "checkout-1", "app")))
                .isInstanceOf(KubernetesUnavailableException.class)
                .hasMessageContaining("read Pod shop/checkout-1")
                .satisfies(e -> assertThat(((KubernetesUnavailableException) e).code()).isEqualTo(503));
    }

    @Test
    void tooManyRequestsIsUnavailableToo() {
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/cart").andReturn(429, "{}")
                .always();

        assertThatThrownBy(() -> new WorkloadResolver(noRetries)
                .resolve(new WorkloadRef(WorkloadKind.Deployment, "shop", "cart", "")))
                .isInstanceOf(KubernetesUnavailableException.class);
    }

    @Test
    void aForbiddenAnswerStaysAClientError() {
        server.expect().get().withPath("/apis/apps/v1/namespaces/shop/deployments/cart").andReturn(403, "{}")
                .always();

        assertThatThrownBy(() -> new WorkloadResolver(noRetries)
                .resolve(new WorkloadRef(WorkloadKind.Deployment, "shop", "cart", "")))
                .isInstanceOf(KubernetesClientException.class)
                .isNotInstanceOf(KubernetesUnavailableException.class);
    }

    @Test
    void noAnswerAtAllIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (KubernetesClient nowhere = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + closedPort).withRequestRetryBackoffLimit(0).build()).build()) {
            assertThatThrownBy(() -> new WorkloadResolver(nowhere)
                    .resolve(new WorkloadRef(WorkloadKind.StatefulSet, "shop", "orders-db", "")))
                    .isInstanceOf(KubernetesUnavailableException.class)
                    .satisfies(e -> assertThat(((KubernetesUnavailableException) e).code()).isZero());
        }
    }
}
