package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * {@code status.approval}: what the approval policy decided, recorded once in Analyzing. A status field rather than a
 * rewrite of {@code spec.strategy}: the spec stays what the rules proposed, and the executors read the mode and the
 * approval from here. Its presence also means the policy was asked, so a requeue does not ask it again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApprovalInfo {

    @JsonPropertyDescription("The policy's mode: GitOps, Direct or Deny.")
    private String mode;

    @JsonPropertyDescription("Whether a person must approve the change.")
    private Boolean requireApproval;

    @JsonPropertyDescription("The engine that decided: opa-rest, opa-wasm or fail-safe.")
    private String source;

    @JsonPropertyDescription("True when no policy answered and the safe default (GitOps with approval) was taken.")
    private Boolean failSafe;

    public ApprovalInfo() {
    }

    public ApprovalInfo(String mode, Boolean requireApproval, String source, Boolean failSafe) {
        this.mode = mode;
        this.requireApproval = requireApproval;
        this.source = source;
        this.failSafe = failSafe;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public Boolean getRequireApproval() {
        return requireApproval;
    }

    public void setRequireApproval(Boolean requireApproval) {
        this.requireApproval = requireApproval;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public Boolean getFailSafe() {
        return failSafe;
    }

    public void setFailSafe(Boolean failSafe) {
        this.failSafe = failSafe;
    }
}
