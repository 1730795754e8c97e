package io.heal8s.engine.action;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One revision of a workload, from its ReplicaSet (Deployment) or ControllerRevision (StatefulSet, DaemonSet).
 *
 * @param containerImages container name to image, in pod-template order
 * @param healthy whether the revision ran healthily (for example, its pods became ready and stayed so)
 * @param source the ReplicaSet or ControllerRevision it was read from, for the description
 */
public record Revision(long number, Map<String, String> containerImages, boolean healthy, Instant createdAt,
        String source) {

    public Revision {
        Objects.requireNonNull(containerImages, "containerImages");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(source, "source");
        containerImages.keySet().forEach(Paths::requireContainerName);
        // Map.copyOf would lose the pod-template order the description shows.
        containerImages = Collections.unmodifiableMap(new LinkedHashMap<>(containerImages));
    }
}
