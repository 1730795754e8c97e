package io.heal8s.server.github;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heal8s.engine.cluster.KubernetesUnavailableException;
import io.heal8s.engine.cluster.RemediationStore;
import io.heal8s.engine.config.ConfigException;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.server.ApiErrors;
import io.heal8s.server.logging.LogFields;
import io.heal8s.server.remediations.RemediationStores;
import io.heal8s.server.security.SignedRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * GitHub's webhook for the pull requests heal8s opens: a {@code pull_request} event that closes, reopens, edits or
 * pushes to one sets the annotation {@value RemediationLabels#PR_EVENT} on its Remediation (found by the body's hidden
 * marker), which wakes the operator's reconcile; the operator then asks GitHub for the pull request's state, so the
 * payload is a trigger and never trusted as the state.
 *
 * <p>Authenticated by the body's HMAC ({@code X-Hub-Signature-256}) instead of the API's bearer token, checked before
 * anything is parsed; replay-safe by the delivery id ({@code X-GitHub-Delivery}), remembered once handled. GitHub does
 * not retry a failed delivery, but its UI redelivers one, so a delivery that met an unreachable Kubernetes API (503)
 * is not remembered.
 */
@Path("v1/github/webhook")
@ApplicationScoped
@SignedRequests
public class GitHubWebhookResource {

    private static final Logger LOG = Logger.getLogger(GitHubWebhookResource.class.getName());

    /** The largest body taken: GitHub caps payloads at 25 MB, a pull_request event is a few tens of KB. */
    public static final int MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;

    static final String EVENT = "X-GitHub-Event";
    static final String DELIVERY = "X-GitHub-Delivery";

