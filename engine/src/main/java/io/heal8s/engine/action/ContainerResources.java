package io.heal8s.engine.action;

import java.util.Objects;

/**
 * The resources of one container of a workload's pod template; any quantity may be {@code null} when the manifest
 * does not set it.
 *
 * @param container the container's name, a DNS label as Kubernetes requires
 */
public record ContainerResources(String container, Quantity memoryLimit, Quantity memoryRequest, Quantity cpuLimit,
        Quantity cpuRequest) {

    public ContainerResources {
        Objects.requireNonNull(container, "container");
        Paths.requireContainerName(container);
        requireRequestWithinLimit(container, "memory", memoryRequest, memoryLimit);
        requireRequestWithinLimit(container, "cpu", cpuRequest, cpuLimit);
    }

    /** A container with only memory set; either quantity may be {@code null}. */
    public static ContainerResources memory(String container, String limit, String request) {
        return new ContainerResources(container, limit == null ? null : Quantity.parseMemory(limit),
                request == null ? null : Quantity.parseMemory(request), null, null);
    }

    /** A container with only CPU set; either quantity may be {@code null}. */
    public static ContainerResources cpu(String container, String limit, String request) {
        return new ContainerResources(container, null, null, limit == null ? null : Quantity.parseCpu(limit),
                request == null ? null : Quantity.parseCpu(request));
    }

    private static void requireRequestWithinLimit(String container, String resource, Quantity request, Quantity limit) {
        if (request != null && limit != null && request.compareTo(limit) > 0) {
            // The API server refuses such a container, so the input did not come from a real object.
            throw new IllegalArgumentException("container " + container + ": " + resource + " request " + request
                    + " is above its limit " + limit);
        }
    }
}
