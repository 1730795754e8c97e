package io.heal8s.server.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.config.PolicySettings;
import io.heal8s.engine.config.RailSettings;
import io.heal8s.engine.playbook.Guards;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyEngines;
import io.heal8s.operator.Heal8sOperator;
import io.heal8s.operator.OperatorSettings;
import io.heal8s.operator.RemediationExecutor;
import io.heal8s.operator.RetentionSettings;
import io.heal8s.operator.Role;
import io.heal8s.server.direct.DirectService;
import io.heal8s.server.gitops.GitOpsService;
import io.heal8s.server.config.Settings;
import io.heal8s.server.remediations.RemediationStores;
import io.heal8s.server.role.ServerRole;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the Remediation operator (java-operator-sdk) for as long as the application runs. It starts on its own
 * thread once the application has started, because the SDK's start waits for its caches and, against an unreachable
 * cluster, for a long timeout; the readiness check reports the state meanwhile. It stops when the application stops,
 * its threads with it.
 *
 * <p>It runs the reconciler of the configured {@link Role}: the operator role gets no GitOps executor (the GitOps
 * service, and with it any GitHub client, is never even built) and hands GitOps Remediations over; the GitOps worker
 * gets only the GitOps executor and takes only those.
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

    @Inject
    ServerRole serverRole;

    @Inject
    RemediationRetention retention;

    private volatile State state = State.NEW;
    private volatile String error;
    private volatile OperatorSettings settings;
    private volatile RailSettings rails;
    private volatile RetentionSettings retentionSettings;
    private volatile Guards guards;
    private volatile PolicySettings.Engine policyEngine;
    private volatile Role role;
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
            role = serverRole.role();
        } catch (IllegalArgumentException e) {
            fail("invalid role: " + e.getMessage(), e);
            return;
        }
        try {
            settings = Settings.operator();
        } catch (IllegalArgumentException e) {
            fail("invalid operator configuration: " + e.getMessage(), e);
            return;
        }
        try {
            retentionSettings = Settings.retention();
            guards = Settings.guards();
        } catch (RuntimeException e) {
            fail("invalid retention configuration: " + e.getMessage(), e);
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
        List<RemediationExecutor> modes = executors(role);
        // The rate limits and the applying limit count the webhook's watch of the Remediations: no list per reconcile.
        operator = Heal8sOperator.create(clients.get(), settings, policy, modes, metrics, rails, stores::known, role);
        state = State.STARTING;
        starter = new Thread(this::run, "heal8s-operator-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** The executors of the modes {@code role} runs; the other role's producer is never called. */
    private List<RemediationExecutor> executors(Role role) {
        List<RemediationExecutor> modes = new ArrayList<>();
        for (Instance.Handle<RemediationExecutor> handle : executors.handles()) {
            Strategy.Mode known = handle.getBean().getBeanClass() == GitOpsService.class ? Strategy.Mode.GitOps
                    : handle.getBean().getBeanClass() == DirectService.class ? Strategy.Mode.Direct : null;
            if (known != null && !role.executes(known)) {
                continue;
            }
            RemediationExecutor executor = handle.get();
            if (role.executes(executor.mode())) {
                modes.add(executor);
            }
        }
        return modes;
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
                    // Only the operator and combined roles, and only while this replica leads, delete.
                    retention.start(clients.get(), retentionSettings, guards, role, current::isLeader);
                }
            }
            LOG.log(Level.INFO, "the Remediation operator runs (role {3}, {0}, leader election {1}), started in {2} ms",
                    new Object[] {settings.namespaces().isEmpty() ? "all namespaces"
                        : "namespaces " + String.join(",", settings.namespaces()),
                        settings.leaderElection() ? "on, Lease " + settings.leaseName() : "off",
                        (System.nanoTime() - began) / 1_000_000, role.value()});
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

    /** The role it runs ({@value Role#KEY}), or null before start or when the role is invalid. */
    public Role role() {
        return role;
    }

    /** The settings it runs with, or null before start. */
    public OperatorSettings settings() {
        return settings;
    }

    @PreDestroy
    synchronized void stop() {
        State before = state;
        state = State.STOPPED;
        retention.stop();
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
