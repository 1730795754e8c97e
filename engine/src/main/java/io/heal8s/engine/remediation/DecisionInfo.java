package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** {@code spec.decision}: why the rules proposed a Remediation, with the rules that fired in firing order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DecisionInfo {

    @JsonPropertyDescription("One sentence for people: why this remediation.")
    private String reason;

    @JsonPropertyDescription("Every rule that fired, in order, with what it concluded.")
    private List<TraceStep> trace;

    @JsonPropertyDescription("Set when a guard refused the change: the operator then skips the Remediation.")
    private RefusalInfo refusal;

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public List<TraceStep> getTrace() {
        return trace;
    }

    public void setTrace(List<TraceStep> trace) {
        this.trace = trace;
    }

    public RefusalInfo getRefusal() {
        return refusal;
    }

    public void setRefusal(RefusalInfo refusal) {
        this.refusal = refusal;
    }
}
