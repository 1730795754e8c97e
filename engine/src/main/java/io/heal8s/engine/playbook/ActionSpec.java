package io.heal8s.engine.playbook;

import java.util.Map;
import java.util.Objects;

/**
 * The action a playbook proposes, with every parameter present: the playbook's values over the action's defaults,
 * validated and normalised to the Java type of its {@link ParamType}.
 */
public record ActionSpec(ActionType type, Map<String, Object> params) {

    public ActionSpec {
        Objects.requireNonNull(type, "type");
        params = Map.copyOf(params);
    }

    /** The action with all its defaults. */
    public static ActionSpec defaults(ActionType type) {
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (ParamSpec p : type.params()) {
            values.put(p.name(), p.defaultValue());
        }
        return new ActionSpec(type, values);
    }
}
