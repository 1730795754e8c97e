package io.heal8s.engine.playbook;

import java.util.List;

/**
 * One typed parameter of an action: its name, type, default and description (shown by the lint tool and the docs).
 *
 * @param allowed the accepted words for {@link ParamType#ENUM}, empty otherwise
 */
public record ParamSpec(String name, ParamType type, Object defaultValue, List<String> allowed, String description) {

    public ParamSpec {
        allowed = List.copyOf(allowed);
    }

    public static ParamSpec of(String name, ParamType type, Object defaultValue, String description) {
        return new ParamSpec(name, type, defaultValue, List.of(), description);
    }

    public static ParamSpec oneOf(String name, List<String> allowed, String defaultValue, String description) {
        return new ParamSpec(name, ParamType.ENUM, defaultValue, allowed, description);
    }
}
