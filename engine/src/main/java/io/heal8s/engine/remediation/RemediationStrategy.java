package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.heal8s.engine.playbook.Strategy;

/**
 * {@code spec.strategy}: how a Remediation is applied. {@code ttl} is a Go duration string ({@code 24h},
 * {@code 1h30m}), as the Go heal8s stores it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemediationStrategy {

    /** A Go duration: one or more number-unit pairs, or a bare 0. */
    static final String GO_DURATION = "^(0|([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+)$";

    @Required
    @Default("GitOps")
    @JsonPropertyDescription("GitOps opens a pull request for review; Direct patches the cluster.")
    private Strategy.Mode mode;

    @Default("true")
    @JsonPropertyDescription("Whether a person must approve the change.")
    private Boolean requireApproval;

    @JsonPropertyDescription("The environment (prod, staging, dev, ...), used in the manifest path.")
    private String environment;

    @Default("24h")
    @Pattern(GO_DURATION)
    @JsonPropertyDescription("How long the remediation may wait before it expires, as a Go duration (24h).")
    private String ttl;

    public Strategy.Mode getMode() {
        return mode;
    }

    public void setMode(Strategy.Mode mode) {
        this.mode = mode;
    }

    public Boolean getRequireApproval() {
        return requireApproval;
    }

    public void setRequireApproval(Boolean requireApproval) {
        this.requireApproval = requireApproval;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public String getTtl() {
        return ttl;
    }

    public void setTtl(String ttl) {
        this.ttl = ttl;
    }
}
