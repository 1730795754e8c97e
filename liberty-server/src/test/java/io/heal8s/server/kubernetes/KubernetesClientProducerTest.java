package io.heal8s.server.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import org.junit.jupiter.api.Test;

class KubernetesClientProducerTest {

    @Test
    void theClientsBuiltInDefaultOutsideAPodIsNoCluster() {
        assertThat(KubernetesClientProducer.isConfigured(master("https://kubernetes.default.svc"), false)).isFalse();
        assertThat(KubernetesClientProducer.isConfigured(master("https://kubernetes.default.svc/"), false)).isFalse();
    }

    @Test
    void theDefaultAddressWithAMountedServiceAccountIsTheInClusterApi() {
        assertThat(KubernetesClientProducer.isConfigured(master("https://kubernetes.default.svc/"), true)).isTrue();
    }

    @Test
    void anyOtherMasterUrlComesFromAKubeconfigOrThePodsEnvironment() {
        assertThat(KubernetesClientProducer.isConfigured(master("https://127.0.0.1:6443/"), false)).isTrue();
        assertThat(KubernetesClientProducer.isConfigured(master("https://10.96.0.1:443/"), false)).isTrue();
    }

    private static Config master(String url) {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url).build();
    }
}
