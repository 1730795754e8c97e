package io.heal8s.engine.playbook;

import io.heal8s.engine.action.Quantity;
import java.util.LinkedHashMap;
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
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec p : type.params()) {
            values.put(p.name(), p.defaultValue());
        }
        return new ActionSpec(type, values);
    }

    /** An {@link ParamType#INTEGER} or {@link ParamType#PERCENT} parameter. */
    public int intParam(String name) {
        return (Integer) required(name);
    }

    /** A {@link ParamType#MEMORY} or {@link ParamType#CPU} parameter, parsed (it was validated on load). */
    public Quantity quantityParam(String name) {
        return Quantity.parse((String) required(name));
    }

    /** An {@link ParamType#ENUM} parameter, or any parameter's text. */
    public String stringParam(String name) {
        return String.valueOf(required(name));
    }

    private Object required(String name) {
        Object value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException(type + " has no parameter '" + name + "'");
        }
        return value;
    }
}
