package io.heal8s.engine.cluster;

import static io.heal8s.engine.cluster.ApiCalls.call;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the workload an alert's target really is: a Pod is followed through its controlling owner references
 * (Pod → ReplicaSet → Deployment, Pod → StatefulSet, Pod → DaemonSet), and every other kind is checked to exist.
 *
 * <p>Owners never change for a given Pod or ReplicaSet, so the links found are kept in a bounded LRU cache and an
 * alert storm on the same pods costs no API call after the first; that the final workload exists is remembered for a
 * few seconds only. Only what was found is cached, never an absence. A Pod whose controller is a kind heal8s does not
 * act on (a Job, a bare ReplicaSet, a custom controller) or that has none resolves to itself.
 *
 * <p>Thread-safe. Every call that cannot reach the API raises {@link KubernetesUnavailableException}, by the same rule
 * as every API call of this package ({@link ApiCalls}: 429, 5xx, no response); other refusals stay
 * {@link KubernetesClientException}s.
 */
public final class WorkloadResolver {

    /** How many Pod and ReplicaSet links are remembered. */
    public static final int DEFAULT_CAPACITY = 10_000;

    /** How long the existence of a resolved workload is remembered. */
    public static final Duration DEFAULT_EXISTENCE_TTL = Duration.ofSeconds(5);

    private static final String REPLICA_SET = "ReplicaSet";

    private final KubernetesClient client;
    private final InstantSource clock;
    private final Duration existenceTtl;
    /** Pod key → the workload it resolved to (container left empty) and the chain that led there. */
    private final Lru<String, ResolvedWorkload> pods;
    /** ReplicaSet key → its controlling Deployment's name, or "" when it has none. */
    private final Lru<String, String> replicaSets;
    /** Workload key → until when it is known to exist. */
    private final Lru<String, Instant> existing;

    public WorkloadResolver(KubernetesClient client) {
        this(client, DEFAULT_CAPACITY, DEFAULT_EXISTENCE_TTL, InstantSource.system());
    }

    /** For tests: a small cache, or a clock that moves on command. */
    WorkloadResolver(KubernetesClient client, int capacity, Duration existenceTtl, InstantSource clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.existenceTtl = Objects.requireNonNull(existenceTtl, "existenceTtl");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.pods = new Lru<>(capacity);
        this.replicaSets = new Lru<>(capacity);
        this.existing = new Lru<>(capacity);
    }

    /**
     * The workload behind {@code ref}, keeping its container; empty when the object, or an owner on the way, does not
     * exist, or when its namespace or name is one no object can have (checked before any API call).
     *
     * @throws KubernetesUnavailableException when the API cannot answer now
     */
    public Optional<ResolvedWorkload> resolve(WorkloadRef ref) {
        Objects.requireNonNull(ref, "ref");
        if (!KubernetesNames.isLabel(ref.namespace()) || !KubernetesNames.isSubdomain(ref.name())) {
            // Names from alert labels that no object can have: nothing to find, and nothing reaches an API path.
            return Optional.empty();
        }
        if (ref.kind() != WorkloadKind.Pod) {
            return exists(ref.kind(), ref.namespace(), ref.name())
                    ? Optional.of(new ResolvedWorkload(ref, List.of(entry(ref.kind(), ref))))
                    : Optional.empty();
        }
        String podKey = ref.key();
        ResolvedWorkload known = pods.get(podKey);
        if (known == null) {
            Optional<ResolvedWorkload> found = followPod(ref);
            if (found.isEmpty()) {
                return found;
            }
            known = found.get();
            pods.put(podKey, known);
        } else {
            WorkloadRef target = known.workload();
            // A controlled Pod may be gone by now: its controller is what the alert is about, and that must exist.
            if (!exists(target.kind(), target.namespace(), target.name())) {
                pods.remove(podKey);
                return Optional.empty();
            }
        }
        WorkloadRef target = known.workload();
        return Optional.of(new ResolvedWorkload(
                new WorkloadRef(target.kind(), target.namespace(), target.name(), ref.container()), known.chain()));
    }

