package io.heal8s.server.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.playbook.Guards;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.operator.RetentionSettings;
import io.heal8s.operator.RetentionSweep;
import io.heal8s.operator.Role;
import io.heal8s.server.playbooks.PlaybookService;
import io.heal8s.server.remediations.RemediationStores;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs the {@link RetentionSweep} beside the operator, so that terminal Remediations do not pile up in etcd. Only the
 * operator and combined roles sweep, and only while their replica leads: the GitOps worker has no {@code delete} on
 * Remediations. The sweep reads the webhook's Remediation cache (nothing before its first list), and its retention
 * is never shorter than the longest guard lookback of the default guards and of every playbook in service, because
 * the guards decide from these Remediations.
 */
@ApplicationScoped
public class RemediationRetention {

    @Inject
    PlaybookService playbooks;

    @Inject
    RemediationStores stores;

    @Inject
    RemediationMetrics metrics;

    private RetentionSweep sweep;

    /**
     * Starts sweeping for {@code role}; does nothing for the GitOps worker or when the retention is 0.
     *
     * @param leading whether this replica leads now (the operator's {@code isLeader})
     */
    synchronized void start(KubernetesClient client, RetentionSettings settings, Guards defaults, Role role,
            BooleanSupplier leading) {
        if (sweep != null) {
            return;
        }
        sweep = create(client, Clock.systemUTC(), settings,
                () -> floor(defaults, playbooks.current().playbooks().stream().map(Playbook::guards).toList()),
                () -> stores.synced().orElse(List.of()), role, leading, metrics::deleted);
        if (sweep != null) {
            sweep.start();
        }
    }

    /** The sweep for {@code role}, not started; null for a role that never deletes (the GitOps worker). */
    static RetentionSweep create(KubernetesClient client, Clock clock, RetentionSettings settings,
            Supplier<Duration> floor, Supplier<? extends Collection<Remediation>> known, Role role,
            BooleanSupplier leading, IntConsumer deleted) {
        if (!sweeps(role)) {
            return null;
        }
        return new RetentionSweep(client, clock, settings, floor, known, leading, deleted);
    }

    /** Whether a replica of this role deletes terminal Remediations: the operator and combined roles do. */
    static boolean sweeps(Role role) {
        return role != Role.GITOPS_WORKER;
    }

    /** The longest lookback (cooldown, attempt window, loop window) of the defaults and of every playbook. */
    static Duration floor(Guards defaults, Collection<Guards> playbookGuards) {
        return Guards.longestLookback(defaults.lookback(), playbookGuards);
    }

    @PreDestroy
    synchronized void stop() {
        if (sweep != null) {
            sweep.close();
            sweep = null;
        }
    }
}
