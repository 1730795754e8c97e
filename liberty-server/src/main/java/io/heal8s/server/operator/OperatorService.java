package io.heal8s.server.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.config.PolicySettings;
import io.heal8s.engine.config.RailSettings;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyEngines;
import io.heal8s.operator.Heal8sOperator;
import io.heal8s.operator.OperatorSettings;
import io.heal8s.operator.RemediationExecutor;
import io.heal8s.server.config.Settings;
import io.heal8s.server.remediations.RemediationStores;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the Remediation operator (java-operator-sdk) for as long as the application runs. It starts on its own
 * thread once the application has started, because the SDK's start waits for its caches and, against an unreachable
 * cluster, for a long timeout; the readiness check reports the state meanwhile. It stops when the application stops,
 * its threads with it.
 */
@ApplicationScoped
public class OperatorService {

    private static final Logger LOG = Logger.getLogger(OperatorService.class.getName());

    /** Where the operator is in its own life. */
    public enum State {
        /** Not asked to start yet. */
        NEW,
        /** Starting: waiting for the informers' caches. */
        STARTING,
        /** Reconciling (or, with leader election, ready to as soon as this replica holds the Lease). */
        RUNNING,
        /** Could not start; {@link #error()} says why. */
        FAILED,
        /** Stopped with the application. */
        STOPPED
    }

    @Inject
    Instance<KubernetesClient> clients;

    @Inject
    Instance<RemediationExecutor> executors;

    @Inject
    RemediationMetrics metrics;

    @Inject
    RemediationStores stores;

    private volatile State state = State.NEW;
    private volatile String error;
    private volatile OperatorSettings settings;
    private volatile RailSettings rails;
    private volatile PolicySettings.Engine policyEngine;
    private Heal8sOperator operator;
    private Thread starter;

    // After the playbooks (default priority), before the warm-up: both run on the start-up thread, this one only
    // launches its own.
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 500) Startup event) {
        start();
    }

    synchronized void start() {
        if (state != State.NEW) {
            return;
        }
        try {
            settings = Settings.operator();
        } catch (IllegalArgumentException e) {
            fail("invalid operator configuration: " + e.getMessage(), e);
            return;
        }
        try {
            rails = Settings.rails();
        } catch (RuntimeException e) {
            fail("invalid safety rails configuration: " + e.getMessage(), e);
            return;
        }
        FailSafePolicy policy;
        try {
            PolicySettings policySettings = Settings.policy();
            policy = PolicyEngines.create(policySettings);
            policyEngine = policySettings.engine();
        } catch (RuntimeException e) {
            // A policy that cannot be built must not silently become "no policy": the operator does not start.
            fail("invalid approval policy configuration: " + e.getMessage(), e);
            return;
        }
        if (!clients.isResolvable()) {
            fail("no Kubernetes client is configured", null);
            return;
        }
        List<RemediationExecutor> modes = executors.stream().toList();
        // The rate limits and the applying limit count the webhook's watch of the Remediations: no list per reconcile.
        operator = Heal8sOperator.create(clients.get(), settings, policy, modes, metrics, rails, stores::known);
        state = State.STARTING;
        starter = new Thread(this::run, "heal8s-operator-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void run() {
        Heal8sOperator current;
        synchronized (this) {
            current = operator;
            if (state != State.STARTING || current == null) {
                return;
            }
        }
        long began = System.nanoTime();
        try {
            current.start();
            synchronized (this) {
                if (state == State.STARTING) {
                    state = State.RUNNING;
                }
            }
            LOG.log(Level.INFO, "the Remediation operator runs ({0}, leader election {1}), started in {2} ms",
                    new Object[] {settings.namespaces().isEmpty() ? "all namespaces"
                        : "namespaces " + String.join(",", settings.namespaces()),
                        settings.leaderElection() ? "on, Lease " + settings.leaseName() : "off",
                        (System.nanoTime() - began) / 1_000_000});
        } catch (RuntimeException e) {
            synchronized (this) {
                if (state == State.STARTING) {
                    fail("the operator could not start: " + e.getMessage(), e);
                }
            }
            current.stop();
        }
    }

    private void fail(String message, Throwable cause) {
        error = message;
        state = State.FAILED;
        LOG.log(Level.SEVERE, message, cause);
    }

    /** The operator's state. */
    public State state() {
        return state;
    }

    /**
     * False once a running operator has stopped reconciling on its own (this replica lost its leader Lease, and
     * java-operator-sdk 5.3.2 never campaigns again): only a restart brings it back, so liveness reports it.
     */
    public boolean alive() {
        Heal8sOperator current = operator;
        return state != State.RUNNING || current == null || current.isRunning();
    }

    /** Why the operator is not running, or null. */
    public String error() {
        return error;
    }

    /** The approval policy's engine in lower case ({@code none}, {@code rest}, {@code wasm}), or null before start. */
    public String policyEngine() {
        PolicySettings.Engine engine = policyEngine;
        return engine == null ? null : engine.name().toLowerCase(Locale.ROOT);
    }

    /** The safety rails it runs with, or null before start. */
    public RailSettings rails() {
        return rails;
    }

    /** The settings it runs with, or null before start. */
    public OperatorSettings settings() {
        return settings;
    }

    @PreDestroy
    synchronized void stop() {
        State before = state;
        state = State.STOPPED;
        if (operator != null) {
            operator.stop();
        }
        if (starter != null) {
            starter.interrupt();
        }
        if (before == State.RUNNING || before == State.STARTING) {
            LOG.info("the Remediation operator stopped");
        }
    }
}
