package io.heal8s.engine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertStatus;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Guards;
import io.heal8s.engine.playbook.Playbook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guards over a scripted day of OOM kills of one Deployment's pods, as the webhook meets them: each alert names a
 * new pod (its own fingerprint), the history holds what was stored before it, and a refusal is stored too but never
 * enters the history.
 */
class LoopSequenceTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final Playbook OOM = Fixtures.withGuards(
            Fixtures.playbook("oom-kill", 100, "KubePodOOMKilled", ActionType.IncreaseMemory), Guards.DEFAULT);

    /** What happened to one alert of the script. */
    private record Step(String pod, String outcome) {
    }

    @Test
    void theFourthOomOfTheDayIsASuspectedLeakAfterThreeRemediationsAndACooldown() {
        List<Step> steps = new ArrayList<>();
        List<RemediationRecord> stored = new ArrayList<>();
        try (DecisionEngine engine = DecisionEngine.build(List.of(OOM), List.of())) {
            int[] minutes = {0, 10, 45, 120, 300};
            for (int i = 0; i < minutes.length; i++) {
                Instant at = T0.plus(Duration.ofMinutes(minutes[i]));
                String pod = "checkout-7d4b9c-" + (char) ('a' + i);
                Decision d = engine.decide(oom(pod, at), List.copyOf(stored), at);
                if (d.remediates()) {
                    // Stored, picked up by the operator and changed: the change stays in the history.
                    stored.add(new RemediationRecord(d.target(), d.action(), d.playbook(), at, "Succeeded"));
                    steps.add(new Step(pod, "remediate"));
                } else {
                    steps.add(new Step(pod, d.refusal().reason()));
                }
            }
            assertThat(steps).containsExactly(
                    new Step("checkout-7d4b9c-a", "remediate"),
                    new Step("checkout-7d4b9c-b", "Cooldown"),
                    new Step("checkout-7d4b9c-c", "remediate"),
                    new Step("checkout-7d4b9c-d", "remediate"),
                    new Step("checkout-7d4b9c-e", "SuspectedLeak"));
            Decision fifth = engine.decide(oom("checkout-7d4b9c-e", T0.plus(Duration.ofMinutes(300))),
                    List.copyOf(stored), T0.plus(Duration.ofMinutes(300)));
            assertThat(fifth.refusal().message()).isEqualTo("memory raised 3 times in 24h on Deployment"
                    + " shop/checkout: this looks like a leak, not a sizing problem; a human should look");
            // A day after the first change, one change drops out of the window and memory may be raised again.
            Instant nextDay = T0.plus(Duration.ofHours(24)).plusSeconds(1);
            assertThat(engine.decide(oom("checkout-7d4b9c-f", nextDay), List.copyOf(stored), nextDay).outcome())
                    .isEqualTo(Decision.Outcome.REMEDIATE);
        }
    }

    private static Alert oom(String pod, Instant startsAt) {
        return new Alert(AlertStatus.FIRING, Map.of(Alert.ALERTNAME, "KubePodOOMKilled", "namespace", "shop",
                "deployment", "checkout", "pod", pod, "container", "app"), Map.of(), startsAt, null, "",
                "fp-" + pod);
    }
}
