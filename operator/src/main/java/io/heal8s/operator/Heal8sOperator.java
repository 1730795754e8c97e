package io.heal8s.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.config.RailSettings;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.remediation.Remediation;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.Objects;

/**
 * The java-operator-sdk {@link Operator} that runs the Remediation reconciler, built from a client and the
 * {@link OperatorSettings}: the namespaces watched, leader election on a Lease, the retry back-off, and status patches
 * without server-side apply. The client stays the caller's: stopping the operator does not close it.
 *
 * <p>One instance runs once: {@link #start()}, then {@link #stop()} (idempotent); a restarted operator is a new
 * instance. {@link #stop()} also shuts down the SDK's scheduler, which JOSDK 5.3.2 leaves running (fixed upstream in
 * 5.5.1), so that no thread outlives an undeployed application.
 */
public final class Heal8sOperator implements AutoCloseable {

    private static final double BACKOFF_MULTIPLIER = 2.0;

    private final Operator operator;
    private final boolean leaderElection;
    private volatile boolean started;
    // Volatile, not guarded: the SDK's leader callbacks read it while stop() holds the lock and waits for the SDK.
    private volatile boolean stopped;
    private volatile boolean leading;
    private volatile boolean lostLease;

    /**
     * @param reconciler normally a {@link RemediationReconciler}; the SDK reads its {@code @ControllerConfiguration}
     * @throws IllegalArgumentException when the settings are invalid
     */
    public Heal8sOperator(KubernetesClient client, OperatorSettings settings, Reconciler<Remediation> reconciler) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(reconciler, "reconciler");
        OperatorSettings s = Objects.requireNonNull(settings, "settings").validate();
        this.leaderElection = s.leaderElection();
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // The fabric8 mock server (tests, the sandbox) answers 415 to server-side apply of a status.
                    .withUseSSAToPatchPrimaryResource(false);
            if (s.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(s, new LeaderCallbacks(
                        () -> leading = true,
                        () -> {
                            lostLease = leading && !stopped;
                            leading = false;
                        },
                        newLeader -> { })));
            }
        });
        operator.register(reconciler, c -> {
            if (s.namespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(s.namespaces());
            }
            c.withRetry(retry(s));
        });
    }

    /**
     * The operator with a {@link RemediationReconciler} on the system clock and a new {@link WorkloadResolver}.
     *
     * @param policy the approval policy ({@code PolicyEngines.create}, or {@link FailSafePolicy#unconfigured()})
     */
    public static Heal8sOperator create(KubernetesClient client, OperatorSettings settings, FailSafePolicy policy,
            List<RemediationExecutor> executors, TransitionListener listener) {
        return new Heal8sOperator(client, settings, new RemediationReconciler(client, settings, Clock.systemUTC(),
                new WorkloadResolver(client), policy, executors, listener));
    }

    /**
     * The same with safety rails: {@code known} is the watch's view of the Remediations (such as
     * {@code RemediationCache::all}) that the rate limits and the applying limit count.
     */
    public static Heal8sOperator create(KubernetesClient client, OperatorSettings settings, FailSafePolicy policy,
            List<RemediationExecutor> executors, TransitionListener listener, RailSettings rails,
            Supplier<? extends Collection<Remediation>> known) {
        return create(client, settings, policy, executors, listener, rails, known, Role.COMBINED);
    }

    /**
     * The same for one {@link Role}: the operator role hands GitOps Remediations over, the GitOps worker takes only
     * those (its {@code executors} are of the modes the role {@link Role#executes}).
     */
    public static Heal8sOperator create(KubernetesClient client, OperatorSettings settings, FailSafePolicy policy,
            List<RemediationExecutor> executors, TransitionListener listener, RailSettings rails,
            Supplier<? extends Collection<Remediation>> known, Role role) {
        return new Heal8sOperator(client, settings, new RemediationReconciler(client, settings, Clock.systemUTC(),
                new WorkloadResolver(client), policy, executors, listener, rails, known, role));
    }

    /**
     * Starts the informers and the reconciler; returns once the caches are synced (with leader election, the
     * reconciler starts when this replica holds the Lease). Synchronous: with an unreachable cluster it waits for the
     * SDK's cache-sync timeout and then throws, so start it off a start-up thread that must not block.
     *
     * @throws IllegalStateException when this instance was started before
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("a Heal8sOperator runs once; create a new one to start again");
        }
        started = true;
        operator.start();
    }

    /** Stops the reconciler and the informers and ends the SDK's threads; does nothing the second time. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (!started) {
            return;
        }
        try {
            operator.stop();
        } finally {
            // JOSDK 5.3.2's stop() never shuts its scheduled executor down: a thread would survive and pin the
            // application's classes.
            operator.getConfigurationService().getExecutorServiceManager().scheduledExecutorService().shutdownNow();
        }
    }

    /**
     * Whether {@link #start()} was called, {@link #stop()} not yet, and (with leader election) the Lease was not lost.
     * JOSDK 5.3.2 does not campaign again after losing its Lease, and this operator does not exit the JVM: a replica
     * that lost it reconciles no more, and this turns false so that a liveness check can have it restarted.
     */
    public synchronized boolean isRunning() {
        return started && !stopped && !lostLease;
    }

    /** Whether this replica reconciles now: it runs and, with leader election, holds the Lease. */
    public boolean isLeader() {
        return isRunning() && (!leaderElection || leading);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** The SDK's operator, for tests. */
    Operator sdk() {
        return operator;
    }

    static GenericRetry retry(OperatorSettings s) {
        return new GenericRetry()
                .setInitialInterval(s.initialBackoff().toMillis())
                .setIntervalMultiplier(BACKOFF_MULTIPLIER)
                .setMaxInterval(s.maxBackoff().toMillis())
                // An outage can last longer than any count of attempts; the back-off keeps retrying cheap.
                .withoutMaxAttempts();
    }

    private static LeaderElectionConfiguration leaderElection(OperatorSettings s, LeaderCallbacks callbacks) {
        // The builder leaves exitOnStopLeading off: losing the Lease must not end the application server's JVM.
        LeaderElectionConfigurationBuilder b = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                s.leaseName()).withLeaderCallbacks(callbacks);
        if (s.leaseNamespace() != null && !s.leaseNamespace().isBlank()) {
            b.withLeaseNamespace(s.leaseNamespace());
        }
        return b.build();
    }
}
