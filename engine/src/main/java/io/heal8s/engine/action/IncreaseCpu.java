package io.heal8s.engine.action;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.util.Map;

/**
 * Raises a container's CPU limit (and its request, by policy) in millicores, by the same rule as {@link IncreaseMemory}:
 * max(base × (1 + percent/100), base + minStep), rounded up to {@code roundTo}, capped at {@code max}, never lowered.
 */
public final class IncreaseCpu {

    private final ResourceRaise raise;

    private IncreaseCpu(ResourceRaise raise) {
        this.raise = raise;
    }

    /** The calculator for a playbook's action, which must be an IncreaseCPU. */
    public static IncreaseCpu of(ActionSpec spec) {
        Actions.requireType(spec, ActionType.IncreaseCPU);
        return withParams(spec.params());
    }

    /**
     * The calculator for these parameters; absent ones take their {@link ActionType#IncreaseCPU} defaults.
     *
     * @throws IllegalArgumentException for an unknown parameter or a malformed value
     */
    public static IncreaseCpu withParams(Map<String, Object> params) {
        return new IncreaseCpu(ResourceRaise.from(ActionType.IncreaseCPU, ResourceRaise.Resource.CPU,
                Params.of(ActionType.IncreaseCPU, params)));
    }

    /** The change for one container (only its CPU quantities are read). */
    public ActionResult apply(ContainerResources container) {
        return raise.apply(container);
    }
}
