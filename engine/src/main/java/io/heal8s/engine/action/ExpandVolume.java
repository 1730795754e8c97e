package io.heal8s.engine.action;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Raises a PersistentVolumeClaim's storage request by max(percent, minStep), rounded up to a whole Gi (a whole Mi below
 * 1Gi), capped at {@code max}, and only when the claim's StorageClass allows volume expansion.
 */
public final class ExpandVolume {

    private static final BigInteger MI = BigInteger.ONE.shiftLeft(20);
    private static final BigInteger GI = BigInteger.ONE.shiftLeft(30);

    private final int percent;
    private final Quantity minStep;
    private final Quantity max;

    private ExpandVolume(int percent, Quantity minStep, Quantity max) {
        if (percent < 0) {
            throw new IllegalArgumentException("ExpandVolume parameter 'percent' must not be negative: " + percent);
        }
        this.percent = percent;
        this.minStep = minStep;
        this.max = max;
    }

    /** The calculator for a playbook's action, which must be an ExpandVolume. */
    public static ExpandVolume of(ActionSpec spec) {
        Actions.requireType(spec, ActionType.ExpandVolume);
        return withParams(spec.params());
    }

    /** The calculator for these parameters; absent ones take their {@link ActionType#ExpandVolume} defaults. */
    public static ExpandVolume withParams(Map<String, Object> params) {
        Params p = Params.of(ActionType.ExpandVolume, params);
        return new ExpandVolume(p.integer("percent"), p.memory("minStep"), p.memory("max"));
    }

    /** The new storage request, or no change and why. */
    public ActionResult apply(VolumeState volume) {
        String subject = "**ExpandVolume**: ";
        String className = volume.storageClass() == null ? "(cluster default)" : volume.storageClass();
        if (!volume.storageClassAllowsExpansion()) {
            return ActionResult.unchanged(ActionType.ExpandVolume, "StorageClass " + Markdown.plain(className)
                    + " does not allow volume expansion", subject + "nothing to change. StorageClass "
                    + Markdown.code(className) + " does not set `allowVolumeExpansion: true`, so the API server would"
                    + " refuse a larger request; the volume needs a person (a new claim, or a class that allows"
                    + " expansion).\n");
        }
        Quantity request = volume.request();
        BigInteger current = ResourceRaise.Resource.MEMORY.units(request);
        BigInteger cap = ResourceRaise.Resource.MEMORY.units(max);
        if (current.compareTo(cap) > 0) {
            return ActionResult.unchanged(ActionType.ExpandVolume, "request above cap, left alone: " + request
                    + ", cap " + max, subject + "nothing to change. The storage request " + Markdown.code(request.text())
                    + " is above the cap " + Markdown.code(max.text()) + "; a volume cannot shrink, and heal8s will"
                    + " not grow it further: a person should decide.\n");
        }
        if (current.equals(cap)) {
            return ActionResult.unchanged(ActionType.ExpandVolume, "at cap: storage request " + request
                    + " is the cap " + max, subject + "nothing to change. The storage request "
                    + Markdown.code(request.text()) + " is already at the cap; growing it further needs a person, or a"
                    + " higher `max` in the playbook.\n");
        }
        BigInteger byPercent = ResourceRaise.ceilDiv(current.multiply(BigInteger.valueOf(100L + percent)),
                BigInteger.valueOf(100));
        BigInteger raised = byPercent.max(current.add(ResourceRaise.Resource.MEMORY.units(minStep)));
        // Volumes are sold and provisioned in whole GiB; rounding up avoids a request the provider silently rounds.
        BigInteger step = raised.compareTo(GI) >= 0 ? GI : MI;
        BigInteger target = ResourceRaise.ceilDiv(raised, step).multiply(step).min(cap);
        String newText = Quantity.ofBytes(target).text();
        FieldChange change = new FieldChange("spec.resources.requests.storage", request.text(), newText);
        Patch patch = new Patch(PatchTarget.WORKLOAD, PatchType.MERGE,
                Paths.nest(newText, "spec", "resources", "requests", "storage"));
        return ActionResult.changed(ActionType.ExpandVolume, "storage request " + request + " → " + newText,
                List.of(change), patch, subject + "storage request " + Markdown.code(request.text()) + " → "
                + Markdown.code(newText) + ".\n\nThe new request is the larger of +" + percent + "% and +"
                + Markdown.code(minStep.text()) + ", rounded up to a whole `Gi` (a whole `Mi` below `1Gi`) and"
                + " capped at " + Markdown.code(max.text()) + "; StorageClass " + Markdown.code(className)
                + " allows expansion.\n\n" + Markdown.bullet(change) + "\n"
                + (target.equals(cap) ? "\nThis reaches the cap " + Markdown.code(max.text())
                        + ": heal8s will not grow the volume again.\n" : ""));
    }
}
