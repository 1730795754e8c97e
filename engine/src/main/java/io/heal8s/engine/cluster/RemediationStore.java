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
        return createInApi(remediation);
    }

    /**
     * The Remediations for {@code target} decided within {@code window} before {@code now}, as records for the guard
     * rules; the decision time is the {@code heal8s.io/decided-at} annotation (the creation time when absent).
     */
    public List<RemediationRecord> history(WorkloadRef target, Duration window, Instant now) {
        return history(target, window, now, null);
    }

    /**
     * As {@link #history(WorkloadRef, Duration, Instant)}, without the Remediations of the firing {@code alertId}
     * ({@code spec.alert.alertId}: fingerprint and start, or the fingerprint alone for an alert without a start): a
     * redelivered alert must find its own Remediation, not be blocked by it as a recent one. Refusals (Remediations
     * with {@code spec.decision.refusal}) are never part of a history: a refusal counted by the cooldown would re-arm
     * it forever.
     */
    public List<RemediationRecord> history(WorkloadRef target, Duration window, Instant now, String alertId) {
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
            boolean own = alertId != null && alertId.equals(alertIdOf(r));
            if (at == null || at.isBefore(since) || at.isAfter(now) || action.isEmpty() || !same || own
                    || isRefusal(r)) {
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
     * As {@link #createIfAbsent}, except that a refusal of that name (a Skipped record of a guard's earlier "no")
     * gives way to {@code remediation} when it is not a refusal itself: the refusal is deleted and the Remediation
     * created in its place, so a refused alert that is allowed now (its cooldown passed) is acted on. A refusal never
     * replaces anything. Idempotent: a redelivery finds what the first delivery stored; two requests racing both end
     * with the one that was created (the loser's create answers 409 and returns it).
     */
    public CreateResult createReplacingRefusal(Remediation remediation) {
        CreateResult result = createIfAbsent(remediation);
        if (result.created() || isRefusal(remediation) || !isRefusal(result.remediation())) {
            return result;
        }
        String namespace = remediation.getMetadata().getNamespace();
        String name = remediation.getMetadata().getName();
        // The cache may lag: only the API's copy decides what is deleted, so a refusal replaced a moment ago by another
        // request is never mistaken for the Remediation that replaced it.
        Optional<Remediation> stored = get(namespace, name);
        if (stored.isPresent()) {
            if (!isRefusal(stored.get())) {
                return new CreateResult(stored.get(), false);
            }
            call("delete the refusal Remediation " + namespace + "/" + name,
                    () -> resources().inNamespace(namespace).withName(name).delete());
        }
        return createInApi(remediation);
    }

    /** Creates through the API; on 409 returns the stored one. */
    private CreateResult createInApi(Remediation remediation) {
        String namespace = remediation.getMetadata().getNamespace();
        String name = remediation.getMetadata().getName();
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

    /** Whether the Remediation records a guard's refusal ({@code spec.decision.refusal}) rather than a change. */
    public static boolean isRefusal(Remediation r) {
        return r != null && r.getSpec() != null && r.getSpec().getDecision() != null
                && r.getSpec().getDecision().getRefusal() != null;
    }

    /**
     * The firing a Remediation answers: {@code spec.alert.alertId}, or its fingerprint when it has no alertId (an
     * alert without a start, or a Remediation stored before alertIds); null without an alert.
     */
    public static String alertIdOf(Remediation r) {
        if (r == null || r.getSpec() == null || r.getSpec().getAlert() == null) {
            return null;
        }
        String id = r.getSpec().getAlert().getAlertId();
        return id == null || id.isEmpty() ? r.getSpec().getAlert().getFingerprint() : id;
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
