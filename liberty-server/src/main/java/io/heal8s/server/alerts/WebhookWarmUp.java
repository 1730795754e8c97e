package io.heal8s.server.alerts;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertParser;
import io.heal8s.engine.alert.WebhookPayload;
import io.heal8s.engine.cluster.KubernetesUnavailableException;
import io.heal8s.engine.cluster.RemediationStore;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.remediation.RemediationFactory;
import io.heal8s.engine.rules.Decision;
import io.heal8s.server.playbooks.PlaybookService;
import io.heal8s.server.remediations.RemediationStores;
import io.heal8s.server.security.WebhookConfiguration;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the webhook's path once at start-up, without storing anything: parsing a payload, deciding an alert for each
 * playbook, reading a workload's history and building the Remediation. Without it the first alert after a start
 * paid for class loading, Drools' first session and the Kubernetes client's first connection (about 3 s); with it
 * the startup probe turns UP only when that price is paid.
 */
@ApplicationScoped
public class WebhookWarmUp {

    private static final Logger LOG = Logger.getLogger(WebhookWarmUp.class.getName());

    /** Outside any namespace a playbook excludes; nothing is ever created in it. */
    static final String NAMESPACE = "heal8s-warmup";

    @Inject
    PlaybookService playbooks;

    @Inject
    RemediationStores stores;

    @Inject
    WebhookConfiguration configuration;

    private volatile Duration took;
    private volatile String kubernetesError;

    // After the other start-up observers (the playbooks must be loaded), which use the default priority.
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) Startup event) {
        warmUp();
    }

    synchronized void warmUp() {
        long start = System.nanoTime();
        Instant now = Instant.now();
        int decided = 0;
        try {
            AlertParser parser = new AlertParser(configuration.settings().alertLimits());
            WebhookPayload payload = parser.parse(new ByteArrayInputStream(samplePayload(now)));
            RemediationStore store = null;
            for (Alert alert : payload.alerts()) {
                Decision decision = playbooks.decide(alert, List.of(), now);
                decided++;
                if (!decision.remediates()) {
                    continue;
                }
                RemediationFactory.from(decision, alert, now);
                if (store == null) {
                    store = stores.store();
                    // One read through the client: its connection, and Remediation deserialisation, are ready.
                    store.history(decision.target(), Duration.ofHours(1), now);
                }
            }
        } catch (KubernetesUnavailableException e) {
            kubernetesError = e.getMessage();
            LOG.log(Level.WARNING, "warm-up could not reach Kubernetes (the readiness check reports it): {0}",
                    e.getMessage());
        } catch (RuntimeException e) {
            // A warm-up must never keep the application from starting; the first alert will show the real error.
            LOG.log(Level.WARNING, "warm-up failed", e);
        }
        took = Duration.ofNanos(System.nanoTime() - start);
        LOG.log(Level.INFO, "warm-up done in {0} ms: {1} sample alert(s) decided",
                new Object[] {took.toMillis(), decided});
    }

    /** Whether the warm-up has run (successfully or not). */
    public boolean done() {
        return took != null;
    }

    /** How long the warm-up took, or null before it ran. */
    public Duration took() {
        return took;
    }

    /** Why the warm-up could not reach Kubernetes, or null. */
    public String kubernetesError() {
        return kubernetesError;
    }

    /** One firing alert per playbook (its first alert name, a pod in {@link #NAMESPACE}), as Alertmanager sends them. */
    private byte[] samplePayload(Instant now) {
        JsonArrayBuilder alerts = Json.createArrayBuilder();
        List<Playbook> set = playbooks.current().playbooks();
        for (int i = 0; i < set.size(); i++) {
            String name = set.get(i).match().alertNames().stream().findFirst().orElse("Heal8sWarmUp");
            alerts.add(alert(name, i, now));
        }
        if (set.isEmpty()) {
            alerts.add(alert("Heal8sWarmUp", 0, now));
        }
        return Json.createObjectBuilder()
                .add("version", "4")
                .add("groupKey", "{}:{alertname=\"Heal8sWarmUp\"}")
                .add("status", "firing")
                .add("receiver", "heal8s")
                .add("groupLabels", Json.createObjectBuilder())
                .add("commonLabels", Json.createObjectBuilder().add("namespace", NAMESPACE))
                .add("commonAnnotations", Json.createObjectBuilder())
                .add("externalURL", "http://alertmanager.invalid")
                .add("alerts", alerts)
                .build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObjectBuilder alert(String name, int i, Instant now) {
        return Json.createObjectBuilder()
                .add("status", "firing")
                .add("labels", Json.createObjectBuilder()
                        .add("alertname", name)
                        .add("namespace", NAMESPACE)
                        .add("pod", "warmup-" + i)
                        .add("container", "app")
                        .add("severity", "warning"))
                .add("annotations", Json.createObjectBuilder().add("summary", "heal8s start-up warm-up"))
                .add("startsAt", now.toString())
                .add("endsAt", "0001-01-01T00:00:00Z")
                .add("generatorURL", "http://prometheus.invalid/graph")
                .add("fingerprint", String.format("%016x", i));
    }
}
