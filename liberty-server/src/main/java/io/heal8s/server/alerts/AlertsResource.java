package io.heal8s.server.alerts;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertParseException;
import io.heal8s.engine.alert.AlertParser;
import io.heal8s.engine.alert.WebhookPayload;
import io.heal8s.engine.cluster.AlertOwners;
import io.heal8s.engine.cluster.CreateResult;
import io.heal8s.engine.cluster.KubernetesUnavailableException;
import io.heal8s.engine.cluster.RemediationStore;
import io.heal8s.engine.config.WebhookSettings;
import io.heal8s.engine.playbook.Guards;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationFactory;
import io.heal8s.engine.remediation.RemediationNames;
import io.heal8s.engine.rules.Decision;
import io.heal8s.engine.rules.Refusal;
import io.heal8s.engine.rules.RemediationRecord;
import io.heal8s.server.ApiErrors;
import io.heal8s.server.logging.LogFields;
import io.heal8s.server.operator.RemediationMetrics;
import io.heal8s.server.playbooks.PlaybookService;
import io.heal8s.server.remediations.RemediationStores;
import io.heal8s.server.security.WebhookConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Alertmanager's webhook receiver: each firing alert is decided and its Remediation stored, each resolved alert is
 * recorded on its Remediation. Answers 200 only once everything is stored, 503 when Kubernetes cannot be reached
 * (Alertmanager retries, and a retry is idempotent), 400 or 413 for a body it refuses.
 */
@Path("v1/alerts")
@ApplicationScoped
public class AlertsResource {

    private static final Logger LOG = Logger.getLogger(AlertsResource.class.getName());

    // The guards' lookback when no playbook is loaded; otherwise the longest cooldown or window in service.
    private static final Duration MIN_HISTORY = Duration.ofHours(24);

    // A winner blocked by its history may hand over to a playbook with another target, whose history is then needed.
    private static final int MAX_DECISION_ROUNDS = 3;

    @Inject
    PlaybookService playbooks;

    @Inject
    RemediationStores stores;

    @Inject
    WebhookConfiguration configuration;

    @Inject
    MetricRegistry metrics;

    // 1024 stripes: two workloads share one with a chance of 1 in 1024, and then only wait for each other.
    private final TargetLocks locks = new TargetLocks(1024);

    private volatile AlertParser parser;

    // The metrics are looked up once and kept: building their Metadata and asking the registry for every request and
    // alert cost about 1% of the CPU under load (docs/benchmarks.md). Prometheus' exposition adds _total to counters
    // and _seconds to timers.
    private static final Metadata PROCESSING = Metadata.builder().withName("heal8s_processing_duration")
            .withDescription("Time from receiving a webhook body to answering it, Remediations stored.").build();
    private static final Metadata RECEIVED = Metadata.builder().withName("heal8s_alerts_received")
            .withDescription("Alerts received by the webhook, firing and resolved.").build();
    private static final Metadata SKIPPED = RemediationMetrics.ALERTS_SKIPPED;
    private static final Metadata CREATED = Metadata.builder().withName("heal8s_remediations_created")
            .withDescription("Remediations created, by action.").build();

