package io.heal8s.engine.playbook;

import java.time.Duration;

/**
 * A playbook's {@code verify:} section: how heal8s decides, after the change is in the cluster, that it helped. The
 * change is verified when, within {@code window} of the rollout's end, the alert resolves or (when {@code promql} is
 * set) the query answers healthy {@code successes} times in a row, asked every {@code interval}; otherwise it is
 * undone (Direct) or a revert is proposed (GitOps). Healthy means a non-empty result whose every sample is non-zero,
 * so both a filtering expression ({@code rate(x[5m]) < 0.9}) and a {@code bool} comparison work.
 *
 * @param window null for the server's {@code heal8s.verification.window} (15m by default)
 * @param promql null when only the alert's resolution counts
 */
public record Verify(Duration window, String promql, Duration interval, int successes) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_SUCCESSES = 1;
    /** The longest PromQL text a playbook may carry (Prometheus has no limit; a Remediation's spec should). */
    public static final int MAX_PROMQL = 4096;

    /** What a playbook without {@code verify:} gets: the server's window, the alert's resolution only. */
    public static final Verify DEFAULT = new Verify(null, null, DEFAULT_INTERVAL, DEFAULT_SUCCESSES);

    public Verify {
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        promql = promql == null || promql.isBlank() ? null : promql.strip();
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("verify.window must be longer than zero, was " + window);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("verify.interval must be longer than zero, was " + interval);
        }
        if (successes < 1) {
            throw new IllegalArgumentException("verify.successes must be at least 1, was " + successes);
        }
    }
}
