package io.heal8s.engine.alert;

import static io.heal8s.engine.alert.Payloads.MINIMAL;
import static io.heal8s.engine.alert.Payloads.replace;
import static io.heal8s.engine.alert.Payloads.sample;
import static io.heal8s.engine.alert.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertParserTest {

    private final AlertParser parser = new AlertParser();

    @Test
    void groupedPayloadYieldsOneAlertPerElementWithCommonLabelsUnderOwn() {
        WebhookPayload payload = parser.parse(sample(Payloads.GROUPED_FIRING));

        assertThat(payload.version()).isEqualTo("4");
        assertThat(payload.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(payload.receiver()).isEqualTo("heal8s");
        assertThat(payload.groupKey()).isEqualTo("{}:{alertname=\"KubePodCrashLooping\", namespace=\"shop\"}");
        assertThat(payload.truncatedAlerts()).isZero();
        assertThat(payload.externalURL()).isEqualTo("http://alertmanager.monitoring.svc:9093");
        assertThat(payload.groupLabels())
                .containsOnly(entry("alertname", "KubePodCrashLooping"), entry("namespace", "shop"));
        assertThat(payload.commonLabels()).containsEntry("severity", "warning").doesNotContainKey("pod");
        assertThat(payload.commonAnnotations()).containsOnlyKeys("runbook_url", "summary");

        assertThat(payload.alerts()).hasSize(2);
        assertThat(payload.alerts()).extracting(alert -> alert.label("pod"))
                .containsExactly("checkout-7d9f8b6c5d-9wzmr", "checkout-7d9f8b6c5d-x2k4q");
        assertThat(payload.alerts()).extracting(Alert::fingerprint)
                .containsExactly("9a98b67d52fc7b7b", "23ae94fecc0eb63e");
        Alert first = payload.alerts().get(0);
        assertThat(first.firing()).isTrue();
        assertThat(first.name()).isEqualTo("KubePodCrashLooping");
        assertThat(first.severity()).isEqualTo("warning");
        assertThat(first.labels()).containsEntry("namespace", "shop").containsEntry("container", "checkout");
        assertThat(first.annotations().get("description")).contains("checkout-7d9f8b6c5d-9wzmr", "\"CrashLoopBackOff\"");
        assertThat(first.startsAt()).isEqualTo(Instant.parse("2026-11-25T20:44:18.119Z"));
        assertThat(first.endsAt()).as("Alertmanager's zero time").isNull();
        // Go escapes '&' as \u0026 inside JSON strings.
        assertThat(first.generatorURL()).startsWith("http://prometheus.monitoring.svc:9090/graph?g0.expr=")
                .endsWith("&g0.tab=1");
    }

    @Test
    void alertOwnLabelsAndAnnotationsWinOverCommonOnes() {
        String json = replace(MINIMAL, "\"status\":\"firing\",\"alerts\"",
                "\"status\":\"firing\",\"commonLabels\":{\"severity\":\"warning\",\"team\":\"shop\"},"
                        + "\"commonAnnotations\":{\"summary\":\"common\",\"runbook_url\":\"https://runbooks/x\"},"
                        + "\"alerts\"");
        json = replace(json, "\"pod\":\"checkout-1\"}", "\"pod\":\"checkout-1\",\"severity\":\"critical\"},"
                + "\"annotations\":{\"summary\":\"own\"}");

        Alert alert = parser.parse(utf8(json)).alerts().get(0);

        assertThat(alert.labels()).containsOnly(entry("alertname", "KubePodCrashLooping"), entry("namespace", "shop"),
                entry("pod", "checkout-1"), entry("severity", "critical"), entry("team", "shop"));
        assertThat(alert.annotations())
                .containsOnly(entry("summary", "own"), entry("runbook_url", "https://runbooks/x"));
    }

    @Test
    void resolvedNotificationCarriesEndTimeAndResolvedStatus() {
        WebhookPayload payload = parser.parse(sample(Payloads.RESOLVED));

        assertThat(payload.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(payload.firing()).isEmpty();
        assertThat(payload.resolved()).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.endsAt()).isEqualTo(Instant.parse("2026-11-25T20:47:15.081Z"));
            assertThat(alert.label("pod")).isEqualTo("checkout-7d9f8b6c5d-x2k4q");
        });
    }

    @Test
    void groupWithOneRecoveredPodSplitsIntoFiringAndResolved() {
        WebhookPayload payload = parser.parse(sample(Payloads.ONE_RESOLVED_ONE_FIRING));

        assertThat(payload.status()).as("a group fires while any alert does").isEqualTo(AlertStatus.FIRING);
        assertThat(payload.firing()).extracting(alert -> alert.label("pod")).containsExactly("checkout-7d9f8b6c5d-x2k4q");
        assertThat(payload.resolved()).extracting(alert -> alert.label("pod")).containsExactly("checkout-7d9f8b6c5d-9wzmr");
        assertThat(payload.resolved().get(0).endsAt()).isNotNull();
        assertThat(payload.firing().get(0).endsAt()).isNull();
    }

    @ParameterizedTest(name = "{0} means no end")
    @CsvSource({"0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z", "0001-01-01T00:00:00+00:00"})
    void zeroEndsAtBecomesNull(String zero) {
        String json = replace(MINIMAL, "\"startsAt\"", "\"endsAt\":\"" + zero + "\",\"startsAt\"");

        assertThat(parser.parse(utf8(json)).alerts().get(0).endsAt()).isNull();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "2024-01-01T12:00:00Z,                  2024-01-01T12:00:00Z",
            "2024-01-01T12:00:00.123456789Z,        2024-01-01T12:00:00.123456789Z",
            "2024-01-01T12:00:00.5Z,                2024-01-01T12:00:00.500Z",
            "2024-01-01T14:00:00+02:00,             2024-01-01T12:00:00Z",
            "2024-01-01T10:30:00.25-01:30,          2024-01-01T12:00:00.250Z",
            "2024-01-01t12:00:00z,                  2024-01-01T12:00:00Z",
            "2024-02-29T12:00:00Z,                  2024-02-29T12:00:00Z"})
    void rfc3339TimestampsWithFractionsAndOffsetsAreRead(String wire, String expected) {
        String json = replace(MINIMAL, "2024-01-01T12:00:00Z", wire);

        assertThat(parser.parse(utf8(json)).alerts().get(0).startsAt()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() {
        String json = replace(MINIMAL, "{\"version\"",
                "{\"futureObject\":{\"a\":[1,2,{\"b\":null}]},\"futureNumber\":1e999999,\"futureFlag\":true,"
                        + "\"version\"");
        json = replace(json, "{\"status\":\"firing\",\"labels\"",
                "{\"silenceURL\":\"http://am/silence\",\"inhibitedBy\":[\"x\"],\"status\":\"firing\",\"labels\"");

        WebhookPayload payload = parser.parse(utf8(json));

        assertThat(payload.alerts()).singleElement().extracting(Alert::name).isEqualTo("KubePodCrashLooping");
    }

    @Test
    void absentOptionalFieldsTakeEmptyDefaults() {
        WebhookPayload payload = parser.parse(utf8(MINIMAL));

        assertThat(payload.groupKey()).isEmpty();
        assertThat(payload.receiver()).isEmpty();
        assertThat(payload.externalURL()).isEmpty();
        assertThat(payload.truncatedAlerts()).isZero();
        assertThat(payload.groupLabels()).isEmpty();
        assertThat(payload.commonLabels()).isEmpty();
        assertThat(payload.commonAnnotations()).isEmpty();
        Alert alert = payload.alerts().get(0);
        assertThat(alert.annotations()).isEmpty();
        assertThat(alert.endsAt()).isNull();
        assertThat(alert.generatorURL()).isEmpty();
        assertThat(alert.fingerprint()).isEmpty();
    }

    @Test
    void nullOptionalFieldsCountAsAbsent() {
        String json = replace(MINIMAL, "\"alerts\"", "\"groupKey\":null,\"truncatedAlerts\":null,\"groupLabels\":null,"
                + "\"commonLabels\":null,\"commonAnnotations\":null,\"externalURL\":null,\"alerts\"");
        json = replace(json, "\"startsAt\"", "\"annotations\":null,\"endsAt\":null,\"fingerprint\":null,\"startsAt\"");

        WebhookPayload payload = parser.parse(utf8(json));

        assertThat(payload.commonLabels()).isEmpty();
        assertThat(payload.alerts().get(0).endsAt()).isNull();
    }

    @Test
    void emptyAlertsArrayIsAcceptedThoughAlertmanagerNeverSendsOne() {
        WebhookPayload payload = parser.parse(utf8("{\"version\":\"4\",\"status\":\"resolved\",\"alerts\":[]}"));

        assertThat(payload.alerts()).isEmpty();
    }

    @Test
    void truncatedAlertsCountIsKept() {
        String json = replace(MINIMAL, "\"alerts\"", "\"truncatedAlerts\":42,\"alerts\"");

        assertThat(parser.parse(utf8(json)).truncatedAlerts()).isEqualTo(42);
    }

    @Test
    void multibyteLabelValueUpToTheByteLimitIsAccepted() {
        String value = "é".repeat(2048); // 4096 bytes in UTF-8
        String json = replace(MINIMAL, "checkout-1", value);

        assertThat(parser.parse(utf8(json)).alerts().get(0).label("pod")).isEqualTo(value);
    }

    @Test
    void streamAndByteArrayGiveTheSamePayloadAndTheStreamStaysOpen() {
        byte[] body = sample(Payloads.GROUPED_FIRING);
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayInputStream in = new ByteArrayInputStream(body) {
            @Override
            public void close() {
                closed.set(true);
            }
        };

        assertThat(parser.parse(in)).isEqualTo(parser.parse(body));
        assertThat(closed).isFalse();
    }

    @Test
    void oneParserServesManyThreadsAtOnce() throws Exception {
        byte[] body = sample(Payloads.GROUPED_FIRING);
        WebhookPayload expected = parser.parse(body);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<WebhookPayload>> tasks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                tasks.add(() -> parser.parse(body));
            }
            for (Future<WebhookPayload> result : pool.invokeAll(tasks, 30, TimeUnit.SECONDS)) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void alertsAreImmutable() {
        WebhookPayload payload = parser.parse(utf8(MINIMAL));

        assertThat(payload.alerts()).isUnmodifiable();
        assertThat(payload.alerts().get(0).labels()).isInstanceOf(Map.class).isUnmodifiable();
    }
}
