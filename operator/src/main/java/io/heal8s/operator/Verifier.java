package io.heal8s.operator;

import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.config.VerificationSettings;
import io.heal8s.engine.playbook.Durations;
import io.heal8s.engine.playbook.Verify;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.VerificationSpec;
import io.heal8s.engine.remediation.VerificationStatus;
import io.heal8s.engine.remediation.WireFormats;
import io.heal8s.engine.verification.PromQlCheck;
import io.heal8s.engine.verification.PrometheusException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a change that is in the cluster, its rollout done, helped: within the window of
 * {@code spec.verification} (counted from the first look after the rollout), the alert resolved
 * ({@code status.alertResolvedAt} after {@code appliedAt}) or the PromQL check answered healthy
 * {@code successes} times in a row. A firing alert inside the window is not a failure; only the window running out
 * is. Until it knows, it asks to be called again after the check's interval (or when the window ends): the reconciler
 * reschedules, no thread waits. Its state ({@code status.verification}) is in the status, so a restarted operator
 * goes on where it was.
 *
 * <p>The caller undoes a change that failed: {@link DirectExecutor} rolls it back, {@link GitOpsVerification} opens
 * a revert. A Remediation without {@code spec.verification} is not verified ({@link #check} returns null).
 */
public final class Verifier implements DirectExecutor.Verification {

    /** The reason while the window is open. */
    public static final String REASON_VERIFYING = "Verifying";
    /** The reason of a Succeeded Remediation whose change was verified. */
    public static final String REASON_VERIFIED = "Verified";
    /** The reason of a change that did not verify within its window. */
    public static final String REASON_VERIFICATION_FAILED = "VerificationFailed";

    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

    private final Clock clock;
    private final VerificationSettings settings;
    private final PromQlCheck prometheus;

    /**
     * @param prometheus null when no Prometheus is configured: a PromQL check then never passes, and the failure says
     *     that {@code heal8s.prometheus.url} is not set
     */
    public Verifier(Clock clock, VerificationSettings settings, PromQlCheck prometheus) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.prometheus = prometheus;
    }

    @Override
    public RemediationExecutor.Step verify(Remediation r, ResolvedWorkload workload, String rollout) {
        String done = "The rollout of " + workload.workload().describe() + " finished (" + rollout + ")";
        RemediationExecutor.Step step = check(r, done);
        return step != null ? step : RemediationExecutor.Step.succeeded(done + ".");
    }

    /**
     * The next step for a Remediation whose change is applied and whose rollout is done: Succeeded {@code Verified},
     * Applying {@code Verifying} with a {@code retryAfter}, or Failed {@code VerificationFailed} (the message says
     * why; the caller undoes the change); null when the Remediation asks for no verification.
     *
     * @param done one sentence on what happened so far (the rollout), the start of the messages
     */
    public RemediationExecutor.Step check(Remediation r, String done) {
        VerificationSpec spec = r.getSpec() == null ? null : r.getSpec().getVerification();
        if (spec == null) {
            return null;
        }
        RemediationStatus s = r.getStatus();
        Instant now = clock.instant();
        VerificationStatus v = s.getVerification();
        if (v == null || v.getUntil() == null) {
            v = v == null ? new VerificationStatus() : v;
            v.setStartedAt(WireFormats.timestamp(now));
            v.setUntil(WireFormats.timestamp(now.plus(window(spec))));
            v.setHealthyChecks(0);
            s.setVerification(v);
        }
        Instant until = instant(v.getUntil(), now);
        Instant applied = instant(s.getAppliedAt(), instant(v.getStartedAt(), now));
        String alert = r.getSpec().getAlert() == null || r.getSpec().getAlert().getName() == null ? "the alert"
                : "alert " + r.getSpec().getAlert().getName();
        Instant resolved = s.getAlertResolvedAt() == null ? null : instant(s.getAlertResolvedAt(), null);
        if (resolved != null && !resolved.isBefore(applied) && !resolved.isAfter(until)) {
            return verified(done + "; verified: " + alert + " resolved at " + s.getAlertResolvedAt() + ", "
                    + Durations.format(Duration.between(applied, resolved)) + " after the change was applied.");
        }
        String promql = spec.getPromql();
        int successes = spec.getSuccesses() == null || spec.getSuccesses() < 1 ? 1 : spec.getSuccesses();
        Duration interval = interval(spec);
        if (promql != null && !promql.isBlank() && now.isBefore(until)) {
            Instant last = instant(v.getCheckedAt(), null);
            if (last == null || !now.isBefore(last.plus(interval))) {
                ask(v, promql, now);
                if (v.getHealthyChecks() != null && v.getHealthyChecks() >= successes) {
                    return verified(done + "; verified: the PromQL check was healthy " + (successes == 1 ? "once"
                            : successes + " times in a row") + " (" + answer(v) + ").");
                }
            }
        }
        if (!now.isBefore(until)) {
            String why = "not verified within the " + Durations.format(window(spec)) + " window (until "
                    + v.getUntil() + "): " + alert + " did not resolve"
                    + (promql == null || promql.isBlank() ? "" : " and the PromQL check was not healthy"
                    + (v.getLastCheck() == null ? " (never asked)" : " (last: " + answer(v) + ")"));
            return RemediationExecutor.Step.failed(REASON_VERIFICATION_FAILED, why);
        }
        Duration wait = Duration.between(now, until);
        if (promql != null && !promql.isBlank() && interval.compareTo(wait) < 0) {
            wait = interval;
        }
        String message = REASON_VERIFYING.equals(s.getReason()) && s.getMessage() != null ? s.getMessage()
                : done + "; verifying until " + v.getUntil() + ": waiting for " + alert + " to resolve"
                        + (promql == null || promql.isBlank() ? "" : " or the PromQL check to be healthy") + ".";
        return RemediationExecutor.Step.retryAfter(RemediationPhase.Applying, REASON_VERIFYING, message,
                wait.isZero() || wait.isNegative() ? Duration.ofMillis(10) : wait);
    }

    /** Asks Prometheus once and records the answer (a count of healthy answers in a row, the last one in a line). */
    private void ask(VerificationStatus v, String promql, Instant now) {
        v.setCheckedAt(WireFormats.timestamp(now));
        if (prometheus == null) {
            v.setLastCheck(VerificationSettings.PROMETHEUS_URL + " is not set: the PromQL check cannot run");
            return;
        }
        try {
            PromQlCheck.PromQlAnswer answer = prometheus.ask(promql);
            int healthy = v.getHealthyChecks() == null ? 0 : v.getHealthyChecks();
            v.setHealthyChecks(answer.healthy() ? healthy + 1 : 0);
            v.setLastCheck((answer.healthy() ? "healthy: " : "unhealthy: ") + answer.summary());
        } catch (PrometheusException e) {
            // Not an answer: the count of healthy answers in a row stays; the window keeps running.
            LOG.debug("PromQL check failed: {}", e.getMessage());
            v.setLastCheck("Prometheus unreachable: " + e.getMessage());
        }
    }

    private static RemediationExecutor.Step verified(String message) {
        return new RemediationExecutor.Step(RemediationPhase.Succeeded, REASON_VERIFIED, message);
    }

    private static String answer(VerificationStatus v) {
        return String.valueOf(v.getLastCheck());
    }

    /** The spec's window, or the configured one when it is absent or unreadable. */
    Duration window(VerificationSpec spec) {
        return duration(spec.getWindow(), settings.window());
    }

    private static Duration interval(VerificationSpec spec) {
        return duration(spec.getInterval(), Verify.DEFAULT_INTERVAL);
    }

    private static Duration duration(String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Duration d = Durations.parse(text.strip());
            return d.isZero() ? fallback : d;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static Instant instant(String text, Instant fallback) {
        Instant at = text == null ? null : WireFormats.timestampOrNull(text.strip());
        return at == null ? fallback : at;
    }
}
