package io.heal8s.server.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** The reflective contract with the sandbox module: a renamed method there fails here, not in a running server. */
class SandboxHandleTest {

    @Test
    void startsSeedsSwitchesAndCloses() {
        assumeTrue(SandboxHandle.available(), "built with -Dproduction: no sandbox on the class path");

        SandboxHandle sandbox = SandboxHandle.start(0);
        try {
            assertThat(sandbox.namespace()).isEqualTo("shop");
            assertThat(sandbox.url()).startsWith("http://");
            assertThat(sandbox.seeded()).extracting(HasMetadata::getKind).contains("Deployment", "Pod");
            assertThat(sandbox.client().apps().deployments().inNamespace("shop").withName("checkout").get())
                    .isNotNull();

            sandbox.setApiAvailable(false);
            assertThat(sandbox.apiAvailable()).isFalse();
            assertThatThrownBy(() -> sandbox.client().pods().inNamespace("shop").list())
                    .isInstanceOf(KubernetesClientException.class);
            sandbox.setApiAvailable(true);
            assertThat(sandbox.apiAvailable()).isTrue();
        } finally {
            sandbox.close();
        }
    }
}