    private final Map<String, Counter> skippedByReason = new ConcurrentHashMap<>();
    private final Map<String, Counter> createdByAction = new ConcurrentHashMap<>();
    private volatile Timer processingTimer;
    private volatile Counter receivedCounter;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, InputStream body) {
        Timer.Context timing = processing().time();
        try {
            AlertParser alertParser = parser();
            int max = alertParser.limits().maxPayloadBytes();
            if (contentLength != null && contentLength > max) {
                return ApiErrors.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "payload too large",
                        "payload is larger than the limit of " + max + " bytes", "$");
            }
            WebhookPayload payload;
            try {
                // Reads at most max + 1 bytes, whatever the sender declared.
                payload = alertParser.parse(body);
            } catch (AlertParseException e) {
                boolean tooLarge = e.kind() == AlertParseException.Kind.TOO_LARGE;
                return ApiErrors.of(tooLarge ? Response.Status.REQUEST_ENTITY_TOO_LARGE : Response.Status.BAD_REQUEST,
                        tooLarge ? "payload too large" : "invalid webhook payload", e.reason(), e.path());
            } catch (UncheckedIOException e) {
                return ApiErrors.of(Response.Status.BAD_REQUEST, "unreadable body", "the body could not be read", "$");
            }
            received().inc(payload.alerts().size());
            return process(payload);
        } finally {
            timing.stop();
        }
    }

    private Response process(WebhookPayload payload) {
        Instant now = Instant.now();
        JsonArrayBuilder results = Json.createArrayBuilder();
        try {
            RemediationStore store = stores.store();
            for (Alert alert : payload.alerts()) {
                results.add(alert.firing() ? fire(store, alert, now) : resolve(store, alert, now));
            }
        } catch (KubernetesUnavailableException e) {
            LOG.log(Level.WARNING, "answering 503 so that Alertmanager retries: {0}", e.getMessage());
            return ApiErrors.kubernetesUnavailable(e);
        }
        return Response.ok(Json.createObjectBuilder().add("alerts", results).build().toString(),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** @param now when the request arrived: the time of the decision that only finds the target */
    private JsonObjectBuilder fire(RemediationStore store, Alert received, Instant now) {
        String fingerprint = fingerprint(received);
        Alert alert = withOwner(received);
        JsonObjectBuilder result = Json.createObjectBuilder()
                .add("fingerprint", fingerprint)
                .add("alertname", alert.name());
        Decision first = playbooks.decide(alert, List.of(), now);
        if (!first.remediates() && !first.refused()) {
            return skip(result, first);
        }
        // Decided and stored under the target's lock, so a concurrent alert for the same workload sees this one's
        // Remediation in its history (its cooldown) instead of passing the guards at the same instant.
        ReentrantLock lock = locks.forKey(first.target().key());
        lock.lock();
        try {
            // The decision's time is taken under the lock: a request that waited for it must see the Remediation
            // stored meanwhile as past, not as decided after its own arrival (which the history leaves out).
            Instant decidedAt = Instant.now();
            String alertId = RemediationNames.alertId(fingerprint, alert.startsAt());
            Decision decision = decide(store, alert, alertId, first, decidedAt);
            if (decision.refused()) {
                return refuse(store, result, decision, alert, fingerprint, decidedAt);
            }
            if (!decision.remediates()) {
                return skip(result, decision);
            }
            // The Skipped record of an earlier refusal of this firing gives way: the guard that refused allows it now.
            CreateResult created = store.createReplacingRefusal(RemediationFactory.from(decision, alert, decidedAt));
            Remediation remediation = created.remediation();
            if (created.created()) {
                remediationsCreated(decision.action().name()).inc();
                try (LogFields fields = LogFields.open(LogFields.REMEDIATION, key(remediation),
                        LogFields.FINGERPRINT, fingerprint, LogFields.PHASE, "Pending")) {
                    LOG.log(Level.INFO, "Remediation {0} created: {1} on {2} for alert {3}", new Object[] {
                        key(remediation), decision.action(), decision.target().key(), alert.name()});
                }
            }
            return result.add("outcome", lower(decision.outcome()))
                    .add("remediation", reference(remediation)).add("result", created.disposition());
        } finally {
            lock.unlock();
        }
    }

    /**
     * A guard refused the change: a Remediation records the refusal (the operator moves it to Skipped with the
     * guard's reason, and counts it in {@code heal8s_alerts_skipped_total} then, once, as it counts every Skipped
     * Remediation). When this firing already has a Remediation of that name, a redelivery finds it, whatever it is,
     * and nothing new is stored.
     */
    private JsonObjectBuilder refuse(RemediationStore store, JsonObjectBuilder result, Decision decision, Alert alert,
            String fingerprint, Instant decidedAt) {
        Refusal refusal = decision.refusal();
        CreateResult created = store.createIfAbsent(RemediationFactory.from(decision, alert, decidedAt));
        Remediation remediation = created.remediation();
        if (created.created()) {
            try (LogFields fields = LogFields.open(LogFields.REMEDIATION, key(remediation),
                    LogFields.FINGERPRINT, fingerprint, LogFields.PHASE, "Pending")) {
                LOG.log(Level.INFO, "Remediation {0} records a refusal ({1}) of {2} on {3} for alert {4}: {5}",
                        new Object[] {key(remediation), refusal.reason(), decision.action(), decision.target().key(),
                            alert.name(), refusal.message()});
            }
        }
        return result.add("outcome", lower(decision.outcome())).add("remediation", reference(remediation))
                .add("result", RemediationStore.isRefusal(remediation) ? "skipped" : created.disposition())
                .add("reason", refusal.metricReason()).add("message", refusal.message());
    }

    private JsonObjectBuilder skip(JsonObjectBuilder result, Decision decision) {
        skipped(lower(decision.outcome())).inc();
        return result.add("outcome", lower(decision.outcome())).add("result", "skipped")
                .add("reason", lower(decision.outcome())).add("message", decision.reason());
    }

    /**
     * The alert with the label of the workload that owns the pod it names, so that the rules target the workload and
     * the guards count its history (a pod's name changes with every rollout). Unchanged when the alert names a
     * workload already, or when the pod is gone (the operator then fails the Remediation with TargetNotFound).
     */
    private Alert withOwner(Alert alert) {
        Optional<WorkloadRef> pod = AlertOwners.podOnly(alert);
        if (pod.isEmpty()) {
            return alert;
        }
        return stores.resolver().resolve(pod.get())
                .map(owner -> AlertOwners.withOwner(alert, owner.workload()))
                .orElse(alert);
    }

    /**
     * Decides with the history of the target the rules pick; the target is only known after a decision, so a
     * decision whose target's history was not yet looked at is made again with it.
     */
    private Decision decide(RemediationStore store, Alert alert, String alertId, Decision first, Instant now) {
        List<RemediationRecord> history = new ArrayList<>();
        Set<String> looked = new HashSet<>();
        Decision decision = first;
        // A refusal is decided again too: with its target's history a guard may refuse it for a better reason.
        for (int round = 1; round < MAX_DECISION_ROUNDS && (decision.remediates() || decision.refused()); round++) {
            WorkloadRef target = decision.target();
            if (!looked.add(target.key())) {
                break;
            }
            List<RemediationRecord> more = store.history(target, historyWindow(), now, alertId);
            if (more.isEmpty()) {
                break;
            }
            history.addAll(more);
            decision = playbooks.decide(alert, history, now);
        }
        return decision;
    }

    private JsonObjectBuilder resolve(RemediationStore store, Alert alert, Instant now) {
        String fingerprint = fingerprint(alert);
        JsonObjectBuilder result = Json.createObjectBuilder()
                .add("fingerprint", fingerprint)
                .add("alertname", alert.name())
                .add("outcome", "resolved");
        Instant at = alert.endsAt() == null ? now : alert.endsAt();
        return store.recordResolved(alert.label("namespace"), fingerprint, at)
                .map(r -> result.add("remediation", reference(r)).add("result", "resolved"))
                .orElseGet(() -> {
                    skipped("no_remediation").inc();
                    return result.add("result", "skipped").add("reason", "no_remediation");
                });
    }

    private Duration historyWindow() {
        return Guards.longestLookback(MIN_HISTORY,
                playbooks.current().playbooks().stream().map(Playbook::guards).toList());
    }

    private AlertParser parser() {
        AlertParser current = parser;
        if (current == null) {
            WebhookSettings settings = configuration.settings();
            current = new AlertParser(settings.alertLimits());
            parser = current;
        }
        return current;
    }

    private static String fingerprint(Alert alert) {
        // The factory names the Remediation after the same fingerprint, so resolved alerts find it.
        return alert.fingerprint().isEmpty() ? RemediationNames.fingerprintOf(alert.labels()) : alert.fingerprint();
    }

    private static String key(Remediation r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }

    private static JsonObjectBuilder reference(Remediation r) {
        return Json.createObjectBuilder()
                .add("namespace", r.getMetadata().getNamespace())
                .add("name", r.getMetadata().getName());
    }

    private static String lower(Decision.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }


    private Timer processing() {
        Timer timer = processingTimer;
        if (timer == null) {
            timer = metrics.timer(PROCESSING);
            processingTimer = timer;
        }
        return timer;
    }

    private Counter received() {
        Counter counter = receivedCounter;
        if (counter == null) {
            counter = metrics.counter(RECEIVED);
            receivedCounter = counter;
        }
        return counter;
    }

    private Counter skipped(String reason) {
        return skippedByReason.computeIfAbsent(reason, r -> metrics.counter(SKIPPED, new Tag("reason", r)));
    }

    private Counter remediationsCreated(String action) {
        return createdByAction.computeIfAbsent(action, a -> metrics.counter(CREATED, new Tag("action", a)));
    }
}
