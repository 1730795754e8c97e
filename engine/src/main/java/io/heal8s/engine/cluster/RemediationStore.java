package io.heal8s.engine.cluster;

import static io.heal8s.engine.cluster.ApiCalls.call;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.WireFormats;
import io.heal8s.engine.rules.RemediationRecord;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Remediation resources in the cluster, the only place heal8s keeps state: deterministic names make creation
 * idempotent, and labels give the guards their history, so both survive a restart. Every call that cannot reach the
 * API raises {@link KubernetesUnavailableException}; 4xx answers stay {@link KubernetesClientException}s.
 */
public final class RemediationStore {

    private final KubernetesClient client;
    private final RemediationCache cache;

    public RemediationStore(KubernetesClient client) {
        this(client, null);
    }

    /**
     * A store that answers redeliveries, histories and resolutions from {@code cache} once it has synced (the API
     * before that), and tells it of its own creations.
     */
    public RemediationStore(KubernetesClient client, RemediationCache cache) {
        this.client = Objects.requireNonNull(client, "client");
        this.cache = cache;
    }

    /**
     * Creates the Remediation; when one of that name already exists (409), returns the stored one instead, so a
     * redelivered alert never makes a second.
     */
    public CreateResult createIfAbsent(Remediation remediation) {
        String namespace = remediation.getMetadata().getNamespace();
        String name = remediation.getMetadata().getName();
        if (cached()) {
            Optional<Remediation> known = cache.get(namespace, name);
            if (known.isPresent()) {
                return new CreateResult(known.get(), false);
            }
        }
        try {
            Remediation created = call("create Remediation " + namespace + "/" + name,
                    () -> resources().inNamespace(namespace).resource(remediation).create());
            if (cache != null) {
                cache.remember(created);
            }
            return new CreateResult(created, true);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        Remediation existing = get(namespace, name).orElseThrow(() -> new KubernetesClientException(
                "Remediation " + namespace + "/" + name + " conflicted on create but is gone"));
        return new CreateResult(existing, false);
    }

    /**
     * The Remediations for {@code target} decided within {@code window} before {@code now}, as records for the guard
     * rules; the decision time is the {@code heal8s.io/decided-at} annotation (the creation time when absent).
     */
    public List<RemediationRecord> history(WorkloadRef target, Duration window, Instant now) {
        return history(target, window, now, null);
    }

    /**
     * As {@link #history(WorkloadRef, Duration, Instant)}, without the Remediations of the alert with
     * {@code fingerprint}: a redelivered alert must find its own Remediation, not be blocked by it as a recent one.
     */
    public List<RemediationRecord> history(WorkloadRef target, Duration window, Instant now, String fingerprint) {
        Instant since = now.minus(window);
        List<Remediation> items = cached() ? cache.byTarget(target.key())
                : call("list Remediations of " + target.key(), () -> resources()
                        .inNamespace(target.namespace())
                        .withLabel(RemediationLabels.TARGET_KIND, target.kind().name())
                        .withLabel(RemediationLabels.TARGET_NAME, RemediationLabels.value(target.name()))
                        .list().getItems());
        List<RemediationRecord> records = new ArrayList<>();
        for (Remediation r : items) {
            Instant at = RemediationLabels.decidedAt(r);
            Optional<ActionType> action = r.getSpec() == null || r.getSpec().getAction() == null
                    ? Optional.empty() : r.getSpec().getAction().actionType();
            // A label value may be a hashed stand-in for a long name: the spec says which workload it really is.
            boolean same = r.getSpec() != null && r.getSpec().getTarget() != null
                    && target.name().equals(r.getSpec().getTarget().getName());
            boolean own = fingerprint != null && r.getSpec().getAlert() != null
                    && fingerprint.equals(r.getSpec().getAlert().getFingerprint());
            if (at == null || at.isBefore(since) || at.isAfter(now) || action.isEmpty() || !same || own) {
                continue;
            }
            String playbook = r.getSpec().getPlaybook() == null ? "" : r.getSpec().getPlaybook().getName();
            String outcome = r.getStatus() == null || r.getStatus().getPhase() == null
                    ? RemediationPhase.Pending.name() : r.getStatus().getPhase().name();
            records.add(new RemediationRecord(target, action.get(), playbook, at, outcome));
        }
        return records;
    }

    /**
     * Records that Alertmanager reported the alert with {@code fingerprint} resolved, on every Remediation it caused
     * in {@code namespace} (null: any namespace), through the status subresource with a JSON merge patch of
     * {@code status.alertResolvedAt} alone. Returns the most recently decided one; empty when none matches.
     */
    public Optional<Remediation> recordResolved(String namespace, String fingerprint, Instant at) {
        List<Remediation> matching = cached() && namespace != null && !namespace.isEmpty()
                ? cache.byFingerprint(namespace, fingerprint)
                : call("find Remediations of alert " + fingerprint, () -> {
                    var query = namespace == null || namespace.isEmpty()
                            ? resources().inAnyNamespace() : resources().inNamespace(namespace);
                    return query.withLabel(RemediationLabels.FINGERPRINT, RemediationLabels.value(fingerprint))
                            .list().getItems();
                });
        String patch = "{\"status\":{\"alertResolvedAt\":\"" + WireFormats.timestamp(at) + "\"}}";
        List<Remediation> patched = new ArrayList<>(matching.size());
        for (Remediation r : matching) {
            String ns = r.getMetadata().getNamespace();
            String name = r.getMetadata().getName();
            patched.add(call("record the resolved alert on Remediation " + ns + "/" + name,
                    () -> resources().inNamespace(ns).withName(name).subresource("status")
                            .patch(PatchContext.of(PatchType.JSON_MERGE), patch)));
        }
        return patched.stream().max(Comparator.comparing(RemediationStore::decidedAtOrEpoch));
    }

    /**
     * Sets one annotation on the Remediation with a JSON merge patch of its metadata alone, without reading it first
     * or sending a resourceVersion: the last writer wins, which suits a signal such as the GitHub webhook's
     * {@link RemediationLabels#PR_EVENT} (any change of metadata wakes the operator's reconcile). Returns the patched
     * Remediation; empty when it does not exist.
     */
    public Optional<Remediation> annotate(String namespace, String name, String key, String value) {
        String patch = client.getKubernetesSerialization().asJson(
                Map.of("metadata", Map.of("annotations", Map.of(key, value))));
        try {
            return Optional.of(call("annotate Remediation " + namespace + "/" + name,
                    () -> resources().inNamespace(namespace).withName(name)
                            .patch(PatchContext.of(PatchType.JSON_MERGE), patch)));
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The Remediations in {@code namespace} (null or empty: every namespace), in {@code phase} when not null. */
    public List<Remediation> list(String namespace, RemediationPhase phase) {
        List<Remediation> items = call("list Remediations", () -> (namespace == null || namespace.isEmpty()
                ? resources().inAnyNamespace() : resources().inNamespace(namespace)).list().getItems());
        if (phase == null) {
            return items;
        }
        // A new Remediation has no status yet: it counts as Pending, as the operator will see it.
        return items.stream().filter(r -> phaseOf(r) == phase).toList();
    }

    /** The Remediation of that name, if it exists. */
    public Optional<Remediation> get(String namespace, String name) {
        return Optional.ofNullable(call("read Remediation " + namespace + "/" + name,
                () -> resources().inNamespace(namespace).withName(name).get()));
    }

    /** Whether reads may come from the cache: there is one and it holds everything the API holds. */
    private boolean cached() {
        return cache != null && cache.synced();
    }

    private static RemediationPhase phaseOf(Remediation r) {
        return r.getStatus() == null || r.getStatus().getPhase() == null
                ? RemediationPhase.Pending : r.getStatus().getPhase();
    }

    private static Instant decidedAtOrEpoch(Remediation r) {
        Instant at = RemediationLabels.decidedAt(r);
        return at == null ? Instant.EPOCH : at;
    }

    private MixedOperation<Remediation, KubernetesResourceList<Remediation>, Resource<Remediation>> resources() {
        return client.resources(Remediation.class);
    }
}
