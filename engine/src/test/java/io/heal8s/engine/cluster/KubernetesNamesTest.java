package io.heal8s.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubernetesNamesTest {

    @Test
    void namespacesAreLabelsAndObjectNamesSubdomains() {
        assertThat(KubernetesNames.isLabel("shop")).isTrue();
        assertThat(KubernetesNames.isLabel("a".repeat(63))).isTrue();
        assertThat(KubernetesNames.isLabel("a".repeat(64))).isFalse();
        assertThat(KubernetesNames.isLabel("shop.prod")).isFalse();
        assertThat(KubernetesNames.isLabel("-shop")).isFalse();
        assertThat(KubernetesNames.isLabel(null)).isFalse();

        assertThat(KubernetesNames.isSubdomain("checkout-7d9f8b6c5d-9wzmr")).isTrue();
        assertThat(KubernetesNames.isSubdomain("web.v2")).isTrue();
        assertThat(KubernetesNames.isSubdomain("a".repeat(253))).isTrue();
        assertThat(KubernetesNames.isSubdomain("a".repeat(254))).isFalse();
        assertThat(KubernetesNames.isSubdomain("..")).isFalse();
        assertThat(KubernetesNames.isSubdomain("x/status")).isFalse();
        assertThat(KubernetesNames.isSubdomain("Checkout")).isFalse();
        assertThat(KubernetesNames.isSubdomain("")).isFalse();
    }
}
