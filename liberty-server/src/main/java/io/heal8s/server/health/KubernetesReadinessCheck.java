package io.heal8s.server.health;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.server.kubernetes.KubernetesClientProducer;
import io.heal8s.server.remediations.RemediationStores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the Kubernetes API answers: without it no Remediation can be stored, so Alertmanager's deliveries
 * should go to a replica that can. Asks for {@code /version}, which every authenticated client may read.
 */
@Readiness
@ApplicationScoped
public class KubernetesReadinessCheck implements HealthCheck {

    // Well inside the default probe timeouts, so a hung API server shows as DOWN rather than as a failed probe.
    static final long TIMEOUT_MILLIS = 2_000;

    @Inject
    KubernetesClientProducer kubernetes;

    @Inject
    KubernetesClient client;

    @Inject
    RemediationStores stores;

    @Override
    public HealthCheckResponse call() {
        URL master = client.getMasterUrl();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kubernetes")
                .withData("mode", kubernetes.mode())
                .withData("server", master.getHost() + ":" + port(master))
                // Until the webhook's cache of Remediations has its first list, the webhook reads from the API.
                .withData("remediationCacheSynced", stores.cacheSynced());
        try {
            var version = CompletableFuture.supplyAsync(client::getKubernetesVersion)
                    .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            return response.up().withData("version", version.getGitVersion() == null
                    ? version.getMajor() + "." + version.getMinor() : version.getGitVersion()).build();
        } catch (ExecutionException e) {
            return response.down().withData("error", String.valueOf(e.getCause().getMessage())).build();
        } catch (TimeoutException e) {
            return response.down().withData("error", "no answer within " + TIMEOUT_MILLIS + " ms").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().withData("error", "interrupted").build();
        }
    }

    private static int port(URL url) {
        return url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
    }
}
