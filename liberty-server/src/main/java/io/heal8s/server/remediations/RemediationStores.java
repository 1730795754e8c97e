package io.heal8s.server.remediations;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.cluster.KubernetesUnavailableException;
import io.heal8s.engine.cluster.RemediationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * The {@link RemediationStore} over the application's {@link KubernetesClient}. Looked up when first needed, so the
 * application deploys (health, metrics) even when no client can be made; the webhook answers 503 then.
 */
@ApplicationScoped
public class RemediationStores {

    @Inject
    Instance<KubernetesClient> clients;

    private volatile RemediationStore store;

    /**
     * The store.
     *
     * @throws KubernetesUnavailableException when the application has no Kubernetes client
     */
    public RemediationStore store() {
        RemediationStore current = store;
        if (current != null) {
            return current;
        }
        if (!clients.isResolvable()) {
            throw new KubernetesUnavailableException("reach Kubernetes: no client is configured", 0, null);
        }
        synchronized (this) {
            if (store == null) {
                store = new RemediationStore(clients.get());
            }
            return store;
        }
    }
}
