package io.heal8s.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.bench.load.AlertPayloads.Payload;
import io.heal8s.bench.load.AlertPayloads.PodRef;
import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertParser;
import io.heal8s.engine.alert.WebhookPayload;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AlertPayloadsTest {

    private final AlertParser parser = new AlertParser();
    private final List<PodRef> loadPods = SandboxWorkloads.pods("load", 50, 4);

    @Test
    void sustainedBodiesAreGroupsOfOneAlertnameAndNamespaceThatTheServersParserAccepts() {
        List<Payload> payloads = AlertPayloads.sustained(loadPods, 500, 1, 10, 0.5, 0.2, 7);

        for (Payload payload : payloads) {
            WebhookPayload parsed = parser.parse(payload.body());
            assertThat(parsed.alerts()).hasSize(payload.alerts()).hasSizeBetween(1, 10);
            assertThat(parsed.alerts().stream().map(Alert::name).distinct()).hasSize(1);
            assertThat(parsed.alerts().stream().map(a -> a.label("namespace")).distinct()).containsExactly("load");
            // Alertmanager never sends one alert twice in a body.
            assertThat(parsed.alerts().stream().map(Alert::fingerprint).distinct()).hasSize(payload.alerts());
        }
    }

    @Test
    void sustainedMixHoldsMatchingUnmatchedAndResolvedAlertsInTheAskedProportions() {
        List<Alert> alerts = AlertPayloads.sustained(loadPods, 2_000, 1, 10, 0.5, 0.2, 7).stream()
                .flatMap(p -> parser.parse(p.body()).alerts().stream()).toList();

        double oom = alerts.stream().filter(a -> a.name().equals(AlertPayloads.OOM)).count() / (double) alerts.size();
        double resolved = alerts.stream().filter(a -> !a.firing()).count() / (double) alerts.size();
        assertThat(oom).isBetween(0.45, 0.55);
        assertThat(resolved).isBetween(0.17, 0.23);
        assertThat(alerts.stream().map(Alert::name).collect(Collectors.toSet()))
                .containsAll(AlertPayloads.UNMATCHED).contains(AlertPayloads.OOM);
    }

    @Test
    void aRedeliveredAlertKeepsItsFingerprintAndEachPodHasItsOwn() {
        PodRef pod = loadPods.get(3);

        assertThat(AlertPayloads.fingerprint(AlertPayloads.OOM, pod))
                .isEqualTo(AlertPayloads.fingerprint(AlertPayloads.OOM, new PodRef("load", pod.workload(), pod.pod())))
                .isNotEqualTo(AlertPayloads.fingerprint(AlertPayloads.OOM, loadPods.get(4)))
                .matches("[0-9a-f]{16}");
    }

    @Test
    void stormDeliversEveryPodsOomAlertTheSameNumberOfTimesTenPerBody() {
        List<PodRef> pods = SandboxWorkloads.pods("storm", 100, 5);

        List<Payload> payloads = AlertPayloads.storm(pods, 20, 10, 7);

        assertThat(payloads).hasSize(1_000);
        Map<String, Integer> deliveries = new HashMap<>();
        Set<String> workloads = new HashSet<>();
        for (Payload payload : payloads) {
            List<Alert> alerts = parser.parse(payload.body()).alerts();
            assertThat(alerts).hasSize(10).allMatch(Alert::firing)
                    .allMatch(a -> a.name().equals(AlertPayloads.OOM) && a.label("namespace").equals("storm"));
            for (Alert alert : alerts) {
                deliveries.merge(alert.fingerprint(), 1, Integer::sum);
                workloads.add(alert.label("container"));
            }
        }
        assertThat(deliveries).hasSize(500);
        assertThat(deliveries.values()).containsOnly(20);
        assertThat(workloads).hasSize(100);
    }

    @Test
    void podsAreNamedAfterTheirReplicaSetAsTheControllersNameThem() {
        List<PodRef> pods = SandboxWorkloads.pods("storm", 2, 3);

        assertThat(pods).hasSize(6);
        assertThat(pods.get(4).workload()).isEqualTo("app-001");
        assertThat(pods.get(4).pod()).startsWith(SandboxWorkloads.replicaSetName(1) + "-")
                .startsWith("app-001-");
    }

    @Test
    void badShapesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> AlertPayloads.sustained(loadPods, 1, 3, 2, 0.5, 0.2, 1))
                .hasMessageContaining("alerts per payload");
        assertThatThrownBy(() -> AlertPayloads.sustained(List.of(), 1, 1, 2, 0.5, 0.2, 1))
                .hasMessageContaining("pods");
        assertThatThrownBy(() -> WebhookLoad.range("0-3")).hasMessageContaining("--alerts-per-payload");
        assertThat(WebhookLoad.range("1-10")).containsExactly(1, 10);
        assertThat(WebhookLoad.range("4")).containsExactly(4, 4);
    }
}
