package io.heal8s.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.cluster.ApiCalls;
import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.config.RailSettings;
import io.heal8s.engine.playbook.Durations;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.WireFormats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The operator's safety rails, asked in Analyzing once the target is resolved: an excluded namespace or a pause
 * refuses the change ({@link #refuse}); a rate limit refuses it and the applying limit makes it wait
 * ({@link #admit}), both just before an executor would start it. Each answer is a {@link RemediationExecutor.Step}
 * naming the setting or annotation that decided, so the reconciler records it like any other step.
 *
 * <p>The counts come from the Remediations a watch keeps ({@code known}), never from a list per reconcile. A watch
 * lags the operator's own writes, and two reconciler threads may ask at once: {@link #admit} counts and claims under
 * one lock, and remembers the changes this process started until the watch shows them.
 */
final class SafetyRails {

    public static final String REASON_EXCLUDED_NAMESPACE = "ExcludedNamespace";
    public static final String REASON_PAUSED = "Paused";
    public static final String REASON_RATE_LIMITED = "RateLimited";
    public static final String REASON_DRY_RUN = "DryRun";
    public static final String REASON_CONCURRENCY_LIMIT = "ConcurrencyLimit";

    /** How long a claim of ours is kept when the watch never shows the Remediation moving on (it was deleted). */
    static final Duration CLAIM_TTL = Duration.ofMinutes(2);

    private final RailSettings settings;
    private final KubernetesClient client;
    private final Supplier<? extends Collection<Remediation>> known;
    /** Changes this process started, by Remediation key, until the watch shows their {@code startedAt}. */
    private final Map<String, Start> started = new HashMap<>();
    /** Direct changes this process admitted, by Remediation key, until the watch shows them past Analyzing. */
    private final Map<String, Instant> applying = new HashMap<>();

    private record Start(String namespace, Instant at) {
    }

    /**
     * @param known the Remediations of the watched namespaces as a watch keeps them (an informer's store)
     */
    SafetyRails(RailSettings settings, KubernetesClient client, Supplier<? extends Collection<Remediation>> known) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.known = Objects.requireNonNull(known, "known");
    }

    /**
     * Skipped when the target's namespace is excluded, or heal8s, the workload or its namespace is paused; else null.
     * Reads the workload's and the namespace's annotations (two GETs).
     */
    RemediationExecutor.Step refuse(ResolvedWorkload resolved) {
        WorkloadRef workload = resolved.workload();
        String namespace = workload.namespace();
        if (settings.excludedNamespaces().contains(namespace)) {
            return skipped(REASON_EXCLUDED_NAMESPACE, "Namespace " + namespace + " is excluded by "
                    + RailSettings.EXCLUDED_NAMESPACES + " (" + String.join(",", sorted(settings.excludedNamespaces()))
                    + "): heal8s changes nothing there.");
        }
        if (settings.paused()) {
            return skipped(REASON_PAUSED, "heal8s is paused (" + RailSettings.PAUSED + "=true): nothing is changed "
                    + "until it is set to false.");
        }
        if (paused(ApiCalls.call("read " + Targets.describe(workload), () -> client.genericKubernetesResources(
                apiVersion(workload), workload.kind().name())
                .inNamespace(namespace).withName(workload.name()).get()))) {
            return skipped(REASON_PAUSED, Targets.describe(workload) + " is paused (annotation "
                    + RailSettings.PAUSED_ANNOTATION + "=\"true\" on it): remove the annotation to let heal8s change it.");
        }
        if (paused(ApiCalls.call("read namespace " + namespace, () -> client.namespaces().withName(namespace).get()))) {
            return skipped(REASON_PAUSED, "Namespace " + namespace + " is paused (annotation "
                    + RailSettings.PAUSED_ANNOTATION + "=\"true\" on the Namespace): remove the annotation to let "
                    + "heal8s change its workloads.");
        }
        return null;
    }

    /** Whether the Remediation only pretends: the global dry-run, or its playbook's ({@code spec.dryRun}). */
    boolean dryRun(Remediation r) {
        return settings.dryRun() || Boolean.TRUE.equals(r.getSpec().getDryRun());
    }

    /** Which setting made {@code r} a dry-run, for its message. */
    String dryRunSource(Remediation r) {
        return settings.dryRun() ? RailSettings.DRY_RUN + "=true"
                : "spec.dryRun of playbook " + (r.getSpec().getPlaybook() == null ? "(unknown)"
                        : r.getSpec().getPlaybook().getName());
    }

    /**
     * Just before the executor of {@code mode} starts the change: Skipped {@code RateLimited} when a rate limit is
     * reached, Analyzing {@code ConcurrencyLimit} (wait) when a Direct change would exceed the applying limit, else
     * null, and then the change is claimed: it counts against the limits at once, whatever the watch shows. Call
     * {@link #settle} with the executor's answer.
     */
    synchronized RemediationExecutor.Step admit(Remediation r, WorkloadRef workload, Strategy.Mode mode,
            Instant now) {
        Collection<Remediation> all = known.get();
        String self = key(r);
        forget(all, now);
        RemediationExecutor.Step limited = rateLimited(all, self, null, settings.rateLimit(),
                RailSettings.RATE_LIMIT, "across all namespaces", now);
        if (limited == null) {
            limited = rateLimited(all, self, workload.namespace(), settings.namespaceRateLimit(),
                    RailSettings.NAMESPACE_RATE_LIMIT, "in namespace " + workload.namespace(), now);
        }
        if (limited != null) {
            return limited;
        }
        if (mode == Strategy.Mode.Direct && settings.maxApplying() > 0) {
            List<String> busy = new ArrayList<>();
            for (Remediation other : all) {
                if (!key(other).equals(self) && phase(other) == RemediationPhase.Applying
                        && RemediationReconciler.mode(other) == Strategy.Mode.Direct) {
                    busy.add(key(other));
                }
            }
            applying.keySet().stream().filter(k -> !k.equals(self) && !busy.contains(k)).forEach(busy::add);
            if (busy.size() >= settings.maxApplying()) {
                // The message stays the same while it waits, so that it is told by one Event, not one per look.
                return new RemediationExecutor.Step(RemediationPhase.Analyzing, REASON_CONCURRENCY_LIMIT,
                        "Waiting: " + RailSettings.MAX_APPLYING + "=" + settings.maxApplying() + " Direct changes are"
                        + " already applying; this one starts when one of them ends.");
            }
            applying.put(self, now);
        }
        started.put(self, new Start(workload.namespace(), now));
        return null;
    }

    /** The executor's answer to an admitted change: a change that did not start gives its claims back. */
    synchronized void settle(Remediation r, RemediationExecutor.Step step) {
        String self = key(r);
        if (step.phase() != RemediationPhase.Applying) {
            applying.remove(self);
        }
        if (step.phase() != RemediationPhase.Applying && step.phase() != RemediationPhase.PRCreated) {
            started.remove(self);
        }
    }

    /** A Skipped step for the dry-run, naming what would have happened. */
    RemediationExecutor.Step dryRunStep(Remediation r, Strategy.Mode mode, String planned) {
        String would = mode == Strategy.Mode.Direct ? "patched " + planned + " directly"
                : "opened a pull request changing " + planned;
        return skipped(REASON_DRY_RUN, "dry-run (" + dryRunSource(r) + "): would have " + would
                + "; nothing was changed (status.plannedChange).");
    }

    private RemediationExecutor.Step rateLimited(Collection<Remediation> all, String self, String namespace,
            RailSettings.RateLimit limit, String key, String where, Instant now) {
        if (!limit.enabled()) {
            return null;
        }
        Instant since = now.minus(limit.window());
        Map<String, Instant> starts = new HashMap<>();
        for (Remediation other : all) {
            Instant at = startedAt(other);
            if (at != null && !at.isBefore(since) && (namespace == null || namespace.equals(targetNamespace(other)))) {
                starts.put(key(other), at);
            }
        }
        started.forEach((k, s) -> {
            if (!s.at().isBefore(since) && (namespace == null || namespace.equals(s.namespace()))) {
                starts.putIfAbsent(k, s.at());
            }
        });
        starts.remove(self);
        if (starts.size() < limit.count()) {
            return null;
        }
        // Room comes back when enough of the oldest starts leave the window.
        List<Instant> times = starts.values().stream().sorted().toList();
        Instant frees = times.get(times.size() - limit.count()).plus(limit.window());
        return skipped(REASON_RATE_LIMITED, key + "=" + limit + ": " + starts.size() + " changes started " + where
                + " in the last " + Durations.format(limit.window()) + " (limit " + limit.count()
                + "); the window frees a slot at " + WireFormats.timestamp(frees) + ".");
    }

    /** Drops our claims once the watch tells the same, or they are too old to matter. */
    private void forget(Collection<Remediation> all, Instant now) {
        Map<String, Remediation> byKey = new HashMap<>();
        all.forEach(r -> byKey.put(key(r), r));
        started.entrySet().removeIf(e -> {
            Remediation seen = byKey.get(e.getKey());
            return (seen != null && startedAt(seen) != null) || e.getValue().at().isBefore(now.minus(longestWindow()));
        });
        applying.entrySet().removeIf(e -> {
            Remediation seen = byKey.get(e.getKey());
            return (seen != null && phase(seen) != null && phase(seen) != RemediationPhase.Analyzing
                    && phase(seen) != RemediationPhase.Pending) || e.getValue().plus(CLAIM_TTL).isBefore(now);
        });
    }

    private Duration longestWindow() {
        Duration longest = CLAIM_TTL;
        for (RailSettings.RateLimit limit : List.of(settings.rateLimit(), settings.namespaceRateLimit())) {
            if (limit.enabled() && limit.window().compareTo(longest) > 0) {
                longest = limit.window();
            }
        }
        return longest;
    }

    private static RemediationExecutor.Step skipped(String reason, String message) {
        return new RemediationExecutor.Step(RemediationPhase.Skipped, reason, message);
    }

    private static boolean paused(HasMetadata object) {
        return object != null && object.getMetadata().getAnnotations() != null
                && "true".equalsIgnoreCase(object.getMetadata().getAnnotations().get(RailSettings.PAUSED_ANNOTATION));
    }

    private static String apiVersion(WorkloadRef workload) {
        return workload.kind() == WorkloadKind.Pod ? "v1" : DirectExecutor.apiVersion(workload.kind().name());
    }

    private static Instant startedAt(Remediation r) {
        return r.getStatus() == null ? null : WireFormats.timestampOrNull(r.getStatus().getStartedAt());
    }

    private static String targetNamespace(Remediation r) {
        RemediationStatus s = r.getStatus();
        if (s != null && s.getResolvedTarget() != null && s.getResolvedTarget().getNamespace() != null) {
            return s.getResolvedTarget().getNamespace();
        }
        return r.getSpec() == null || r.getSpec().getTarget() == null ? r.getMetadata().getNamespace()
                : r.getSpec().getTarget().getNamespace();
    }

    private static RemediationPhase phase(Remediation r) {
        return r.getStatus() == null ? null : r.getStatus().getPhase();
    }

    private static String key(Remediation r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }

    private static List<String> sorted(Collection<String> values) {
        return values.stream().sorted().toList();
    }
}
