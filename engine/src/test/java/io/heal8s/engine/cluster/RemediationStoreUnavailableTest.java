package io.heal8s.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store against an API server that answers 503 or 403 (the mock server in expectation mode). */
@EnableKubernetesMockClient
class RemediationStoreUnavailableTest {

    static final String PATH = "/apis/k8shealer.k8s-healer.io/v1alpha1/namespaces/shop/remediations";

    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesClient noRetries;
    RemediationStore store;

    @BeforeEach
    void setUp() {
        // The client retries 5xx and 429 with back-off by itself (about 20 s by default); one attempt keeps this fast.
        noRetries = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
        store = new RemediationStore(noRetries);
    }

    @AfterEach
    void closeClient() {
        noRetries.close();
    }

    @Test
    void aServiceUnavailableAnswerBecomesKubernetesUnavailableException() {
        server.expect().post().withPath(PATH).andReturn(503, "{}").always();

        assertThatThrownBy(() -> store.createIfAbsent(
                RemediationStoreTest.remediation("fp-503", RemediationStoreTest.CART, Instant.now())))
                .isInstanceOf(KubernetesUnavailableException.class)
                .satisfies(e -> assertThat(((KubernetesUnavailableException) e).code()).isEqualTo(503));
    }

    @Test
    void aForbiddenAnswerStaysAClientError() {
        server.expect().get().withPath(PATH + "?labelSelector=heal8s.io%2Ftarget-kind%3DDeployment%2Cheal8s.io"
                + "%2Ftarget-name%3Dcart").andReturn(403, "{}").always();

        assertThatThrownBy(() -> store.history(RemediationStoreTest.CART, Duration.ofHours(1), Instant.now()))
                .isNotInstanceOf(KubernetesUnavailableException.class)
                .hasMessageContaining("403");
    }
}
