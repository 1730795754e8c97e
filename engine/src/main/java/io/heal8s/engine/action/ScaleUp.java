package io.heal8s.engine.action;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.util.List;
import java.util.Map;

/**
 * Adds replicas to a Deployment or StatefulSet: replicas + max(⌈replicas × percent/100⌉, minIncrement), capped at
 * {@code maxReplicas}. Under an HPA it never sets replicas: it raises the HPA's {@code maxReplicas} the same way, and
 * only when the HPA is at its maximum.
 */
public final class ScaleUp {

    private final int percent;
    private final int minIncrement;
    private final int maxReplicas;

    private ScaleUp(int percent, int minIncrement, int maxReplicas) {
        if (percent < 0) {
            throw new IllegalArgumentException("ScaleUp parameter 'percent' must not be negative: " + percent);
        }
        if (maxReplicas < 1) {
            throw new IllegalArgumentException("ScaleUp parameter 'maxReplicas' must be at least 1: " + maxReplicas);
        }
        this.percent = percent;
        // The rule is "at least +1": a playbook's minIncrement of 0 would make a small workload never grow.
        this.minIncrement = Math.max(1, minIncrement);
        this.maxReplicas = maxReplicas;
    }

    /** The calculator for a playbook's action, which must be a ScaleUp. */
    public static ScaleUp of(ActionSpec spec) {
        Actions.requireType(spec, ActionType.ScaleUp);
        return withParams(spec.params());
    }

    /** The calculator for these parameters; absent ones take their {@link ActionType#ScaleUp} defaults. */
    public static ScaleUp withParams(Map<String, Object> params) {
        Params p = Params.of(ActionType.ScaleUp, params);
        return new ScaleUp(p.integer("percent"), p.integer("minIncrement"), p.integer("maxReplicas"));
    }

    /** The new replica count, or the HPA's new maximum. */
    public ActionResult apply(ReplicaState state) {
        HpaState hpa = state.hpa();
        if (hpa != null) {
            return raiseHpa(hpa);
        }
        int replicas = state.replicas();
        String subject = "**ScaleUp**: ";
        if (replicas == 0) {
            return ActionResult.unchanged(ActionType.ScaleUp, "scaled to zero, left alone",
                    subject + "nothing to change. The workload is scaled to zero, which someone chose; heal8s does"
                    + " not wake it up.\n");
        }
        ActionResult capped = checkCap("replicas", replicas, subject);
        if (capped != null) {
            return capped;
        }
        int target = next(replicas);
        FieldChange change = new FieldChange("spec.replicas", String.valueOf(replicas), String.valueOf(target));
        return ActionResult.changed(ActionType.ScaleUp, "replicas " + replicas + " → " + target, List.of(change),
                new Patch(PatchTarget.WORKLOAD, PatchType.MERGE, Paths.nest(target, "spec", "replicas")),
                subject + "replicas " + replicas + " → " + target + ".\n\n" + rule("replicas") + "\n\n"
                + Markdown.bullet(change) + "\n" + capNote(target));
    }

    private ActionResult raiseHpa(HpaState hpa) {
        String subject = "**ScaleUp** through HorizontalPodAutoscaler " + Markdown.code(hpa.name()) + ": ";
        if (!hpa.atMaximum()) {
            return ActionResult.unchanged(ActionType.ScaleUp, "HPA still scaling: " + hpa.currentReplicas()
                    + " replicas, desired " + hpa.desiredReplicas() + ", maxReplicas " + hpa.maxReplicas(),
                    subject + "nothing to change. The HPA runs " + hpa.currentReplicas() + " replicas and wants "
                    + hpa.desiredReplicas() + ", below its maximum of " + hpa.maxReplicas() + ", so it is still"
                    + " scaling; heal8s never sets replicas under an HPA, which would fight it.\n");
        }
        ActionResult capped = checkCap("HPA maxReplicas", hpa.maxReplicas(), subject);
        if (capped != null) {
            return capped;
        }
        int target = next(hpa.maxReplicas());
        FieldChange change = new FieldChange("spec.maxReplicas", String.valueOf(hpa.maxReplicas()),
                String.valueOf(target));
        return ActionResult.changed(ActionType.ScaleUp, "HPA maxReplicas " + hpa.maxReplicas() + " → " + target,
                List.of(change),
                new Patch(PatchTarget.HORIZONTAL_POD_AUTOSCALER, PatchType.MERGE,
                        Paths.nest(target, "spec", "maxReplicas")),
                subject + "maxReplicas " + hpa.maxReplicas() + " → " + target + ".\n\n"
                + "The HPA runs " + hpa.currentReplicas() + " replicas and wants " + hpa.desiredReplicas()
                + ": it is held back by its maximum, so heal8s raises the maximum and lets the HPA decide the"
                + " replicas. " + rule("the HPA's maxReplicas") + "\n\n" + Markdown.bullet(change) + "\n"
                + capNote(target));
    }

    private ActionResult checkCap(String what, int current, String subject) {
        if (current > maxReplicas) {
            return ActionResult.unchanged(ActionType.ScaleUp, what + " above cap, left alone: " + current + ", cap "
                    + maxReplicas, subject + "nothing to change. The " + what + " (" + current + ") is above the cap of "
                    + maxReplicas + "; heal8s never scales down, so it leaves it alone: a person should decide.\n");
        }
        if (current == maxReplicas) {
            return ActionResult.unchanged(ActionType.ScaleUp, "at cap: " + what + " " + current + " is the cap "
                    + maxReplicas, subject + "nothing to change. The " + what + " (" + current + ") is already at the"
                    + " cap; scaling further needs a person, or a higher `maxReplicas` in the playbook.\n");
        }
        return null;
    }

    private int next(int current) {
        // ⌈current × percent / 100⌉ in long arithmetic: no floating point, no overflow.
        long byPercent = (current * (long) percent + 99) / 100;
        return (int) Math.min(current + Math.max(byPercent, minIncrement), maxReplicas);
    }

    private String rule(String what) {
        return "The new " + what + " is the current value plus the larger of " + percent + "% (rounded up) and "
                + minIncrement + ", capped at " + maxReplicas + ".";
    }

    private String capNote(int target) {
        return target == maxReplicas ? "\nThis reaches the cap of " + maxReplicas + ": heal8s will not scale further.\n"
                : "";
    }
}
