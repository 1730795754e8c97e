package io.heal8s.engine.action;

import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.ParamSpec;
import java.util.Map;
import java.util.function.Function;

/** An action's parameters read from a playbook's normalised map, each falling back to its {@link ActionType} default. */
final class Params {

    private final ActionType type;
    private final Map<String, Object> values;

    private Params(ActionType type, Map<String, Object> values) {
        this.type = type;
        this.values = Map.copyOf(values);
    }

    /** @throws IllegalArgumentException for a parameter the action does not have (a typo would otherwise be ignored) */
    static Params of(ActionType type, Map<String, Object> values) {
        for (String name : values.keySet()) {
            if (type.param(name).isEmpty()) {
                throw new IllegalArgumentException(type + " has no parameter '" + Markdown.plain(name) + "'");
            }
        }
        return new Params(type, values);
    }

    int integer(String name) {
        Object v = value(name);
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return ((Number) v).intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw invalid(name, v, "a whole number");
        }
    }

    Quantity memory(String name) {
        return quantity(name, Quantity::parseMemory);
    }

    Quantity cpu(String name) {
        return quantity(name, Quantity::parseCpu);
    }

    private Quantity quantity(String name, Function<String, Quantity> parser) {
        Object v = value(name);
        try {
            return v instanceof Quantity q ? q : parser.apply(String.valueOf(v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type + " parameter '" + name + "': " + e.getMessage(), e);
        }
    }

    String word(String name) {
        Object v = value(name);
        ParamSpec spec = type.param(name).orElseThrow();
        if (!spec.allowed().isEmpty() && !spec.allowed().contains(String.valueOf(v))) {
            throw invalid(name, v, "one of " + spec.allowed());
        }
        return String.valueOf(v);
    }

    private Object value(String name) {
        ParamSpec spec = type.param(name)
                .orElseThrow(() -> new IllegalStateException(type + " declares no parameter '" + name + "'"));
        Object v = values.get(name);
        return v != null ? v : spec.defaultValue();
    }

    private IllegalArgumentException invalid(String name, Object value, String expected) {
        return new IllegalArgumentException(type + " parameter '" + name + "' is '" + Markdown.plain(String.valueOf(value))
                + "', expected " + expected);
    }
}
