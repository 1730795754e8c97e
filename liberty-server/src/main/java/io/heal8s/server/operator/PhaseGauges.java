package io.heal8s.server.operator;

import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.server.remediations.RemediationStores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The Remediations of the watched namespaces as gauges read from the informer cache at scrape time:
 * {@code heal8s_remediations{phase}} (every phase, 0 included) and
 * {@code heal8s_remediation_oldest_in_phase_seconds{phase}} (the non-terminal phases, 0 when none). Unlike the
 * transition counters they survive a restart: a Remediation stuck since before it is still seen.
 *
 * <p>Every replica holds the same cache, so every replica reports the same cluster-wide values (not its own share):
 * aggregate them with {@code max()}, never {@code sum()}. Until the cache has its first list (or without a Kubernetes
 * client) the gauges are NaN, which {@code max()} ignores beside a replica that knows. One scrape reads every gauge;
 * the census behind them is computed once per {@link #FRESH} and shared, so 10,000 Remediations cost one pass.
 */
@ApplicationScoped
public class PhaseGauges {

    private static final Logger LOG = Logger.getLogger(PhaseGauges.class.getName());

    /** How long one census serves the gauges: a scrape reads them all well within it. */
    static final Duration FRESH = Duration.ofSeconds(1);

    static final Metadata COUNT = Metadata.builder().withName("heal8s_remediations")
            .withDescription("Remediations in the watched namespaces by phase, read from the informer cache: the"
                    + " cluster's Remediations, the same on every replica (aggregate with max()).").build();

    // Named with its unit: a unit in the Metadata would make the exposition append it again.
    static final Metadata OLDEST = Metadata.builder().withName("heal8s_remediation_oldest_in_phase_seconds")
            .withDescription("How long the oldest Remediation in a non-terminal phase has been in it (0 when none),"
                    + " from status.phaseSince: the cluster's Remediations, the same on every replica (aggregate"
                    + " with max()).").build();

    @Inject
    MetricRegistry metrics;

    @Inject
    RemediationStores stores;

    private Census census;

    void onStart(@Observes Startup event) {
        register(metrics, () -> stores.synced(), InstantSource.system());
    }

    /** Registers the gauges over {@code source}; separate from start-up so that a test gives its own list and clock. */
    void register(MetricRegistry registry, Supplier<Optional<List<Remediation>>> source, InstantSource clock) {
        census = new Census(source, clock);
        for (RemediationPhase phase : RemediationPhase.values()) {
            registry.gauge(COUNT, census, c -> c.count(phase), new Tag("phase", phase.name()));
            if (!phase.isTerminal()) {
                registry.gauge(OLDEST, census, c -> c.oldestSeconds(phase), new Tag("phase", phase.name()));
            }
        }
    }

    /** The latest census, recomputed when older than {@link #FRESH}; NaN values while the source has nothing. */
    static final class Census {
        private final Supplier<Optional<List<Remediation>>> source;
        private final InstantSource clock;
        private PhaseCensus last;
        private Instant at;

        Census(Supplier<Optional<List<Remediation>>> source, InstantSource clock) {
            this.source = source;
            this.clock = clock;
        }

        double count(RemediationPhase phase) {
            PhaseCensus current = current();
            return current == null ? Double.NaN : current.count(phase);
        }

        double oldestSeconds(RemediationPhase phase) {
            PhaseCensus current = current();
            return current == null ? Double.NaN : current.oldestInPhase(phase).toMillis() / 1000.0;
        }

        private synchronized PhaseCensus current() {
            Instant now = clock.instant();
            if (at != null && Duration.between(at, now).compareTo(FRESH) < 0) {
                return last;
            }
            Optional<List<Remediation>> remediations;
            try {
                remediations = source.get();
            } catch (RuntimeException e) {
                // No cluster to read: the gauges say "unknown" rather than a false 0.
                LOG.log(Level.FINE, "the phase gauges cannot read the Remediation cache", e);
                remediations = Optional.empty();
            }
            last = remediations.map(list -> PhaseCensus.of(list, now)).orElse(null);
            at = now;
            return last;
        }
    }
}
