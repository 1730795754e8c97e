package io.heal8s.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

class SandboxMainTest {

    @Test
    void theKubeconfigItWritesLeadsAClientToTheSandbox() {
        try (Sandbox sandbox = Sandbox.start(0)) {
            Config config = Config.fromKubeconfig(SandboxMain.kubeconfig(sandbox.url()));

            assertThat(config.getMasterUrl()).startsWith("http://").contains(":" + sandbox.port());
            assertThat(config.getNamespace()).isEqualTo(Sandbox.NAMESPACE);
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                assertThat(client.apps().deployments().list().getItems()).extracting(d -> d.getMetadata().getName())
                        .contains("checkout");
                Deployment checkout = client.apps().deployments().withName("checkout").get();
                assertThat(checkout.getMetadata().getNamespace()).isEqualTo("shop");
            }
        }
    }
}