    // GitHub's delivery ids are GUIDs; anything else is bounded before it reaches the cache or the log.
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern WORD = Pattern.compile("[a-z_]{1,64}");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9._/-]{1,200}");

    // Prometheus' exposition adds _total.
    private static final Metadata WEBHOOKS = Metadata.builder().withName("heal8s_github_webhooks")
            .withDescription("GitHub webhook deliveries, by event (pull_request, ping, other) and result (accepted,"
                    + " duplicate, ignored, unauthorized, error).").build();

    @Inject
    GitHubWebhookConfiguration configuration;

    @Inject
    RemediationStores stores;

    @Inject
    MetricRegistry metrics;

    private final DeliveryCache deliveries = DeliveryCache.withDefaults();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    void register(@Observes Startup event) {
        // At start-up, so that a dashboard's rate() sees 0 rather than nothing before the first delivery.
        counter("pull_request", "accepted");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(@HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            @HeaderParam(WebhookSignature.HEADER) String signature, @HeaderParam(EVENT) String event,
            @HeaderParam(DELIVERY) String delivery, InputStream body) {
        String eventTag = "pull_request".equals(event) || "ping".equals(event) ? event : "other";
        byte[] secret;
        try {
            secret = configuration.settings().secret().orElse(null);
        } catch (ConfigException e) {
            // Logged at start-up; the caller is not told where the secret should be.
            LOG.log(Level.FINE, "GitHub webhook secret unreadable", e);
            return count(eventTag, "error", ApiErrors.of(Response.Status.SERVICE_UNAVAILABLE,
                    "webhook secret not configured", GitHubWebhookSettings.SECRET_FILE + " cannot be read"));
        }
        if (secret == null) {
            return count(eventTag, "error", ApiErrors.of(Response.Status.SERVICE_UNAVAILABLE,
                    "webhook secret not configured", "set " + GitHubWebhookSettings.SECRET_FILE));
        }
        if (contentLength != null && contentLength > MAX_PAYLOAD_BYTES) {
            return count(eventTag, "error", tooLarge());
        }
        byte[] payload;
        try {
            // At most one byte more than the limit, whatever the sender declared.
            payload = body.readNBytes(MAX_PAYLOAD_BYTES + 1);
        } catch (IOException e) {
            return count(eventTag, "error",
                    ApiErrors.of(Response.Status.BAD_REQUEST, "unreadable body", "the body could not be read"));
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return count(eventTag, "error", tooLarge());
        }
        WebhookSignature.Verdict verdict = WebhookSignature.verify(secret, payload, signature);
        if (verdict != WebhookSignature.Verdict.VALID) {
            LOG.log(Level.WARNING, "GitHub webhook delivery {0} refused: signature {1}", new Object[] {
                printable(delivery), verdict.name().toLowerCase(Locale.ROOT)});
            // One answer for missing, malformed and wrong signatures: nothing that helps a forger.
            return count(eventTag, "unauthorized", ApiErrors.of(Response.Status.UNAUTHORIZED, "unauthorized",
                    "missing or invalid " + WebhookSignature.HEADER));
        }
        if (delivery == null || delivery.isBlank()) {
            return count(eventTag, "error", ApiErrors.of(Response.Status.BAD_REQUEST, "missing delivery id",
                    DELIVERY + " is required"));
        }
        if (!DELIVERY_ID.matcher(delivery).matches()) {
            return count(eventTag, "error", ApiErrors.of(Response.Status.BAD_REQUEST, "invalid delivery id",
                    DELIVERY + " must be 1 to 128 letters, digits, '.', '_' or '-'"));
        }
        if (!deliveries.claim(delivery)) {
            LOG.log(Level.INFO, "GitHub webhook delivery {0} ({1}) is a replay: ignored", new Object[] {delivery,
                eventTag});
            return count(eventTag, "duplicate", status("duplicate", Response.Status.OK));
        }
        Outcome outcome;
        try {
            outcome = handle(eventTag, event, delivery, payload);
        } catch (RuntimeException e) {
            // Not handled, so a redelivery must be.
            deliveries.forget(delivery);
            counter(eventTag, "error").inc();
            throw e;
        }
        if (outcome.forget()) {
            deliveries.forget(delivery);
        }
        return count(eventTag, outcome.result(), outcome.response());
    }

    private Outcome handle(String eventTag, String event, String delivery, byte[] payload) {
        if ("ping".equals(eventTag)) {
            LOG.log(Level.INFO, "GitHub webhook delivery {0}: ping", delivery);
            return Outcome.accepted(status("pong", Response.Status.OK));
        }
        if (!"pull_request".equals(eventTag)) {
            String name = event != null && WORD.matcher(event).matches() ? event : "unknown";
            return Outcome.ignored(ignored("event '" + name + "' is not followed"));
        }
        PullRequestEvent pr;
        try {
            pr = PullRequestEvent.parse(payload);
        } catch (IllegalArgumentException e) {
            return new Outcome("error", ApiErrors.of(Response.Status.BAD_REQUEST, "invalid pull_request event",
                    e.getMessage()), true);
        }
        String action = WORD.matcher(pr.action()).matches() ? pr.action() : "unknown";
        if (!pr.followed()) {
            return Outcome.ignored(ignored("action '" + action + "' is not followed"));
        }
        Optional<String> marked = pr.remediation();
        if (marked.isEmpty()) {
            return ignored(delivery, pr, action, null, "the pull request's body has no heal8s marker");
        }
        String key = marked.get();
        String namespace = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        try {
            RemediationStore store = stores.store();
            Optional<Remediation> found = store.get(namespace, name);
            if (found.isEmpty()) {
                return ignored(delivery, pr, action, key, "no Remediation " + key);
            }
            Integer recorded = found.get().getStatus() == null ? null : found.get().getStatus().getPrNumber();
            if (recorded != null && recorded.longValue() != pr.number()) {
                return ignored(delivery, pr, action, key, "Remediation " + key + " belongs to pull request #"
                        + recorded + ", not #" + pr.number());
            }
            String value = action + ":" + delivery;
            if (store.annotate(namespace, name, RemediationLabels.PR_EVENT, value).isEmpty()) {
                return ignored(delivery, pr, action, key, "no Remediation " + key);
            }
            try (LogFields fields = LogFields.open(LogFields.REMEDIATION, key, LogFields.DELIVERY, delivery)) {
                LOG.log(Level.INFO, "GitHub webhook delivery {0}: pull_request {1} of #{2} in {3}; Remediation {4}"
                        + " annotated {5}", new Object[] {delivery, action, String.valueOf(pr.number()),
                            repository(pr), key, RemediationLabels.PR_EVENT});
            }
            return Outcome.accepted(Response.ok(Json.createObjectBuilder().add("status", "accepted")
                    .add("remediation", key).add("annotation", value).build().toString(),
                    MediaType.APPLICATION_JSON_TYPE).build());
        } catch (KubernetesUnavailableException e) {
            LOG.log(Level.WARNING, "GitHub webhook delivery {0} for Remediation {1}: answering 503 (redeliver it"
                    + " from GitHub): {2}", new Object[] {delivery, key, e.getMessage()});
            return new Outcome("error", ApiErrors.kubernetesUnavailable(e), true);
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "GitHub webhook delivery {0}: Kubernetes refused to annotate Remediation {1}"
                    + " (HTTP {2})", new Object[] {delivery, key, String.valueOf(e.getCode())});
            return new Outcome("error", ApiErrors.of(Response.Status.INTERNAL_SERVER_ERROR, "kubernetes refused",
                    "the Kubernetes API refused to annotate Remediation " + key + " (HTTP " + e.getCode() + ")"), true);
        }
    }

    private static Outcome ignored(String delivery, PullRequestEvent pr, String action, String key, String reason) {
        try (LogFields fields = LogFields.open(LogFields.REMEDIATION, key, LogFields.DELIVERY, delivery)) {
            LOG.log(Level.INFO, "GitHub webhook delivery {0}: pull_request {1} of #{2} in {3} ignored: {4}",
                    new Object[] {delivery, action, String.valueOf(pr.number()), repository(pr), reason});
        }
        return Outcome.ignored(ignored(reason));
    }

    private static String repository(PullRequestEvent pr) {
        return REPOSITORY.matcher(pr.repository()).matches() ? pr.repository() : "an unnamed repository";
    }

    private static String printable(String delivery) {
        if (delivery == null || delivery.isEmpty()) {
            return "(no id)";
        }
        return DELIVERY_ID.matcher(delivery).matches() ? delivery : "(invalid id)";
    }

    private static Response tooLarge() {
        return ApiErrors.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "payload too large",
                "payload is larger than the limit of " + MAX_PAYLOAD_BYTES + " bytes", "$");
    }

    private static Response ignored(String reason) {
        return json(Response.Status.ACCEPTED, Json.createObjectBuilder().add("status", "ignored").add("reason", reason));
    }

    private static Response status(String status, Response.Status code) {
        return json(code, Json.createObjectBuilder().add("status", status));
    }

    private static Response json(Response.Status code, JsonObjectBuilder body) {
        return Response.status(code).type(MediaType.APPLICATION_JSON_TYPE).entity(body.build().toString()).build();
    }

    private Response count(String event, String result, Response response) {
        counter(event, result).inc();
        return response;
    }

    private Counter counter(String event, String result) {
        return counters.computeIfAbsent(event + "/" + result,
                k -> metrics.counter(WEBHOOKS, new Tag("event", event), new Tag("result", result)));
    }

    /** What handling a delivery came to: the metric's result, the answer, and whether to forget the delivery id. */
    private record Outcome(String result, Response response, boolean forget) {

        static Outcome accepted(Response response) {
            return new Outcome("accepted", response, false);
        }

        static Outcome ignored(Response response) {
            return new Outcome("ignored", response, false);
        }
    }
}