    private Optional<ResolvedWorkload> followPod(WorkloadRef ref) {
        String ns = ref.namespace();
        HasMetadata pod = call("read Pod " + ns + "/" + ref.name(),
                () -> client.pods().inNamespace(ns).withName(ref.name()).get());
        if (pod == null) {
            return Optional.empty();
        }
        markExisting(WorkloadKind.Pod, ns, ref.name());
        List<String> chain = new ArrayList<>(3);
        chain.add(entry(WorkloadKind.Pod, ref));
        WorkloadRef self = new WorkloadRef(WorkloadKind.Pod, ns, ref.name(), "");
        OwnerReference owner = controller(pod);
        if (owner == null) {
            return Optional.of(new ResolvedWorkload(self, chain));
        }
        if (REPLICA_SET.equals(owner.getKind())) {
            String deployment = deploymentOf(ns, owner.getName());
            if (deployment == null) {
                return Optional.empty();
            }
            if (deployment.isEmpty()) {
                return Optional.of(new ResolvedWorkload(self, chain));
            }
            chain.add(ResolvedWorkload.entry(REPLICA_SET, ns, owner.getName()));
            return workload(WorkloadKind.Deployment, ns, deployment, chain);
        }
        WorkloadKind kind = WorkloadKind.parse(owner.getKind());
        if (kind == WorkloadKind.StatefulSet || kind == WorkloadKind.DaemonSet) {
            return workload(kind, ns, owner.getName(), chain);
        }
        return Optional.of(new ResolvedWorkload(self, chain));
    }

    /**
     * The name of the Deployment controlling a ReplicaSet; {@code ""} when no Deployment controls it, null when the
     * ReplicaSet does not exist.
     */
    private String deploymentOf(String namespace, String replicaSet) {
        String key = namespace + '/' + REPLICA_SET + '/' + replicaSet;
        String known = replicaSets.get(key);
        if (known != null) {
            return known;
        }
        HasMetadata rs = call("read ReplicaSet " + namespace + "/" + replicaSet,
                () -> client.apps().replicaSets().inNamespace(namespace).withName(replicaSet).get());
        if (rs == null) {
            return null;
        }
        OwnerReference owner = controller(rs);
        String deployment = owner != null && WorkloadKind.Deployment.name().equals(owner.getKind())
                ? owner.getName() : "";
        replicaSets.put(key, deployment);
        return deployment;
    }

    private Optional<ResolvedWorkload> workload(WorkloadKind kind, String namespace, String name, List<String> chain) {
        if (!exists(kind, namespace, name)) {
            return Optional.empty();
        }
        chain.add(ResolvedWorkload.entry(kind.name(), namespace, name));
        return Optional.of(new ResolvedWorkload(new WorkloadRef(kind, namespace, name, ""), chain));
    }

    private boolean exists(WorkloadKind kind, String namespace, String name) {
        String key = namespace + '/' + kind + '/' + name;
        Instant until = existing.get(key);
        Instant now = clock.instant();
        if (until != null && now.isBefore(until)) {
            return true;
        }
        HasMetadata found = call("read " + kind + " " + namespace + "/" + name, () -> switch (kind) {
            case Deployment -> client.apps().deployments().inNamespace(namespace).withName(name).get();
            case StatefulSet -> client.apps().statefulSets().inNamespace(namespace).withName(name).get();
            case DaemonSet -> client.apps().daemonSets().inNamespace(namespace).withName(name).get();
            case Pod -> client.pods().inNamespace(namespace).withName(name).get();
            case PersistentVolumeClaim -> client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
        });
        if (found == null) {
            existing.remove(key);
            return false;
        }
        existing.put(key, now.plus(existenceTtl));
        return true;
    }

    private void markExisting(WorkloadKind kind, String namespace, String name) {
        existing.put(namespace + '/' + kind + '/' + name, clock.instant().plus(existenceTtl));
    }

    private static OwnerReference controller(HasMetadata object) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        if (owners == null) {
            return null;
        }
        return owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
    }

    private static String entry(WorkloadKind kind, WorkloadRef ref) {
        return ResolvedWorkload.entry(kind.name(), ref.namespace(), ref.name());
    }

    /** A small synchronised LRU map: the least recently read entry goes first once {@code capacity} is reached. */
    private static final class Lru<K, V> {

        private final Map<K, V> map;

        Lru(int capacity) {
            this.map = new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized V get(K key) {
            return map.get(key);
        }

        synchronized void put(K key, V value) {
            map.put(key, value);
        }

        synchronized void remove(K key) {
            map.remove(key);
        }
    }
}
