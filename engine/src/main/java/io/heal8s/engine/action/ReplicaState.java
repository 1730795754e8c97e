package io.heal8s.engine.action;

/**
 * The replica count of a Deployment or StatefulSet and the HorizontalPodAutoscaler that scales it, if any.
 *
 * @param hpa {@code null} when no HPA targets the workload
 */
public record ReplicaState(int replicas, HpaState hpa) {

    public ReplicaState {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative: " + replicas);
        }
    }

    /** A workload without an HPA. */
    public static ReplicaState of(int replicas) {
        return new ReplicaState(replicas, null);
    }
}
