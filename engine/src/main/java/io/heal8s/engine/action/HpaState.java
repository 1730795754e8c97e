package io.heal8s.engine.action;

import java.util.Objects;

/**
 * The part of a HorizontalPodAutoscaler that {@link ScaleUp} needs: its bounds from the spec and its replica counts
 * from the status.
 */
public record HpaState(String name, int minReplicas, int maxReplicas, int currentReplicas, int desiredReplicas) {

    public HpaState {
        Objects.requireNonNull(name, "name");
        if (minReplicas < 0 || maxReplicas < 1 || currentReplicas < 0 || desiredReplicas < 0) {
            throw new IllegalArgumentException("HPA " + name + ": replica counts must not be negative and maxReplicas"
                    + " must be at least 1");
        }
    }

    /** True when the HPA runs, and wants, as many replicas as it may: only then is its maximum what holds it back. */
    public boolean atMaximum() {
        return currentReplicas >= maxReplicas && desiredReplicas >= maxReplicas;
    }
}
