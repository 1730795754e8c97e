package io.heal8s.engine.action;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Restarts a workload's pods the way {@code kubectl rollout restart} does: it sets the pod-template annotation
 * {@value #ANNOTATION} to the current time, which changes the template and so rolls out new pods.
 */
public final class RolloutRestart {

    /** The annotation kubectl sets; using the same one lets {@code kubectl rollout history} show our restarts alike. */
    public static final String ANNOTATION = "kubectl.kubernetes.io/restartedAt";

    // RFC 3339 to the second, as kubectl writes it (Go's time.RFC3339); 'Z' for UTC.
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private final Clock clock;

    private RolloutRestart(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The calculator for a playbook's action, which must be a RolloutRestart, with the clock that dates it. */
    public static RolloutRestart of(ActionSpec spec, Clock clock) {
        Actions.requireType(spec, ActionType.RolloutRestart);
        Params.of(ActionType.RolloutRestart, spec.params());
        return new RolloutRestart(clock);
    }

    /** The calculator, with the clock that dates the restart. */
    public static RolloutRestart withClock(Clock clock) {
        return new RolloutRestart(clock);
    }

    /**
     * The annotation change.
     *
     * @param currentRestartedAt the annotation's present value, {@code null} when the template has none
     */
    public ActionResult apply(String currentRestartedAt) {
        String now = ZonedDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS).format(RFC_3339);
        if (now.equals(currentRestartedAt)) {
            // Same second: the template would not change, so no restart would happen.
            return ActionResult.unchanged(ActionType.RolloutRestart, "already restarted at " + now,
                    "**RolloutRestart**: nothing to change. The pods were already restarted at " + now + ".\n");
        }
        FieldChange change = new FieldChange(Paths.templateAnnotation(ANNOTATION), currentRestartedAt, now);
        Patch patch = new Patch(PatchTarget.WORKLOAD, PatchType.STRATEGIC_MERGE,
                Paths.nest(Map.of(ANNOTATION, now), "spec", "template", "metadata", "annotations"));
        return ActionResult.changed(ActionType.RolloutRestart, "restart at " + now, List.of(change), patch,
                "**RolloutRestart**: restart the pods at " + now + ".\n\nSetting the pod-template annotation `"
                + ANNOTATION + "` changes the template, so the controller replaces the pods one by one, as"
                + " `kubectl rollout restart` does.\n\n" + Markdown.bullet(change) + "\n");
    }
}
