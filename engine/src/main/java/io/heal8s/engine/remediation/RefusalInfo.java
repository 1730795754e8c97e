package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * {@code spec.decision.refusal}: a safety rail of the webhook (a guard) refused this change. Such a Remediation is
 * stored so that the refusal is visible; the operator moves it straight to Skipped with this reason and message, and
 * it never counts in a guard's history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RefusalInfo {

    @JsonPropertyDescription("The guard that refused: cooldown, max-attempts, loop, or a user guard's name.")
    private String rail;

    @JsonPropertyDescription("The status reason the refusal gives: Cooldown, MaxAttempts, SuspectedLeak, "
            + "SuspectedLoop or Guarded.")
    private String reason;

    @JsonPropertyDescription("Why, for people: the guard's explanation.")
    private String message;

    public RefusalInfo() {
    }

    public RefusalInfo(String rail, String reason, String message) {
        this.rail = rail;
        this.reason = reason;
        this.message = message;
    }

    public String getRail() {
        return rail;
    }

    public void setRail(String rail) {
        this.rail = rail;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
