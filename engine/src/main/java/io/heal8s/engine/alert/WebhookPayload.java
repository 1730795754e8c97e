package io.heal8s.engine.alert;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An Alertmanager webhook notification, payload version 4, as sent by the {@code webhook_config} receiver.
 * The alerts it holds are already merged with the common labels and annotations (see {@link Alert}).
 *
 * @param truncatedAlerts how many alerts Alertmanager left out because of {@code max_alerts}
 */
public record WebhookPayload(
        String version,
        String groupKey,
        int truncatedAlerts,
        AlertStatus status,
        String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalURL,
        List<Alert> alerts) {

    public WebhookPayload {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
        groupKey = groupKey == null ? "" : groupKey;
        receiver = receiver == null ? "" : receiver;
        externalURL = externalURL == null ? "" : externalURL;
        groupLabels = Map.copyOf(Objects.requireNonNull(groupLabels, "groupLabels"));
        commonLabels = Map.copyOf(Objects.requireNonNull(commonLabels, "commonLabels"));
        commonAnnotations = Map.copyOf(Objects.requireNonNull(commonAnnotations, "commonAnnotations"));
        alerts = List.copyOf(Objects.requireNonNull(alerts, "alerts"));
    }

    /** The alerts still firing, in payload order. */
    public List<Alert> firing() {
        return alerts.stream().filter(Alert::firing).toList();
    }

    /** The alerts that have resolved, in payload order (only sent to receivers with {@code send_resolved}). */
    public List<Alert> resolved() {
        return alerts.stream().filter(alert -> !alert.firing()).toList();
    }

    /** Merges {@code own} over {@code common}: the alert's own value wins where both have a key. */
    public static Map<String, String> mergeOver(Map<String, String> common, Map<String, String> own) {
        if (common.isEmpty()) {
            return own;
        }
        Map<String, String> merged = new HashMap<>(common);
        merged.putAll(own);
        return merged;
    }
}
