package io.heal8s.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heal8s.engine.playbook.Durations;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.WireFormats;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes terminal Remediations (Succeeded, Failed, Expired, Skipped) that ended longer ago than the retention, so
 * that etcd does not grow without bound now that every guard refusal and every firing is its own Remediation.
 *
 * <p>The guards read their history from these objects, so the retention is never shorter than the longest guard
 * window in use ({@code floor}, read at every sweep because playbooks reload): a shorter retention is raised to it,
 * with one WARNING each time the floor raising it changes. A sweep reads the watch's cache ({@code known}), never
 * lists the API, deletes at most {@link RetentionSettings#maxPerSweep()} Remediations (oldest first), each with a
 * precondition on the resourceVersion it was judged by, so that one changed meanwhile is not deleted (409, skipped).
 * A 404 is fine; any other error ends the sweep and the next one tries again. Only a replica for which
 * {@code mayDelete} holds (the leader of the operator or combined role) sweeps.
 */
public final class RetentionSweep implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class.getName());

    private final KubernetesClient client;
    private final Clock clock;
    private final RetentionSettings settings;
    private final Supplier<Duration> floor;
    private final Supplier<? extends Collection<Remediation>> known;
    private final BooleanSupplier mayDelete;
    private final IntConsumer deleted;
    private final Object lock = new Object();
    private Duration warnedFloor;
    private ScheduledExecutorService scheduler;
    private boolean closed;

    /**
     * @param floor the longest guard window in use (may change between sweeps)
     * @param known the Remediations the watch's cache holds; empty while it has not synced
     * @param mayDelete whether this replica sweeps now (it leads, and its role is the operator's or combined)
     * @param deleted told the count of each sweep that deleted something (the metric)
     */
    public RetentionSweep(KubernetesClient client, Clock clock, RetentionSettings settings, Supplier<Duration> floor,
            Supplier<? extends Collection<Remediation>> known, BooleanSupplier mayDelete, IntConsumer deleted) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.floor = Objects.requireNonNull(floor, "floor");
        this.known = Objects.requireNonNull(known, "known");
        this.mayDelete = Objects.requireNonNull(mayDelete, "mayDelete");
        this.deleted = Objects.requireNonNull(deleted, "deleted");
    }

    /** The retention applied: the configured one, raised to the floor when shorter; zero when disabled. */
    public Duration effectiveRetention() {
        if (!settings.enabled()) {
            return Duration.ZERO;
        }
        Duration min = floor.get();
        Duration configured = settings.retention();
        if (min == null || configured.compareTo(min) >= 0) {
            return configured;
        }
        synchronized (lock) {
            if (!min.equals(warnedFloor)) {
                warnedFloor = min;
                LOG.log(Level.WARNING, "{0} ({1}) is shorter than the longest guard window in use ({2}), whose "
                        + "history these Remediations are: terminal Remediations are kept {2}",
                        new Object[] {RetentionSettings.KEY_RETENTION, Durations.format(configured),
                            Durations.format(min)});
            }
        }
        return min;
    }

    /** The terminal Remediations ended before {@code cutoff}, oldest first, at most {@code max}. */
    static List<Remediation> expired(Collection<Remediation> remediations, Instant cutoff, int max) {
        record Aged(Remediation remediation, Instant ended) {
        }
        List<Aged> aged = new ArrayList<>();
        for (Remediation r : remediations) {
            RemediationPhase phase = r.getStatus() == null ? null : r.getStatus().getPhase();
            if (phase == null || !phase.isTerminal()) {
                continue;
            }
            Instant ended = RemediationStatus.phaseStart(r);
            if (ended != null && ended.isBefore(cutoff)) {
                aged.add(new Aged(r, ended));
            }
        }
        return aged.stream().sorted(Comparator.comparing(Aged::ended)).limit(max).map(Aged::remediation).toList();
    }

    /**
     * One sweep: deletes the terminal Remediations older than the retention, at most the cap.
     *
     * @return how many this sweep deleted (0 when disabled, not leading, or nothing was due)
     */
    public int sweep() {
        if (!settings.enabled() || !mayDelete.getAsBoolean()) {
            return 0;
        }
        Duration retention = effectiveRetention();
        Instant cutoff = clock.instant().minus(retention);
        List<Remediation> due = expired(List.copyOf(known.get()), cutoff, settings.maxPerSweep());
        int count = 0;
        int changed = 0;
        String stoppedBy = null;
        for (Remediation r : due) {
            String ns = r.getMetadata().getNamespace();
            String name = r.getMetadata().getName();
            try {
                // The precondition: a Remediation changed since the cache saw it is not deleted (409).
                boolean gone = !client.resources(Remediation.class).inNamespace(ns).withName(name)
                        .lockResourceVersion(r.getMetadata().getResourceVersion()).delete().isEmpty();
                if (gone) {
                    count++;
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    continue;
                }
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    changed++;
                    continue;
                }
                stoppedBy = ns + "/" + name + ": " + (e.getCode() == 0 ? "" : "HTTP " + e.getCode() + " ")
                        + e.getMessage();
                break;
            }
        }
        if (count > 0) {
            deleted.accept(count);
        }
        LOG.log(stoppedBy == null ? Level.INFO : Level.WARNING,
                "retention sweep: deleted {0} terminal Remediation(s) ended before {1} (retention {2}){3}{4}",
                new Object[] {count, WireFormats.timestamp(cutoff), Durations.format(retention),
                    changed == 0 ? "" : ", " + changed + " changed meanwhile and kept",
                    stoppedBy == null ? "" : "; stopped, the next sweep tries again: " + stoppedBy});
        return count;
    }

    /**
     * Starts sweeping on a daemon thread, every {@link RetentionSettings#interval} of the retention in effect; does
     * nothing when the retention is zero.
     *
     * @throws IllegalStateException when started twice or after {@link #close()}
     */
    public void start() {
        if (!settings.enabled()) {
            LOG.info(RetentionSettings.KEY_RETENTION + " is 0: terminal Remediations are never deleted");
            return;
        }
        synchronized (lock) {
            if (scheduler != null || closed) {
                throw new IllegalStateException("a RetentionSweep starts once");
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "heal8s-retention");
                t.setDaemon(true);
                return t;
            });
            schedule(scheduler);
        }
    }

    private void schedule(ScheduledExecutorService on) {
        Duration pause = RetentionSettings.interval(effectiveRetention());
        on.schedule(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "retention sweep failed; the next one tries again", e);
            }
            synchronized (lock) {
                if (!closed) {
                    schedule(on);
                }
            }
        }, pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops sweeping and ends the thread; idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }
}
