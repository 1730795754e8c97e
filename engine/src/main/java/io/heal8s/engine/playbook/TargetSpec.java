package io.heal8s.engine.playbook;

import io.heal8s.engine.alert.Alert;
import java.util.Optional;

/**
 * How a playbook finds its workload in an alert's labels. With {@code kind} set only that kind's label is read;
 * without it the first present label wins, in the order Deployment, StatefulSet, DaemonSet, PersistentVolumeClaim, Pod.
 */
public record TargetSpec(
        WorkloadKind kind,
        String namespaceLabel,
        String deploymentLabel,
        String statefulsetLabel,
        String daemonsetLabel,
        String pvcLabel,
        String podLabel,
        String containerLabel) {

    /** The labels kube-state-metrics and cAdvisor alerts carry. */
    public static final TargetSpec DEFAULT = new TargetSpec(null, "namespace", "deployment", "statefulset",
            "daemonset", "persistentvolumeclaim", "pod", "container");

    private static final WorkloadKind[] INFER_ORDER = {
        WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.DaemonSet,
        WorkloadKind.PersistentVolumeClaim, WorkloadKind.Pod
    };

    public String labelFor(WorkloadKind k) {
        switch (k) {
            case Deployment:
                return deploymentLabel;
            case StatefulSet:
                return statefulsetLabel;
            case DaemonSet:
                return daemonsetLabel;
            case PersistentVolumeClaim:
                return pvcLabel;
            case Pod:
                return podLabel;
            default:
                throw new IllegalStateException("unknown kind " + k);
        }
    }

    /** The workload the alert names, or empty when its labels do not name one (no namespace, no workload). */
    public Optional<WorkloadRef> resolve(Alert alert) {
        String namespace = alert.label(namespaceLabel);
        if (namespace.isEmpty()) {
            return Optional.empty();
        }
        String container = alert.label(containerLabel);
        if (kind != null) {
            String name = alert.label(labelFor(kind));
            return name.isEmpty() ? Optional.empty()
                    : Optional.of(new WorkloadRef(kind, namespace, name, container));
        }
        for (WorkloadKind k : INFER_ORDER) {
            String name = alert.label(labelFor(k));
            if (!name.isEmpty()) {
                return Optional.of(new WorkloadRef(k, namespace, name, container));
            }
        }
        return Optional.empty();
    }
}
