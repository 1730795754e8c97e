package io.heal8s.engine.config;

import static io.heal8s.engine.config.ConfigValues.blankToNull;

import io.heal8s.engine.cluster.KubernetesNames;
import io.heal8s.engine.playbook.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's safety rails ({@code heal8s.rails.*}): what it refuses to change, or only pretends to, whatever the
 * playbook and the approval policy say. One record so that the server, the command line and tests read them the same
 * way; {@link #fromMap} names the key whose value is wrong.
 *
 * @param dryRun decide and record everything, change nothing
 * @param paused refuse every change (the annotation {@code heal8s.io/paused} does the same for one workload or
 *     namespace)
 * @param excludedNamespaces namespaces whose workloads are never changed
 * @param rateLimit changes started in the trailing window, across all namespaces
 * @param namespaceRateLimit changes started in the trailing window, per target namespace
 * @param maxApplying Direct changes in Applying at once; 0 means no limit
 */
public record RailSettings(boolean dryRun, boolean paused, Set<String> excludedNamespaces, RateLimit rateLimit,
        RateLimit namespaceRateLimit, int maxApplying) {

    public static final String DRY_RUN = "heal8s.rails.dry-run";
    public static final String PAUSED = "heal8s.rails.paused";
    /** Comma-separated; {@code none} excludes nothing. */
    public static final String EXCLUDED_NAMESPACES = "heal8s.rails.excluded-namespaces";
    /** {@code <count>/<duration>}, such as {@code 20/1h}; {@code 0} disables. */
    public static final String RATE_LIMIT = "heal8s.rails.rate-limit";
    /** The same per namespace. */
    public static final String NAMESPACE_RATE_LIMIT = "heal8s.rails.namespace-rate-limit";
    /** A count; {@code 0} disables. */
    public static final String MAX_APPLYING = "heal8s.rails.max-applying";

    /** The annotation that pauses one workload or a whole namespace. */
    public static final String PAUSED_ANNOTATION = "heal8s.io/paused";

    public static final Set<String> DEFAULT_EXCLUDED_NAMESPACES = Set.of("kube-system", "kube-public",
            "kube-node-lease");
    /** 20 changes an hour across the cluster: a storm of alerts is not met by a storm of changes. */
    public static final RateLimit DEFAULT_RATE_LIMIT = new RateLimit(20, Duration.ofHours(1));
    /** 5 an hour per namespace: one misbehaving team cannot use the whole budget. */
    public static final RateLimit DEFAULT_NAMESPACE_RATE_LIMIT = new RateLimit(5, Duration.ofHours(1));
    public static final int DEFAULT_MAX_APPLYING = 5;

    private static final String NONE = "none";
    private static final Pattern RATE = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\S+)");

    public RailSettings {
        excludedNamespaces = excludedNamespaces == null ? Set.of() : Set.copyOf(excludedNamespaces);
        rateLimit = rateLimit == null ? RateLimit.OFF : rateLimit;
        namespaceRateLimit = namespaceRateLimit == null ? RateLimit.OFF : namespaceRateLimit;
        if (maxApplying < 0) {
            throw new ConfigException(MAX_APPLYING, "must be 0 (no limit) or more, was " + maxApplying);
        }
    }

    /** No dry-run, no pause, the kube-* namespaces excluded, 20/1h, 5/1h per namespace, 5 applying at once. */
    public static RailSettings defaults() {
        return new RailSettings(false, false, DEFAULT_EXCLUDED_NAMESPACES, DEFAULT_RATE_LIMIT,
                DEFAULT_NAMESPACE_RATE_LIMIT, DEFAULT_MAX_APPLYING);
    }

    /** Every rail off: for tests of something else, and for callers that want the operator of before the rails. */
    public static RailSettings off() {
        return new RailSettings(false, false, Set.of(), RateLimit.OFF, RateLimit.OFF, 0);
    }

    /**
     * Reads the settings, absent or blank keys taking their defaults.
     *
     * @throws ConfigException naming the key whose value is wrong
     */
    public static RailSettings fromMap(Map<String, String> values) {
        RailSettings d = defaults();
        return new RailSettings(
                bool(values, DRY_RUN, d.dryRun()),
                bool(values, PAUSED, d.paused()),
                namespaces(values.get(EXCLUDED_NAMESPACES), d.excludedNamespaces()),
                rate(values, RATE_LIMIT, d.rateLimit()),
                rate(values, NAMESPACE_RATE_LIMIT, d.namespaceRateLimit()),
                count(values, MAX_APPLYING, d.maxApplying()));
    }

    public RailSettings withDryRun(boolean value) {
        return new RailSettings(value, paused, excludedNamespaces, rateLimit, namespaceRateLimit, maxApplying);
    }

    public RailSettings withPaused(boolean value) {
        return new RailSettings(dryRun, value, excludedNamespaces, rateLimit, namespaceRateLimit, maxApplying);
    }

    public RailSettings withExcludedNamespaces(Set<String> value) {
        return new RailSettings(dryRun, paused, value, rateLimit, namespaceRateLimit, maxApplying);
    }

    public RailSettings withRateLimits(RateLimit global, RateLimit perNamespace) {
        return new RailSettings(dryRun, paused, excludedNamespaces, global, perNamespace, maxApplying);
    }

    public RailSettings withMaxApplying(int value) {
        return new RailSettings(dryRun, paused, excludedNamespaces, rateLimit, namespaceRateLimit, value);
    }

    /**
     * At most {@code count} changes started within any trailing {@code window}; a count of 0 is no limit.
     *
     * @param window null when the limit is off
     */
    public record RateLimit(int count, Duration window) {

        public static final RateLimit OFF = new RateLimit(0, null);

        public RateLimit {
            if (count < 0) {
                throw new IllegalArgumentException("a rate limit's count must be 0 or more, was " + count);
            }
            if (count > 0) {
                Objects.requireNonNull(window, "window");
                if (window.isZero() || window.isNegative()) {
                    throw new IllegalArgumentException("a rate limit's window must be positive, was " + window);
                }
            } else {
                window = null;
            }
        }

        public boolean enabled() {
            return count > 0;
        }

        /**
         * Parses {@code <count>/<duration>} ({@code 20/1h}, {@code 5/30m}) or {@code 0} (off).
         *
         * @throws IllegalArgumentException saying what is accepted
         */
        public static RateLimit parse(String text) {
            String t = text.trim();
            if (t.equals("0")) {
                return OFF;
            }
            Matcher m = RATE.matcher(t);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + t + "' is not <count>/<duration> such as 20/1h (or 0 to "
                        + "turn the limit off)");
            }
            int count = Integer.parseInt(m.group(1));
            if (count == 0) {
                return OFF;
            }
            Duration window = Durations.parse(m.group(2));
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("the window in '" + t + "' must be longer than 0");
            }
            return new RateLimit(count, window);
        }

        /** {@code 20/1h}, or {@code 0} when off. */
        @Override
        public String toString() {
            return enabled() ? count + "/" + Durations.format(window) : "0";
        }
    }

    private static boolean bool(Map<String, String> values, String key, boolean fallback) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return fallback;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "must be true or false, was '" + text + "'");
        };
    }

    private static Set<String> namespaces(String text, Set<String> fallback) {
        String t = blankToNull(text);
        if (t == null) {
            return fallback;
        }
        if (t.equalsIgnoreCase(NONE)) {
            return Set.of();
        }
        Set<String> namespaces = new LinkedHashSet<>();
        for (String ns : Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            if (!KubernetesNames.isLabel(ns)) {
                throw new ConfigException(EXCLUDED_NAMESPACES, "'" + ns + "' is not a namespace name (lowercase "
                        + "letters, digits and '-', at most 63 characters); write none to exclude nothing");
            }
            namespaces.add(ns);
        }
        return namespaces;
    }

    private static RateLimit rate(Map<String, String> values, String key, RateLimit fallback) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return fallback;
        }
        try {
            return RateLimit.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }

    private static int count(Map<String, String> values, String key, int fallback) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new ConfigException(key, "must be a whole number, 0 (no limit) or more, was '" + text + "'");
    }
}
