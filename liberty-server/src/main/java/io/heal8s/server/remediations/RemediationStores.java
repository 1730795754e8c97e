package io.heal8s.server.remediations;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.cluster.KubernetesUnavailableException;
import io.heal8s.engine.cluster.RemediationCache;
import io.heal8s.engine.cluster.RemediationStore;
import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.server.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * The {@link RemediationStore} (reading through a {@link RemediationCache} of the watched namespaces' Remediations)
 * and the {@link WorkloadResolver} (with its owner cache) over the application's {@link KubernetesClient}. Looked up when first needed, so the application deploys (health, metrics) even when no
 * client can be made; the webhook answers 503 then.
 */
@ApplicationScoped
public class RemediationStores {

    @Inject
    Instance<KubernetesClient> clients;

    private volatile Cluster cluster;

    /**
     * The store.
     *
     * @throws KubernetesUnavailableException when the application has no Kubernetes client
     */
    public RemediationStore store() {
        return cluster().store();
    }

    /**
     * The resolver of pods to their workloads, shared so that its cache serves every request.
     *
     * @throws KubernetesUnavailableException when the application has no Kubernetes client
     */
    public WorkloadResolver resolver() {
        return cluster().resolver();
    }

    private Cluster cluster() {
        Cluster current = cluster;
        if (current != null) {
            return current;
        }
        if (!clients.isResolvable()) {
            throw new KubernetesUnavailableException("reach Kubernetes: no client is configured", 0, null);
        }
        synchronized (this) {
            if (cluster == null) {
                KubernetesClient client = clients.get();
                RemediationCache cache = RemediationCache.start(client, Settings.kubernetes().namespaces());
                cluster = new Cluster(new RemediationStore(client, cache), new WorkloadResolver(client), cache);
            }
            return cluster;
        }
    }

    /**
     * Every Remediation the cache holds, for the operator's rate limits and applying limit (no API call).
     *
     * @throws KubernetesUnavailableException when the application has no Kubernetes client
     */
    public List<Remediation> known() {
        return cluster().cache().all();
    }

    /**
     * Every Remediation the cache holds once it has its first list, for the phase gauges; empty before that (the
     * cache may miss Remediations then) and when the application has no Kubernetes client. Starts the cache when
     * nothing has yet, so that every replica describes the cluster's Remediations, and never lists the API.
     */
    public Optional<List<Remediation>> synced() {
        if (!clients.isResolvable()) {
            return Optional.empty();
        }
        RemediationCache cache = cluster().cache();
        return cache.synced() ? Optional.of(cache.all()) : Optional.empty();
    }

    /** Whether the Remediation cache has its first list (until then the store asks the API); false before use. */
    public boolean cacheSynced() {
        Cluster current = cluster;
        return current != null && current.cache().synced();
    }

    @PreDestroy
    synchronized void close() {
        if (cluster != null) {
            cluster.cache().close();
            cluster = null;
        }
    }

    private record Cluster(RemediationStore store, WorkloadResolver resolver, RemediationCache cache) {
    }
}
