package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.heal8s.engine.playbook.WorkloadKind;

/**
 * {@code spec.target}: the workload a Remediation changes. The kinds are a superset of the Go heal8s' (Deployment,
 * StatefulSet, DaemonSet); a Pod is resolved to its controller by the operator.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetResource {

    @Required
    @JsonPropertyDescription("The workload's kind.")
    private WorkloadKind kind;

    @Required
    @JsonPropertyDescription("The workload's name.")
    private String name;

    @Required
    @JsonPropertyDescription("The workload's namespace.")
    private String namespace;

    @JsonPropertyDescription("The container to change, when the workload has several.")
    private String container;

    public WorkloadKind getKind() {
        return kind;
    }

    public void setKind(WorkloadKind kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getContainer() {
        return container;
    }

    public void setContainer(String container) {
        this.container = container;
    }
}
