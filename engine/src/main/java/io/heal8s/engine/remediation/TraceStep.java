package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One rule firing in {@code spec.decision.trace}: the rule's name and what it concluded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TraceStep {

    @JsonPropertyDescription("The rule's name, such as playbook:oom-increase-memory or guard:cooldown.")
    private String rule;

    @JsonPropertyDescription("What the rule concluded.")
    private String message;

    public TraceStep() {
    }

    public TraceStep(String rule, String message) {
        this.rule = rule;
        this.message = message;
    }

    public String getRule() {
        return rule;
    }

    public void setRule(String rule) {
        this.rule = rule;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
