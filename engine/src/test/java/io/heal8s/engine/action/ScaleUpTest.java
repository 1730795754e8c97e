package io.heal8s.engine.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScaleUpTest {

    private static final ScaleUp DEFAULTS = ScaleUp.of(ActionSpec.defaults(ActionType.ScaleUp));

    @ParameterizedTest(name = "{0} replicas +{1}% (at least +{2}, cap {3}) → {4}")
    @CsvSource({
        // ⌈1 × 50%⌉ = 1
        "1, 50, 1, 10, 2",
        "2, 50, 1, 10, 3",
        // ⌈3 × 50%⌉ = 2, where the Go heal8s truncates to 1
        "3, 50, 1, 10, 5",
        "4, 50, 1, 10, 6",
        "8, 50, 1, 10, 10",
        "9, 50, 1, 10, 10",
        "2, 50, 3, 10, 5",
        "5, 10, 1, 10, 6",
        // a minIncrement of 0 still adds one: the rule is "at least +1"
        "5, 10, 0, 10, 6",
        "1, 1000, 1, 100, 11",
    })
    void addsPercentRoundedUpOrTheMinimumIncrementCapped(int replicas, int percent, int minIncrement, int max,
            int expected) {
        ActionResult result = ScaleUp.withParams(Map.of("percent", percent, "minIncrement", minIncrement,
                "maxReplicas", max)).apply(ReplicaState.of(replicas));

        assertThat(result.changed()).isTrue();
        assertThat(result.changes()).containsExactly(new FieldChange("spec.replicas", String.valueOf(replicas),
                String.valueOf(expected)));
        assertThat(result.patch().target()).isEqualTo(PatchTarget.WORKLOAD);
        assertThat(result.patch().type()).isEqualTo(PatchType.MERGE);
        assertThat(result.patch().json()).isEqualTo("{\"spec\":{\"replicas\":" + expected + "}}");
    }

    @ParameterizedTest(name = "{0} replicas: {1}")
    @CsvSource({
        "10, 'at cap: replicas 10 is the cap 10'",
        "12, 'replicas above cap, left alone: 12, cap 10'",
        "0,  'scaled to zero, left alone'",
    })
    void leavesAWorkloadAtOrAboveTheCapOrScaledToZeroAlone(int replicas, String reason) {
        ActionResult result = DEFAULTS.apply(ReplicaState.of(replicas));

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo(reason);
    }

    @Test
    void raisesTheMaximumOfAnHpaThatIsAtItsMaximumInsteadOfSettingReplicas() {
        ActionResult result = DEFAULTS.apply(new ReplicaState(5, new HpaState("web", 2, 5, 5, 5)));

        assertThat(result.changed()).isTrue();
        assertThat(result.changes()).containsExactly(new FieldChange("spec.maxReplicas", "5", "8"));
        assertThat(result.patch().target()).isEqualTo(PatchTarget.HORIZONTAL_POD_AUTOSCALER);
        assertThat(result.patch().json()).isEqualTo("{\"spec\":{\"maxReplicas\":8}}");
        assertThat(result.description()).startsWith("**ScaleUp** through HorizontalPodAutoscaler `web`: maxReplicas"
                + " 5 → 8.").contains("\n- `spec.maxReplicas`: `5` → `8`\n");
    }

    @ParameterizedTest(name = "HPA max {0}, current {1}, desired {2}: {3}")
    @CsvSource({
        "5,  3, 5, 'HPA still scaling: 3 replicas, desired 5, maxReplicas 5'",
        "5,  3, 4, 'HPA still scaling: 3 replicas, desired 4, maxReplicas 5'",
        "5,  5, 3, 'HPA still scaling: 5 replicas, desired 3, maxReplicas 5'",
        "10, 10, 10, 'at cap: HPA maxReplicas 10 is the cap 10'",
        "12, 12, 12, 'HPA maxReplicas above cap, left alone: 12, cap 10'",
    })
    void neverFightsAnHpaThatIsStillScalingAndStopsAtTheCap(int max, int current, int desired, String reason) {
        ActionResult result = DEFAULTS.apply(new ReplicaState(current, new HpaState("web", 1, max, current, desired)));

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo(reason);
    }

    @Test
    void capsTheRaisedHpaMaximum() {
        ActionResult result = DEFAULTS.apply(new ReplicaState(8, new HpaState("web", 2, 8, 8, 8)));

        assertThat(result.changes()).containsExactly(new FieldChange("spec.maxReplicas", "8", "10"));
        assertThat(result.description()).contains("This reaches the cap of 10");
    }
}
