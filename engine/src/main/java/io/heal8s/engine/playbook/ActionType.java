package io.heal8s.engine.playbook;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The remediation actions heal8s knows, each with its typed parameters and defaults and the workload kinds it
 * applies to. The names are the ones playbooks, Remediation resources and the original Go heal8s use.
 */
public enum ActionType {
    IncreaseMemory(
            "Raise a container's memory limit (and request, by policy) by a percentage, rounded and capped.",
            EnumSet.of(WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.DaemonSet, WorkloadKind.Pod),
            List.of(
                    ParamSpec.of("percent", ParamType.PERCENT, 25, "Increase over the current limit, in percent."),
                    ParamSpec.of("minStep", ParamType.MEMORY, "64Mi", "The smallest increase."),
                    ParamSpec.of("roundTo", ParamType.MEMORY, "64Mi", "The new value is rounded up to a multiple of this."),
                    ParamSpec.of("max", ParamType.MEMORY, "2Gi", "The cap: never raise beyond this."),
                    ParamSpec.of("default", ParamType.MEMORY, "256Mi", "The base when the container has neither limit nor request."),
                    ParamSpec.oneOf("requests", List.of("keepRatio", "equalLimit", "unchanged"), "keepRatio",
                            "How the memory request follows the new limit."))),
    IncreaseCPU(
            "Raise a container's CPU limit (and request, by policy) by a percentage, rounded and capped.",
            EnumSet.of(WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.DaemonSet, WorkloadKind.Pod),
            List.of(
                    ParamSpec.of("percent", ParamType.PERCENT, 25, "Increase over the current limit, in percent."),
                    ParamSpec.of("minStep", ParamType.CPU, "100m", "The smallest increase."),
                    ParamSpec.of("roundTo", ParamType.CPU, "50m", "The new value is rounded up to a multiple of this."),
                    ParamSpec.of("max", ParamType.CPU, "2", "The cap: never raise beyond this."),
                    ParamSpec.of("default", ParamType.CPU, "250m", "The base when the container has neither limit nor request."),
                    ParamSpec.oneOf("requests", List.of("keepRatio", "equalLimit", "unchanged"), "keepRatio",
                            "How the CPU request follows the new limit."))),
    ScaleUp(
            "Add replicas (or raise a maxed-out HPA's maxReplicas), capped.",
            EnumSet.of(WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.Pod),
            List.of(
                    ParamSpec.of("percent", ParamType.PERCENT, 50, "Increase in replicas, in percent (at least minIncrement)."),
                    ParamSpec.of("minIncrement", ParamType.INTEGER, 1, "The smallest number of replicas added."),
                    ParamSpec.of("maxReplicas", ParamType.INTEGER, 10, "The cap on replicas (or on the HPA's maxReplicas)."))),
    RollbackImage(
            "Restore the container images of the previous healthy revision.",
            EnumSet.of(WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.DaemonSet, WorkloadKind.Pod),
            List.of()),
    RolloutRestart(
            "Restart the workload's pods with a rolling restart.",
            EnumSet.of(WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.DaemonSet, WorkloadKind.Pod),
            List.of()),
    ExpandVolume(
            "Raise a PersistentVolumeClaim's storage request, when its StorageClass allows expansion.",
            EnumSet.of(WorkloadKind.PersistentVolumeClaim),
            List.of(
                    ParamSpec.of("percent", ParamType.PERCENT, 50, "Increase over the current request, in percent."),
                    ParamSpec.of("minStep", ParamType.MEMORY, "1Gi", "The smallest increase."),
                    ParamSpec.of("max", ParamType.MEMORY, "100Gi", "The cap: never raise beyond this.")));

    private final String description;
    private final Set<WorkloadKind> targets;
    private final List<ParamSpec> params;

    ActionType(String description, Set<WorkloadKind> targets, List<ParamSpec> params) {
        this.description = description;
        this.targets = Set.copyOf(targets);
        this.params = params;
    }

    public String description() {
        return description;
    }

    /** The workload kinds this action can change. */
    public Set<WorkloadKind> targets() {
        return targets;
    }

    public List<ParamSpec> params() {
        return params;
    }

    public Optional<ParamSpec> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Exact, case-sensitive lookup by name; empty for an unknown action. */
    public static Optional<ActionType> parse(String name) {
        for (ActionType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
