package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.config.KubernetesSettings.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesSettingsTest {

    @Test
    void absentKeysTakeTheDefaults() {
        KubernetesSettings settings = KubernetesSettings.fromMap(Map.of());

        assertThat(settings.mode()).isEqualTo(Mode.AUTO);
        assertThat(settings.namespaces()).isEmpty();
        assertThat(settings.allNamespaces()).isTrue();
        assertThat(settings.sandboxPort()).isZero();
    }

    @Test
    void valuesAreReadTrimmedAndCaseInsensitiveForTheMode() {
        KubernetesSettings settings = KubernetesSettings.fromMap(Map.of(
                KubernetesSettings.MODE, " Sandbox ",
                KubernetesSettings.NAMESPACES, " shop, payments ,,shop ",
                KubernetesSettings.SANDBOX_PORT, " 8181 "));

        assertThat(settings.mode()).isEqualTo(Mode.SANDBOX);
        assertThat(settings.namespaces()).containsExactly("shop", "payments");
        assertThat(settings.allNamespaces()).isFalse();
        assertThat(settings.sandboxPort()).isEqualTo(8181);
    }

    @Test
    void anEmptyNamespaceListWatchesAll() {
        assertThat(KubernetesSettings.fromMap(Map.of(KubernetesSettings.NAMESPACES, " , ")).allNamespaces()).isTrue();
    }

    @Test
    void anUnknownModeNamesTheKeyAndTheChoices() {
        assertThatThrownBy(() -> KubernetesSettings.fromMap(Map.of(KubernetesSettings.MODE, "minikube")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("heal8s.kubernetes.mode: 'minikube' is not auto, cluster or sandbox")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("heal8s.kubernetes.mode");
    }

    @Test
    void anInvalidNamespaceNamesTheKeyAndTheNamespace() {
        assertThatThrownBy(() -> KubernetesSettings.fromMap(Map.of(KubernetesSettings.NAMESPACES, "shop,Payments")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("heal8s.kubernetes.namespaces: 'Payments' is not a namespace name");
    }

    @Test
    void aBadPortNamesTheKey() {
        assertThatThrownBy(() -> KubernetesSettings.fromMap(Map.of(KubernetesSettings.SANDBOX_PORT, "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("heal8s.sandbox.port: '70000' is not a port");
        assertThatThrownBy(() -> KubernetesSettings.fromMap(Map.of(KubernetesSettings.SANDBOX_PORT, "http")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("heal8s.sandbox.port: 'http' is not a port");
    }
}
