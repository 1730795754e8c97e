package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * {@code status.verification}: where the check after the rollout stands, kept in the status so that a restarted
 * operator goes on with the same window and the same count of healthy answers, and so that people see the revert.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerificationStatus {

    @JsonPropertyDescription("When the rollout was first seen done and the verification window began (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When the verification window ends (RFC 3339).")
    private String until;

    @JsonPropertyDescription("Healthy PromQL answers in a row so far.")
    private Integer healthyChecks;

    @JsonPropertyDescription("When the PromQL check was last asked (RFC 3339).")
    private String checkedAt;

    @JsonPropertyDescription("The last PromQL answer or error, in one line.")
    private String lastCheck;

    @JsonPropertyDescription("GitOps: the URL of the pull request (or the branch) that reverts the change after a "
            + "failed verification.")
    private String revertUrl;

    @JsonPropertyDescription("GitOps: the branch of the revert.")
    private String revertBranch;

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getUntil() {
        return until;
    }

    public void setUntil(String until) {
        this.until = until;
    }

    public Integer getHealthyChecks() {
        return healthyChecks;
    }

    public void setHealthyChecks(Integer healthyChecks) {
        this.healthyChecks = healthyChecks;
    }

    public String getCheckedAt() {
        return checkedAt;
    }

    public void setCheckedAt(String checkedAt) {
        this.checkedAt = checkedAt;
    }

    public String getLastCheck() {
        return lastCheck;
    }

    public void setLastCheck(String lastCheck) {
        this.lastCheck = lastCheck;
    }

    public String getRevertUrl() {
        return revertUrl;
    }

    public void setRevertUrl(String revertUrl) {
        this.revertUrl = revertUrl;
    }

    public String getRevertBranch() {
        return revertBranch;
    }

    public void setRevertBranch(String revertBranch) {
        this.revertBranch = revertBranch;
    }
}
