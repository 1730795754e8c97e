package io.heal8s.engine.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Webhook bodies for the alert tests: the captured Alertmanager samples and a minimal valid payload to vary. */
final class Payloads {

    /** Two KubePodCrashLooping alerts grouped by namespace and alertname, both firing. */
    static final String GROUPED_FIRING = "alertmanager-0.25-grouped-firing.json";
    /** The same group after one pod recovered: one alert resolved, one firing, group status firing. */
    static final String ONE_RESOLVED_ONE_FIRING = "alertmanager-0.25-one-resolved-one-firing.json";
    /** The last notification of the group: its remaining alert resolved. */
    static final String RESOLVED = "alertmanager-0.25-resolved.json";

    /** The smallest body the parser accepts with one alert. */
    static final String MINIMAL = "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\","
            + "\"labels\":{\"alertname\":\"KubePodCrashLooping\",\"namespace\":\"shop\",\"pod\":\"checkout-1\"},"
            + "\"startsAt\":\"2024-01-01T12:00:00Z\"}]}";

    private Payloads() {
    }

    /**
     * A sample captured from a real Alertmanager 0.25.0 (Debian's prometheus-alertmanager) posting to a webhook
     * receiver, byte for byte as it arrived.
     */
    static byte[] sample(String name) {
        try (InputStream in = Payloads.class.getResourceAsStream("/alerts/" + name)) {
            assertThat(in).as("test resource alerts/" + name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sampleText(String name) {
        return new String(sample(name), StandardCharsets.UTF_8);
    }

    /** Replaces exactly one occurrence, so that a test never silently runs on an unchanged body. */
    static String replace(String json, String from, String to) {
        int at = json.indexOf(from);
        assertThat(at).as("%s occurs in the body", from).isNotNegative();
        assertThat(json.indexOf(from, at + 1)).as("%s occurs once", from).isNegative();
        return json.substring(0, at) + to + json.substring(at + from.length());
    }

    static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** A body of {@code count} alerts, each with its own pod label and a short annotation. */
    static String manyAlerts(int count) {
        StringBuilder json = new StringBuilder(count * 200 + 200)
                .append("{\"version\":\"4\",\"status\":\"firing\",\"commonLabels\":{\"alertname\":\"KubePodCrashLooping\"},")
                .append("\"alerts\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"KubePodCrashLooping\",")
                    .append("\"namespace\":\"shop\",\"pod\":\"checkout-").append(i).append("\"},")
                    .append("\"annotations\":{\"summary\":\"Pod is crash looping.\"},")
                    .append("\"startsAt\":\"2024-01-01T12:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",")
                    .append("\"fingerprint\":\"").append(String.format("%016x", i)).append("\"}");
        }
        return json.append("]}").toString();
    }
}
