package io.heal8s.engine.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Remediations of the watched namespaces as a watch keeps them (a fabric8 informer), indexed by target and by
 * alert fingerprint, so that the webhook answers a redelivered alert and reads a workload's history without an API
 * call. A storm of alerts then costs one API call per new Remediation, its creation.
 *
 * <p>A watch lags its writes by a few milliseconds: the Remediations this process created are also remembered here
 * until the watch reports them (or {@link #OWN_WRITES_TTL} passes), so the next alert for the same workload sees its
 * cooldown at once. Another replica's creations are seen once the watch delivers them; running the webhook on one
 * replica at a time keeps the guards exact.
 */
public final class RemediationCache implements AutoCloseable {

    static final String BY_TARGET = "heal8s-target";
    static final String BY_FINGERPRINT = "heal8s-fingerprint";

    /** How long a creation of ours is remembered when the watch never reports it (it was deleted at once, say). */
    static final Duration OWN_WRITES_TTL = Duration.ofMinutes(2);

    private final List<SharedIndexInformer<Remediation>> informers;
    private final Map<String, Own> ownWrites = new ConcurrentHashMap<>();
    private final InstantSource clock;

    private record Own(Remediation remediation, Instant at) {
    }

    private RemediationCache(List<SharedIndexInformer<Remediation>> informers, InstantSource clock) {
        this.informers = informers;
        this.clock = clock;
    }

    /**
     * Starts watching the Remediations of {@code namespaces} (empty: every namespace). Returns at once; until the
     * first list has arrived, {@link #synced()} is false and callers ask the API instead.
     */
    public static RemediationCache start(KubernetesClient client, Collection<String> namespaces) {
        return start(client, namespaces, InstantSource.system());
    }

    static RemediationCache start(KubernetesClient client, Collection<String> namespaces, InstantSource clock) {
        List<SharedIndexInformer<Remediation>> informers = new ArrayList<>();
        if (namespaces.isEmpty()) {
            informers.add(client.resources(Remediation.class).inAnyNamespace().runnableInformer(0));
        } else {
            for (String namespace : namespaces) {
                informers.add(client.resources(Remediation.class).inNamespace(namespace).runnableInformer(0));
            }
        }
        RemediationCache cache = new RemediationCache(List.copyOf(informers), clock);
        for (SharedIndexInformer<Remediation> informer : informers) {
            informer.addIndexers(Map.of(
                    BY_TARGET, r -> List.of(targetKey(r)),
                    BY_FINGERPRINT, r -> List.of(fingerprintKey(r.getMetadata().getNamespace(), fingerprint(r)))));
            informer.addEventHandler(cache.new Forget());
            informer.start();
        }
        return cache;
    }

    /** Whether every informer has its first list: before that, the cache may miss Remediations that exist. */
    public boolean synced() {
        for (SharedIndexInformer<Remediation> informer : informers) {
            if (!informer.hasSynced()) {
                return false;
            }
        }
        return true;
    }

    /** Whether every informer's watch is open (after its first list): a test counting API requests waits for it. */
    boolean watching() {
        for (SharedIndexInformer<Remediation> informer : informers) {
            if (!informer.isWatching()) {
                return false;
            }
        }
        return true;
    }

    /** The Remediation of that name, as last seen or created here. */
    public Optional<Remediation> get(String namespace, String name) {
        String key = namespace + "/" + name;
        for (SharedIndexInformer<Remediation> informer : informers) {
            Remediation r = informer.getIndexer().getByKey(key);
            if (r != null) {
                return Optional.of(r);
            }
        }
        return Optional.ofNullable(fresh(ownWrites.get(key))).map(Own::remediation);
    }

    /** The Remediations whose {@code spec.target} is that workload key ({@code namespace/Kind/name}). */
    public List<Remediation> byTarget(String workloadKey) {
        return lookup(BY_TARGET, workloadKey, RemediationCache::targetKey);
    }

    /** The Remediations of the alert with {@code fingerprint} in {@code namespace}. */
    public List<Remediation> byFingerprint(String namespace, String fingerprint) {
        return lookup(BY_FINGERPRINT, fingerprintKey(namespace, fingerprint),
                r -> fingerprintKey(r.getMetadata().getNamespace(), fingerprint(r)));
    }

    /**
     * Every Remediation the watch holds (this process's fresh creations included): the operator's rate limits and
     * applying count read it instead of listing the API on every reconcile.
     */
    public List<Remediation> all() {
        Map<String, Remediation> found = new java.util.LinkedHashMap<>();
        for (SharedIndexInformer<Remediation> informer : informers) {
            for (Remediation r : informer.getStore().list()) {
                found.put(key(r), r);
            }
        }
        for (Own own : ownWrites.values()) {
            if (fresh(own) != null) {
                found.putIfAbsent(key(own.remediation()), own.remediation());
            }
        }
        return List.copyOf(found.values());
    }

    /** Remembers a Remediation this process just wrote, until the watch reports it. */
    public void remember(Remediation remediation) {
        ownWrites.put(key(remediation), new Own(remediation, clock.instant()));
    }

    private List<Remediation> lookup(String index, String value, Function<Remediation, String> keyOf) {
        Map<String, Remediation> found = new java.util.LinkedHashMap<>();
        for (SharedIndexInformer<Remediation> informer : informers) {
            for (Remediation r : informer.getIndexer().byIndex(index, value)) {
                found.put(key(r), r);
            }
        }
        for (Own own : ownWrites.values()) {
            if (fresh(own) != null && value.equals(keyOf.apply(own.remediation()))) {
                found.putIfAbsent(key(own.remediation()), own.remediation());
            }
        }
        return List.copyOf(found.values());
    }

    private Own fresh(Own own) {
        if (own == null) {
            return null;
        }
        if (own.at().plus(OWN_WRITES_TTL).isBefore(clock.instant())) {
            ownWrites.remove(key(own.remediation()), own);
            return null;
        }
        return own;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        ownWrites.clear();
    }

    static String targetKey(Remediation r) {
        RemediationSpec spec = r.getSpec();
        if (spec == null || spec.getTarget() == null || spec.getTarget().getKind() == null) {
            return "";
        }
        return spec.getTarget().getNamespace() + '/' + spec.getTarget().getKind() + '/' + spec.getTarget().getName();
    }

    private static String fingerprint(Remediation r) {
        return r.getSpec() == null || r.getSpec().getAlert() == null ? ""
                : Objects.toString(r.getSpec().getAlert().getFingerprint(), "");
    }

    private static String fingerprintKey(String namespace, String fingerprint) {
        return namespace + '/' + fingerprint;
    }

    private static String key(Remediation r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }

    /** Drops a creation of ours once the watch has it, so the informer's newer copy is the one read. */
    private final class Forget implements ResourceEventHandler<Remediation> {

        @Override
        public void onAdd(Remediation r) {
            ownWrites.remove(key(r));
        }

        @Override
        public void onUpdate(Remediation oldR, Remediation newR) {
            ownWrites.remove(key(newR));
        }

        @Override
        public void onDelete(Remediation r, boolean deletedFinalStateUnknown) {
            ownWrites.remove(key(r));
        }
    }
}
