package io.heal8s.operator;

import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.TargetResource;

/** Conversions between the API's {@link TargetResource} and the engine's {@link WorkloadRef}, and their text. */
final class Targets {

    private Targets() {
    }

    /** {@code spec.target}, or null when it lacks a kind, a name or a namespace. */
    static WorkloadRef of(Remediation r) {
        return r.getSpec() == null ? null : of(r.getSpec().getTarget());
    }

    /** The workload a target names, or null when it lacks a kind, a name or a namespace. */
    static WorkloadRef of(TargetResource t) {
        if (t == null || t.getKind() == null || t.getName() == null || t.getNamespace() == null) {
            return null;
        }
        return new WorkloadRef(t.getKind(), t.getNamespace(), t.getName(), t.getContainer());
    }

    /** The API's form of a workload, for {@code status.resolvedTarget}. */
    static TargetResource resource(WorkloadRef ref) {
        TargetResource t = new TargetResource();
        t.setKind(ref.kind());
        t.setNamespace(ref.namespace());
        t.setName(ref.name());
        t.setContainer(ref.container().isEmpty() ? null : ref.container());
        return t;
    }

    /** {@code Deployment shop/checkout}. */
    static String describe(WorkloadRef ref) {
        return ref.kind() + " " + ref.namespace() + "/" + ref.name();
    }
}
