package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.heal8s.engine.playbook.Verify;

/**
 * {@code spec.verification}: the playbook's {@code verify:} section, copied into the Remediation so that the operator
 * checks the change as the playbook said even after the playbook changed. A Remediation without it (made by hand, or
 * before verification existed) is Succeeded as soon as its change is in the cluster.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VerificationSpec {

    @JsonPropertyDescription("How long after the rollout the alert may take to resolve, or the PromQL check to turn "
            + "healthy, as a Go duration; absent means the operator's heal8s.verification.window.")
    private String window;

    @JsonPropertyDescription("A PromQL query asked of Prometheus; healthy when its result is non-empty and every "
            + "sample is non-zero. Absent: only the alert's resolution verifies the change.")
    private String promql;

    @JsonPropertyDescription("How often the PromQL check is asked, as a Go duration (default 30s).")
    private String interval;

    @JsonPropertyDescription("How many healthy answers in a row verify the change (default 1).")
    private Integer successes;

    public VerificationSpec() {
    }

    /** The spec of a playbook's {@code verify:} section, durations in Go's form. */
    public static VerificationSpec of(Verify verify) {
        VerificationSpec spec = new VerificationSpec();
        spec.setWindow(verify.window() == null ? null : WireFormats.goDuration(verify.window()));
        spec.setPromql(verify.promql());
        spec.setInterval(WireFormats.goDuration(verify.interval()));
        spec.setSuccesses(verify.successes());
        return spec;
    }

    public String getWindow() {
        return window;
    }

    public void setWindow(String window) {
        this.window = window;
    }

    public String getPromql() {
        return promql;
    }

    public void setPromql(String promql) {
        this.promql = promql;
    }

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public Integer getSuccesses() {
        return successes;
    }

    public void setSuccesses(Integer successes) {
        this.successes = successes;
    }
}
