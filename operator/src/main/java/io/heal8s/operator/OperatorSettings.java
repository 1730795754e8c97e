package io.heal8s.operator;

import io.heal8s.engine.cluster.KubernetesNames;
import io.heal8s.engine.config.KubernetesSettings;
import io.heal8s.engine.playbook.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the operator runs: which namespaces it watches, whether it elects a leader, the TTL a Remediation gets when its
 * spec has none it can read, the retry back-off after an error, and how often waiting Remediations are looked at
 * again. One record so that the Liberty application, the command line and tests configure it the same way;
 * {@link #validate()} names the field that is wrong.
 *
 * @param namespaces the namespaces watched; empty means every namespace
 * @param leaderElection whether only the holder of a Lease reconciles (several replicas)
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace; null or blank means the client's namespace
 * @param defaultTtl used when {@code spec.strategy.ttl} is absent or cannot be read
 * @param initialBackoff the first retry delay after a failed reconcile, doubled on each further failure
 * @param maxBackoff the longest retry delay
 * @param resyncInterval how long a waiting Remediation (Pending, Analyzing, Applying) waits before it is looked at
 *     again, unless its TTL runs out sooner
 * @param prPollInterval the same for a Remediation in PRCreated, whose look costs a call to the Git host: the polling
 *     fallback behind the GitHub webhook, which triggers a reconcile as soon as the pull request changes
 * @param rolloutTimeout how long the Direct executor waits, from {@code status.appliedAt}, for the patched workload's
 *     rollout to finish before it rolls the change back
 */
public record OperatorSettings(
        Set<String> namespaces,
        boolean leaderElection,
        String leaseName,
        String leaseNamespace,
        Duration defaultTtl,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration resyncInterval,
        Duration prPollInterval,
        Duration rolloutTimeout) {

    public static final String DEFAULT_LEASE_NAME = "heal8s-operator";
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofMinutes(1);
    /**
     * Five minutes: the webhook is the fast path, and at this pace 200 open pull requests cost 2,400 of the 5,000 REST
     * calls an hour GitHub grants an installation.
     */
    public static final Duration DEFAULT_PR_POLL_INTERVAL = Duration.ofMinutes(5);
    /** Ten minutes: Kubernetes' own progressDeadlineSeconds default, so a rollout it gives up on is rolled back. */
    public static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(10);

    /** The keys {@link #fromMap} reads, each with the default used when it is absent. */
    /** The one list of watched namespaces, shared with the webhook's settings. */
    public static final String KEY_NAMESPACES = KubernetesSettings.NAMESPACES;
    public static final String KEY_LEADER_ELECTION = "heal8s.operator.leader-election.enabled";
    public static final String KEY_LEASE_NAME = "heal8s.operator.leader-election.lease-name";
    public static final String KEY_LEASE_NAMESPACE = "heal8s.operator.leader-election.lease-namespace";
    public static final String KEY_DEFAULT_TTL = "heal8s.operator.default-ttl";
    public static final String KEY_INITIAL_BACKOFF = "heal8s.operator.backoff.initial";
    public static final String KEY_MAX_BACKOFF = "heal8s.operator.backoff.max";
    public static final String KEY_RESYNC_INTERVAL = "heal8s.operator.resync-interval";
    public static final String KEY_PR_POLL_INTERVAL = "heal8s.operator.pr-poll-interval";
    public static final String KEY_ROLLOUT_TIMEOUT = "heal8s.operator.rollout-timeout";

    /** A DNS-1123 label's limit: what Kubernetes accepts as a namespace or a Lease's name. */
    private static final int DNS_LABEL_MAX = 63;

    public OperatorSettings {
        namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    }

    /** Every namespace, no leader election, the defaults above. */
    public static OperatorSettings defaults() {
        return new OperatorSettings(Set.of(), false, DEFAULT_LEASE_NAME, null, DEFAULT_TTL, DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF, DEFAULT_RESYNC_INTERVAL, DEFAULT_PR_POLL_INTERVAL, DEFAULT_ROLLOUT_TIMEOUT);
    }

    /**
     * Reads the settings from configuration keys (see the {@code KEY_} constants); absent keys take their defaults.
     * Namespaces are comma-separated; durations are written {@code 90s}, {@code 5m}, {@code 24h}. The result is
     * validated.
     *
     * @throws IllegalArgumentException naming the key whose value is wrong
     */
    public static OperatorSettings fromMap(Map<String, String> config) {
        OperatorSettings d = defaults();
        String namespaces = config.getOrDefault(KEY_NAMESPACES, "");
        Set<String> watched = new LinkedHashSet<>();
        Arrays.stream(namespaces.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(watched::add);
        String leader = config.getOrDefault(KEY_LEADER_ELECTION, "false").trim();
        if (!leader.equalsIgnoreCase("true") && !leader.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(KEY_LEADER_ELECTION + " must be true or false, was '" + leader + "'");
        }
        return new OperatorSettings(watched, Boolean.parseBoolean(leader),
                config.getOrDefault(KEY_LEASE_NAME, d.leaseName()).trim(),
                config.get(KEY_LEASE_NAMESPACE),
                duration(config, KEY_DEFAULT_TTL, d.defaultTtl()),
                duration(config, KEY_INITIAL_BACKOFF, d.initialBackoff()),
                duration(config, KEY_MAX_BACKOFF, d.maxBackoff()),
                duration(config, KEY_RESYNC_INTERVAL, d.resyncInterval()),
                duration(config, KEY_PR_POLL_INTERVAL, d.prPollInterval()),
                duration(config, KEY_ROLLOUT_TIMEOUT, d.rolloutTimeout()))
                .validate();
    }

    /**
     * Checks every field.
     *
     * @return this, for chaining
     * @throws IllegalArgumentException naming the first field that is wrong and why
     */
    public OperatorSettings validate() {
        for (String ns : namespaces) {
            requireDnsLabel("namespaces", ns);
        }
        if (leaderElection) {
            requireDnsLabel("leaseName", leaseName);
            if (leaseNamespace != null && !leaseNamespace.isBlank()) {
                requireDnsLabel("leaseNamespace", leaseNamespace);
            }
        }
        requirePositive("defaultTtl", defaultTtl);
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("maxBackoff", maxBackoff);
        requirePositive("resyncInterval", resyncInterval);
        requirePositive("prPollInterval", prPollInterval);
        requirePositive("rolloutTimeout", rolloutTimeout);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + Durations.format(maxBackoff)
                    + ") must not be shorter than initialBackoff (" + Durations.format(initialBackoff) + ")");
        }
        return this;
    }

    /** Copies with one field changed, for tests and for callers that start from {@link #defaults()}. */
    public OperatorSettings withNamespaces(Set<String> value) {
        return new OperatorSettings(value, leaderElection, leaseName, leaseNamespace, defaultTtl, initialBackoff,
                maxBackoff, resyncInterval, prPollInterval, rolloutTimeout);
    }

    public OperatorSettings withLeaderElection(String name, String namespace) {
        return new OperatorSettings(namespaces, true, name, namespace, defaultTtl, initialBackoff, maxBackoff,
                resyncInterval, prPollInterval, rolloutTimeout);
    }

    public OperatorSettings withDefaultTtl(Duration value) {
        return new OperatorSettings(namespaces, leaderElection, leaseName, leaseNamespace, value, initialBackoff,
                maxBackoff, resyncInterval, prPollInterval, rolloutTimeout);
    }

    public OperatorSettings withBackoff(Duration initial, Duration max) {
        return new OperatorSettings(namespaces, leaderElection, leaseName, leaseNamespace, defaultTtl, initial, max,
                resyncInterval, prPollInterval, rolloutTimeout);
    }

    public OperatorSettings withResyncInterval(Duration value) {
        return new OperatorSettings(namespaces, leaderElection, leaseName, leaseNamespace, defaultTtl, initialBackoff,
                maxBackoff, value, prPollInterval, rolloutTimeout);
    }

    public OperatorSettings withPrPollInterval(Duration value) {
        return new OperatorSettings(namespaces, leaderElection, leaseName, leaseNamespace, defaultTtl, initialBackoff,
                maxBackoff, resyncInterval, value, rolloutTimeout);
    }

    public OperatorSettings withRolloutTimeout(Duration value) {
        return new OperatorSettings(namespaces, leaderElection, leaseName, leaseNamespace, defaultTtl, initialBackoff,
                maxBackoff, resyncInterval, prPollInterval, value);
    }

    private static Duration duration(Map<String, String> config, String key, Duration fallback) {
        String text = config.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Durations.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static void requireDnsLabel(String field, String value) {
        if (!KubernetesNames.isLabel(value)) {
            throw new IllegalArgumentException(field + " '" + value + "' is not a valid Kubernetes name (lowercase "
                    + "letters, digits and '-', at most " + DNS_LABEL_MAX + " characters)");
        }
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be a positive duration, was "
                    + (value == null ? "missing" : Durations.format(value)));
        }
    }
}
