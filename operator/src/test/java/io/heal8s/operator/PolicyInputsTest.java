package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.policy.PolicyInput;
import io.heal8s.engine.remediation.AlertInfo;
import io.heal8s.engine.rules.RemediationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure pieces of the policy input: ratios, caps, history counts and the alert's labels from its payload. */
class PolicyInputsTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final WorkloadRef CHECKOUT = new WorkloadRef(WorkloadKind.Deployment, "shop", "checkout", "app");

    @Test
    void aMemoryRaiseHasItsRatioAndIsWithinACapItDoesNotPass() {
        PolicyInput.Change c = PolicyInputs.change(new FieldChange("limits.memory", "1Gi", "1536Mi"), "2Gi");

        assertThat(c.ratio()).isEqualTo(1.5);
        assertThat(c.withinCap()).isTrue();
        assertThat(c.old()).isEqualTo("1Gi");
        assertThat(c.newValue()).isEqualTo("1536Mi");
    }

    @Test
    void aValueAboveTheCapIsNotWithinIt() {
        assertThat(PolicyInputs.change(new FieldChange("limits.memory", "1Gi", "3Gi"), "2Gi").withinCap()).isFalse();
    }

    @Test
    void replicasAreIntegersWithARatioAndTheirMaxReplicasCap() {
        String cap = PolicyInputs.cap(ActionType.ScaleUp, Map.of("maxReplicas", "4"));
        PolicyInput.Change c = PolicyInputs.change(new FieldChange("spec.replicas", "2", "5"), cap);

        assertThat(cap).isEqualTo("4");
        assertThat(c.ratio()).isEqualTo(2.5);
        assertThat(c.withinCap()).isFalse();
    }

    @Test
    void withoutAMaxParameterTheActionsDefaultCapApplies() {
        assertThat(PolicyInputs.cap(ActionType.IncreaseMemory, Map.of())).isEqualTo("2Gi");
        assertThat(PolicyInputs.cap(ActionType.IncreaseMemory, Map.of("max", "4Gi"))).isEqualTo("4Gi");
    }

    @Test
    void anImageHasNoRatioAndAnActionWithoutCapIsWithinIt() {
        String cap = PolicyInputs.cap(ActionType.RollbackImage, Map.of());
        PolicyInput.Change c = PolicyInputs.change(new FieldChange("spec.template.spec.containers[app].image",
                "shop/checkout:2", "shop/checkout:1"), cap);

        assertThat(cap).isNull();
        assertThat(c.ratio()).isNull();
        assertThat(c.withinCap()).isTrue();
    }

    @Test
    void aCapThatCannotBeComparedIsNotClaimedAsKept() {
        assertThat(PolicyInputs.change(new FieldChange("limits.memory", "1Gi", "2Gi"), "lots").withinCap())
                .isFalse();
    }

    @Test
    void historyCountsTheLastHourAndDayAndTakesTheMostRecentOutcome() {
        List<RemediationRecord> records = List.of(
                record(NOW.minus(Duration.ofHours(20)), "Succeeded"),
                record(NOW.minus(Duration.ofMinutes(10)), "Failed"),
                record(NOW.minus(Duration.ofMinutes(50)), "Expired"));

        assertThat(PolicyInputs.history(records, NOW)).isEqualTo(new PolicyInput.History(2, 3, "Failed"));
        assertThat(PolicyInputs.history(List.of(), NOW)).isEqualTo(new PolicyInput.History(0, 0, null));
    }

    @Test
    void theAlertsLabelsComeFromItsPayloadAndAMalformedPayloadLeavesThemEmpty() {
        AlertInfo alert = new AlertInfo();
        alert.setName("KubePodOOMKilled");
        alert.setFingerprint("abc");
        alert.setSeverity("warning");
        alert.setPayload("{\"labels\":{\"namespace\":\"shop\",\"pod\":\"checkout-1\"},"
                + "\"startsAt\":\"2026-11-26T11:00:00Z\"}");

        PolicyInput.Alert parsed = PolicyInputs.alert(alert);
        assertThat(parsed.labels()).containsExactly(Map.entry("namespace", "shop"), Map.entry("pod", "checkout-1"));
        assertThat(parsed.startsAt()).isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
        assertThat(parsed.name()).isEqualTo("KubePodOOMKilled");

        alert.setPayload("{not json");
        assertThat(PolicyInputs.alert(alert).labels()).isEmpty();
        assertThat(PolicyInputs.alert(alert).startsAt()).isNull();
    }

    static RemediationRecord record(Instant at, String outcome) {
        return new RemediationRecord(CHECKOUT, ActionType.IncreaseMemory, "oom", at, outcome);
    }
}
