package io.heal8s.engine.playbook;

import java.util.Objects;

/**
 * The workload an alert points at, as read from its labels. A {@code Pod} reference is resolved to its owning
 * controller later, in the cluster.
 *
 * @param container empty when the alert names no container
 */
public record WorkloadRef(WorkloadKind kind, String namespace, String name, String container) {

    public WorkloadRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        container = container == null ? "" : container;
    }

    /** {@code Kind namespace/name}, as people read it in reasons, traces and pull requests. */
    public String describe() {
        return kind + " " + namespace + '/' + name;
    }

    /** {@code namespace/Kind/name}, the key guards and history use for "the same target". */
    public String key() {
        return namespace + '/' + kind + '/' + name;
    }
}
