package io.heal8s.server.operator;

import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.WireFormats;
import io.heal8s.engine.rules.Refusal;
import io.heal8s.operator.TransitionListener;
import io.heal8s.server.logging.LogFields;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * What the operator's transitions mean to Prometheus and to the log: every move counted by phase pair, successes and
 * failures (by reason) counted, the time from decision to the end of a Remediation measured, and one log record per
 * move carrying the Remediation, the alert's fingerprint and the phase as JSON fields.
 */
@ApplicationScoped
public class RemediationMetrics implements TransitionListener {

    private static final Logger LOG = Logger.getLogger(RemediationMetrics.class.getName());

    /**
     * {@code heal8s_alerts_skipped_total{reason}}: one metric for every alert that changed nothing, whether the
     * webhook refused it or a safety rail of the operator did (one Metadata, so that both register the same metric).
     */
    public static final Metadata ALERTS_SKIPPED = Metadata.builder().withName("heal8s_alerts_skipped")
            .withDescription("Alerts that changed nothing, by reason: the webhook's, for alerts that made no"
                    + " Remediation (no_match, guarded, no_target, no_remediation), and the operator's, once per"
                    + " Remediation it ended in Skipped: a guard's refusal (cooldown, max_attempts, suspected_leak,"
                    + " suspected_loop, guarded) or a safety rail (excluded_namespace, paused, rate_limited,"
                    + " dry_run).").build();

    private static final Metadata DEFERRED = Metadata.builder().withName("heal8s_remediations_deferred")
            .withDescription("Remediations a safety rail made wait before their change started, by reason"
                    + " (concurrency_limit), counted once per Remediation.").build();

    /** The {@code from} label of a Remediation the operator had never seen. */
    static final String NEW = "New";

    @Inject
    MetricRegistry metrics;

    @PostConstruct
    void register() {
        // Registered up front, so that a dashboard's rate() sees 0 rather than nothing before the first success.
        succeeded();
        deleted();
    }

    /** Counts the Remediations one retention sweep deleted. */
    public void deleted(int count) {
        deleted().inc(count);
    }

    @Override
    public void onTransition(Remediation remediation, RemediationPhase from, RemediationPhase to, String reason) {
        String fromName = from == null ? NEW : from.name();
        transitions(fromName, to.name()).inc();
        if (to == RemediationPhase.Succeeded) {
            succeeded().inc();
        } else if (to == RemediationPhase.Failed) {
            failed(reason).inc();
        } else if (to == RemediationPhase.Skipped && from != RemediationPhase.Skipped) {
            metrics.counter(ALERTS_SKIPPED, new Tag("reason", snakeCase(reason))).inc();
        }
        if (to.isTerminal()) {
            Instant decided = RemediationLabels.decidedAt(remediation);
            if (decided != null) {
                // Measured to the end the status records (the reconciler's clock), else to now.
                String resolved = remediation.getStatus() == null ? null : remediation.getStatus().getResolvedAt();
                Instant end = resolved == null ? Instant.now() : WireFormats.parseTimestamp(resolved);
                Duration took = Duration.between(decided, end);
                duration(to.name()).update(took.isNegative() ? Duration.ZERO : took);
            }
        }
        log(remediation, fromName, to, reason);
    }

    @Override
    public void onDeferred(Remediation remediation, String reason) {
        metrics.counter(DEFERRED, new Tag("reason", snakeCase(reason))).inc();
    }

    /** {@code RateLimited} → {@code rate_limited}: the webhook's spelling of reasons in metric labels. */
    static String snakeCase(String reason) {
        return reason == null ? "unknown" : Refusal.snakeCase(reason);
    }

    private static void log(Remediation remediation, String from, RemediationPhase to, String reason) {
        String name = remediation.getMetadata().getNamespace() + "/" + remediation.getMetadata().getName();
        String fingerprint = remediation.getSpec() == null || remediation.getSpec().getAlert() == null ? null
                : remediation.getSpec().getAlert().getFingerprint();
        String message = remediation.getStatus() == null ? "" : remediation.getStatus().getMessage();
        Level level = to == RemediationPhase.Failed || to == RemediationPhase.Expired ? Level.WARNING : Level.INFO;
        try (LogFields fields = LogFields.open(LogFields.REMEDIATION, name, LogFields.FINGERPRINT, fingerprint,
                LogFields.PHASE, to.name())) {
            LOG.log(level, "Remediation {0}: {1} -> {2} ({3}) {4}", new Object[] {name, from, to, reason,
                message == null ? "" : message});
        }
    }

    // Prometheus' exposition appends _total to counters and _seconds to timers.
    private Counter transitions(String from, String to) {
        return metrics.counter(Metadata.builder().withName("heal8s_remediation_phase_transitions")
                .withDescription("Phase changes the operator made, by the phase left (New for a fresh Remediation)"
                        + " and the phase entered.").build(), new Tag("from", from), new Tag("to", to));
    }

    private Counter succeeded() {
        return metrics.counter(Metadata.builder().withName("heal8s_remediations_succeeded")
                .withDescription("Remediations that reached Succeeded.").build());
    }

    private Counter deleted() {
        return metrics.counter(Metadata.builder().withName("heal8s_remediations_deleted")
                .withDescription("Terminal Remediations the retention sweep deleted (heal8s.operator.retention).")
                .build());
    }

    private Counter failed(String reason) {
        return metrics.counter(Metadata.builder().withName("heal8s_remediations_failed")
                .withDescription("Remediations that reached Failed, by status reason (TargetNotFound, Denied,"
                        + " RolledBack, ...).").build(), new Tag("reason", reason));
    }

    private Timer duration(String outcome) {
        return metrics.timer(Metadata.builder().withName("heal8s_remediation_duration")
                .withDescription("Time from the decision to the end of a Remediation, by final phase.").build(),
                new Tag("phase", outcome));
    }
}
