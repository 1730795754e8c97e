package io.heal8s.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertStatus;
import io.heal8s.engine.playbook.TargetSpec;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.RemediationNames;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertOwnersTest {

    private static final Map<String, String> POD_LABELS = Map.of("alertname", "KubePodOOMKilled",
            "namespace", "shop", "pod", "checkout-7d9f8b6c5d-9wzmr", "container", "checkout");

    @Test
    void anAlertNamingOnlyAPodIsTheCaseToResolve() {
        assertThat(AlertOwners.podOnly(alert(POD_LABELS, "abc")))
                .contains(new WorkloadRef(WorkloadKind.Pod, "shop", "checkout-7d9f8b6c5d-9wzmr", "checkout"));
    }

    @Test
    void anAlertThatAlreadyNamesAWorkloadOrNoPodIsLeftAlone() {
        assertThat(AlertOwners.podOnly(alert(with(POD_LABELS, "deployment", "checkout"), "abc"))).isEmpty();
        assertThat(AlertOwners.podOnly(alert(with(POD_LABELS, "statefulset", "db"), "abc"))).isEmpty();
        assertThat(AlertOwners.podOnly(alert(with(POD_LABELS, "daemonset", "agent"), "abc"))).isEmpty();
        assertThat(AlertOwners.podOnly(alert(Map.of("alertname", "X", "namespace", "shop"), "abc"))).isEmpty();
        assertThat(AlertOwners.podOnly(alert(Map.of("alertname", "X", "pod", "p"), "abc"))).isEmpty();
    }

    @Test
    void theOwnersLabelMakesTheDefaultTargetTheWorkloadAndKeepsEverythingElse() {
        Alert alert = alert(POD_LABELS, "abc");
        Alert enriched = AlertOwners.withOwner(alert,
                new WorkloadRef(WorkloadKind.Deployment, "shop", "checkout", "checkout"));

        assertThat(enriched.labels()).containsAllEntriesOf(POD_LABELS).containsEntry("deployment", "checkout")
                .hasSize(POD_LABELS.size() + 1);
        assertThat(enriched.fingerprint()).isEqualTo("abc");
        assertThat(enriched.annotations()).isEqualTo(alert.annotations());
        assertThat(enriched.startsAt()).isEqualTo(alert.startsAt());
        assertThat(TargetSpec.DEFAULT.resolve(enriched))
                .contains(new WorkloadRef(WorkloadKind.Deployment, "shop", "checkout", "checkout"));
    }

    @Test
    void eachControllerKindGetsItsOwnLabel() {
        Alert alert = alert(POD_LABELS, "abc");
        assertThat(AlertOwners.withOwner(alert, new WorkloadRef(WorkloadKind.StatefulSet, "shop", "db", ""))
                .labels()).containsEntry("statefulset", "db");
        assertThat(AlertOwners.withOwner(alert, new WorkloadRef(WorkloadKind.DaemonSet, "shop", "agent", ""))
                .labels()).containsEntry("daemonset", "agent");
    }

    @Test
    void anUnownedPodOrAnOwnerInAnotherNamespaceChangesNothing() {
        Alert alert = alert(POD_LABELS, "abc");
        assertThat(AlertOwners.withOwner(alert,
                new WorkloadRef(WorkloadKind.Pod, "shop", "checkout-7d9f8b6c5d-9wzmr", ""))).isSameAs(alert);
        assertThat(AlertOwners.withOwner(alert,
                new WorkloadRef(WorkloadKind.Deployment, "other", "checkout", ""))).isSameAs(alert);
    }

    @Test
    void withoutAFingerprintTheOneOfTheOriginalLabelsIsKeptSoTheResolutionStillMatches() {
        Alert alert = alert(POD_LABELS, "");
        Alert enriched = AlertOwners.withOwner(alert,
                new WorkloadRef(WorkloadKind.Deployment, "shop", "checkout", ""));

        assertThat(enriched.fingerprint()).isEqualTo(RemediationNames.fingerprintOf(POD_LABELS))
                .isNotEqualTo(RemediationNames.fingerprintOf(enriched.labels()));
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        var copy = new java.util.HashMap<>(labels);
        copy.put(key, value);
        return copy;
    }

    private static Alert alert(Map<String, String> labels, String fingerprint) {
        return new Alert(AlertStatus.FIRING, labels, Map.of("summary", "OOM"),
                Instant.parse("2026-11-26T10:00:00Z"), null, "http://prometheus/graph", fingerprint);
    }
}
