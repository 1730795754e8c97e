package io.heal8s.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.WireFormats;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events on Remediations, so {@code kubectl describe rem} tells the story. An Event's name is derived
 * from the Remediation, the phase and the reason with its message, so an operator that restarts between writing a
 * status and its Event cannot write the same Event twice (the second create answers 409 and is ignored). Events are
 * best effort, as Kubernetes' own recorders are: a failure is logged, never raised, because the status holds the
 * truth.
 */
final class RemediationEvents {

    static final String COMPONENT = "heal8s";
    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";

    private static final Logger LOG = LoggerFactory.getLogger(RemediationEvents.class);
    private static final int NAME_MAX = 253;
    private static final int HASH_HEX = 10;

    private final KubernetesClient client;

    RemediationEvents(KubernetesClient client) {
        this.client = client;
    }

    /** Records one Event on {@code r} for its current status. */
    void emit(Remediation r, String phase, String reason, String message, boolean warning, Instant now) {
        String namespace = r.getMetadata().getNamespace();
        String time = WireFormats.timestamp(now);
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(name(r.getMetadata().getName(), phase, reason, message))
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(r.getApiVersion())
                        .withKind(r.getKind())
                        .withNamespace(namespace)
                        .withName(r.getMetadata().getName())
                        .withUid(r.getMetadata().getUid())
                        .withResourceVersion(r.getMetadata().getResourceVersion())
                        .build())
                .withReason(reason)
                .withMessage(message)
                .withType(warning ? WARNING : NORMAL)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                LOG.warn("Could not record Event {} on Remediation {}/{}: {}", reason, namespace,
                        r.getMetadata().getName(), e.getMessage());
            }
        }
    }

    /** {@code <remediation>.<phase>.<10 hex of SHA-256(reason, message)>}, within the 253 characters allowed. */
    static String name(String remediation, String phase, String reason, String message) {
        String suffix = "." + phase.toLowerCase(Locale.ROOT) + "." + hash(reason + '\u0000' + message);
        String head = remediation.length() + suffix.length() > NAME_MAX
                ? remediation.substring(0, NAME_MAX - suffix.length()) : remediation;
        return head + suffix;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
