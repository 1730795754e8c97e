package io.heal8s.operator;

import io.heal8s.engine.playbook.Durations;
import java.time.Duration;
import java.util.Map;

/**
 * How long terminal Remediations are kept before the operator deletes them. Since every guard refusal and every
 * firing is its own Remediation, without a retention etcd would grow without bound. One record so that the Liberty
 * application and tests configure the sweep the same way; {@link #fromMap} names the key that is wrong.
 *
 * @param retention how long a terminal Remediation is kept after it ended; zero disables the sweep
 * @param maxPerSweep at most this many Remediations are deleted per sweep, so that one sweep never floods the API
 */
public record RetentionSettings(Duration retention, int maxPerSweep) {

    /** The configuration key of {@link #retention}: a duration such as {@code 7d}; {@code 0} disables the sweep. */
    public static final String KEY_RETENTION = "heal8s.operator.retention";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final int DEFAULT_MAX_PER_SWEEP = 100;
    /** The longest pause between two sweeps, whatever the retention. */
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    /** The shortest pause between two sweeps, so that a tiny retention does not spin. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /**
     * @throws IllegalArgumentException naming the field when the retention is missing or negative or the cap is not
     *     positive
     */
    public RetentionSettings {
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("retention must be zero (disabled) or a positive duration, was "
                    + (retention == null ? "missing" : retention));
        }
        if (maxPerSweep < 1) {
            throw new IllegalArgumentException("maxPerSweep must be at least 1, was " + maxPerSweep);
        }
    }

    /** Seven days, 100 per sweep. */
    public static RetentionSettings defaults() {
        return new RetentionSettings(DEFAULT_RETENTION, DEFAULT_MAX_PER_SWEEP);
    }

    /**
     * Reads {@value #KEY_RETENTION} ({@code 90s}, {@code 12h}, {@code 7d}; {@code 0} disables); absent or blank means
     * the default.
     *
     * @throws IllegalArgumentException naming the key when its value is not a duration
     */
    public static RetentionSettings fromMap(Map<String, String> config) {
        String text = config.get(KEY_RETENTION);
        if (text == null || text.isBlank()) {
            return defaults();
        }
        Duration retention;
        try {
            retention = Durations.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY_RETENTION + ": " + e.getMessage(), e);
        }
        return new RetentionSettings(retention, DEFAULT_MAX_PER_SWEEP);
    }

    /** Whether terminal Remediations are deleted at all. */
    public boolean enabled() {
        return !retention.isZero();
    }

    /** The pause between two sweeps of this retention: a tenth of it, at most an hour, at least a second. */
    public static Duration interval(Duration retention) {
        Duration tenth = retention.dividedBy(10);
        if (tenth.compareTo(MAX_INTERVAL) > 0) {
            return MAX_INTERVAL;
        }
        return tenth.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : tenth;
    }
}
