package io.heal8s.engine.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert of an Alertmanager notification, with the notification's common labels and annotations already
 * merged under its own (the alert's own value wins). Immutable.
 *
 * @param endsAt null when Alertmanager sent the zero time (the alert has no known end)
 */
public record Alert(
        AlertStatus status,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL,
        String fingerprint) {

    public static final String ALERTNAME = "alertname";
    public static final String SEVERITY = "severity";

    public Alert {
        Objects.requireNonNull(status, "status");
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
        annotations = Map.copyOf(Objects.requireNonNull(annotations, "annotations"));
        generatorURL = generatorURL == null ? "" : generatorURL;
        fingerprint = fingerprint == null ? "" : fingerprint;
    }

    /** The {@code alertname} label, or the empty string. */
    public String name() {
        return label(ALERTNAME);
    }

    /** The {@code severity} label, or the empty string. */
    public String severity() {
        return label(SEVERITY);
    }

    /** A label's value; an absent label reads as the empty string, as in Alertmanager's matchers. */
    public String label(String name) {
        return labels.getOrDefault(name, "");
    }

    public boolean firing() {
        return status == AlertStatus.FIRING;
    }
}
