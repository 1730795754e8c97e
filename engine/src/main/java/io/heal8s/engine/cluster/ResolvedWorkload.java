package io.heal8s.engine.cluster;

import io.heal8s.engine.playbook.WorkloadRef;
import java.util.List;
import java.util.Objects;

/**
 * The workload an alert's target really is, found by {@link WorkloadResolver}, and how it was found: a Pod's chain of
 * controlling owners, so a status message or an Event can show why heal8s changes a Deployment for a Pod's alert.
 *
 * @param workload the object to change, with the container of the reference it was resolved from
 * @param chain each object visited, {@code Kind namespace/name}, from the reference to the workload (one entry when
 *     the reference was the workload itself)
 */
public record ResolvedWorkload(WorkloadRef workload, List<String> chain) {

    public ResolvedWorkload {
        Objects.requireNonNull(workload, "workload");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must name at least the workload itself");
        }
    }

    /** The chain as one line, e.g. {@code Pod shop/checkout-7d9f8b6c5d-x2k4q → ReplicaSet shop/checkout-7d9f8b6c5d → Deployment shop/checkout}. */
    public String describe() {
        return String.join(" → ", chain);
    }

    /** {@code Kind namespace/name}, the form of one chain entry. */
    static String entry(String kind, String namespace, String name) {
        return kind + ' ' + namespace + '/' + name;
    }
}
