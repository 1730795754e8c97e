package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * {@code spec.alert}: the alert a Remediation answers. As in the Go heal8s, {@code payload} is the Alertmanager
 * alert object (status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint) serialised as a JSON
 * string, so the schema stays a plain string and no label or annotation name can clash with the schema.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlertInfo {

    /** The value of {@link #getSource()} for alerts posted by Alertmanager. */
    public static final String SOURCE_ALERTMANAGER = "alertmanager";

    @Required
    @JsonPropertyDescription("The alert's name, its alertname label (for example KubePodOOMKilled).")
    private String name;

    @JsonProperty("alertId")
    @JsonPropertyDescription("This firing of the alert: the fingerprint and startsAt in Unix seconds.")
    private String alertId;

    @Required
    @JsonPropertyDescription("Alertmanager's fingerprint of the alert's labels.")
    private String fingerprint;

    @JsonPropertyDescription("Where the alert came from, such as alertmanager.")
    private String source;

    @JsonPropertyDescription("The alert's severity label (critical, warning, info, ...).")
    private String severity;

    @JsonPropertyDescription("The Alertmanager alert object as a JSON string.")
    private String payload;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getAlertId() {
        return alertId;
    }

    public void setAlertId(String alertId) {
        this.alertId = alertId;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public void setFingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = severity;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }
}
