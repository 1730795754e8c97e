package io.heal8s.engine.action;

import java.util.Objects;

/**
 * One field an action changes, addressed by a path into the patched object, with its old value ({@code null} when the
 * field does not exist yet) and its new value.
 *
 * <p>Path grammar: segments separated by {@code .}; a list item keyed by name is {@code containers[name=app]}; a map key
 * containing dots is quoted, {@code annotations["kubectl.kubernetes.io/restartedAt"]}. For example
 * {@code spec.template.spec.containers[name=app].resources.limits.memory}.
 */
public record FieldChange(String path, String oldValue, String newValue) {

    public FieldChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(newValue, "newValue");
    }

    /** True when the field did not exist before the change. */
    public boolean isAddition() {
        return oldValue == null;
    }
}
