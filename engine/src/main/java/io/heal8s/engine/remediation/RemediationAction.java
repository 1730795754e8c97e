package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.heal8s.engine.playbook.ActionType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code spec.action}: what to do, and its parameters as strings. Strings, as in the Go heal8s' {@code
 * map[string]string}: the schema stays one simple map that {@code kubectl edit} users can change, and the action
 * calculators already parse numbers and quantities from text against each {@link ActionType}'s declared parameters.
 *
 * <p>{@code type} is a string rather than the {@link ActionType} enum so that a resource written by the Go heal8s
 * (which also knows {@code CustomScript}) still reads; {@link #actionType()} says whether this heal8s knows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemediationAction {

    @Required
    @JsonPropertyDescription(
            "The action: IncreaseMemory, IncreaseCPU, ScaleUp, RollbackImage, RolloutRestart or ExpandVolume.")
    private String type;

    @JsonPropertyDescription("The action's parameters, as strings (for example percent: \"25\", max: 2Gi).")
    private Map<String, String> params;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public Map<String, String> getParams() {
        return params;
    }

    public void setParams(Map<String, String> params) {
        this.params = params == null ? null : new LinkedHashMap<>(params);
    }

    /** The action as this heal8s knows it; empty for an action it does not implement. */
    public Optional<ActionType> actionType() {
        return ActionType.parse(type);
    }
}
