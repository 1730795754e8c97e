package io.heal8s.engine.action;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.util.Map;

/**
 * Raises a container's memory limit (and its request, by policy): max(base × (1 + percent/100), base + minStep),
 * rounded up to {@code roundTo}, capped at {@code max}, never lowered; the base is the limit, else the request, else
 * the configured default. docs/actions.md compares it with the Go heal8s.
 */
public final class IncreaseMemory {

    private final ResourceRaise raise;

    private IncreaseMemory(ResourceRaise raise) {
        this.raise = raise;
    }

    /** The calculator for a playbook's action, which must be an IncreaseMemory. */
    public static IncreaseMemory of(ActionSpec spec) {
        Actions.requireType(spec, ActionType.IncreaseMemory);
        return withParams(spec.params());
    }

    /**
     * The calculator for these parameters; absent ones take their {@link ActionType#IncreaseMemory} defaults.
     *
     * @throws IllegalArgumentException for an unknown parameter or a malformed value
     */
    public static IncreaseMemory withParams(Map<String, Object> params) {
        return new IncreaseMemory(ResourceRaise.from(ActionType.IncreaseMemory, ResourceRaise.Resource.MEMORY,
                Params.of(ActionType.IncreaseMemory, params)));
    }

    /** The change for one container (only its memory quantities are read). */
    public ActionResult apply(ContainerResources container) {
        return raise.apply(container);
    }
}
