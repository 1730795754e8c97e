package io.heal8s.engine.action;

/** Which object a {@link Patch} and its {@link FieldChange}s apply to. */
public enum PatchTarget {
    /** The object the action was computed for: the Deployment, StatefulSet, DaemonSet or PersistentVolumeClaim. */
    WORKLOAD,
    /** The HorizontalPodAutoscaler that scales the workload, named in {@link HpaState#name()}. */
    HORIZONTAL_POD_AUTOSCALER
}
