package io.heal8s.engine.config;

import io.heal8s.engine.playbook.Guards;
import java.time.Duration;
import java.util.Map;

/**
 * The guards every playbook starts from ({@code heal8s.guards.*}): a playbook's own {@code spec.guards} fields
 * override them one by one. Built from any key/value source by {@link #fromMap}; the defaults are
 * {@link Guards#DEFAULT}'s (cooldown 30m, 3 attempts in 24h, loop check at 3 changes in 24h).
 */
public final class GuardSettings {

    /** No new remediation of a target and action within this time of the last one. Default 30m; 0 disables. */
    public static final String COOLDOWN = "heal8s.guards.cooldown";
    /** At most this many remediations of a target and action within {@link #WINDOW}. Default 3; at least 1. */
    public static final String MAX_ATTEMPTS = "heal8s.guards.max-attempts";
    /** The window of {@link #MAX_ATTEMPTS}. Default 24h. */
    public static final String WINDOW = "heal8s.guards.window";
    /** This many changes of a target by the same action within {@link #LOOP_WINDOW} is a loop. Default 3; 0 disables. */
    public static final String LOOP_MAX_CHANGES = "heal8s.guards.loop-max-changes";
    /** The window of {@link #LOOP_MAX_CHANGES}. Default 24h. */
    public static final String LOOP_WINDOW = "heal8s.guards.loop-window";

    private GuardSettings() {
    }

    /** Reads the defaults, applying {@link Guards#DEFAULT} for absent keys; throws {@link ConfigException} naming a bad key. */
    public static Guards fromMap(Map<String, String> values) {
        Guards d = Guards.DEFAULT;
        Duration cooldown = duration(values, COOLDOWN, d.cooldown(), true);
        int maxAttempts = integer(values, MAX_ATTEMPTS, d.maxAttempts(), 1);
        Duration window = duration(values, WINDOW, d.window(), false);
        int loopMaxChanges = integer(values, LOOP_MAX_CHANGES, d.loopMaxChanges(), 0);
        Duration loopWindow = duration(values, LOOP_WINDOW, d.loopWindow(), false);
        return new Guards(cooldown, maxAttempts, window, loopMaxChanges, loopWindow);
    }

    private static Duration duration(Map<String, String> values, String key, Duration defaultValue,
            boolean zeroAllowed) {
        return zeroAllowed ? ConfigValues.duration(values, key, defaultValue)
                : ConfigValues.positiveDuration(values, key, defaultValue);
    }

    private static int integer(Map<String, String> values, String key, int defaultValue, int min) {
        String text = ConfigValues.blankToNull(values.get(key));
        if (text == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + text + "' is not a whole number (default " + defaultValue + ")");
        }
        if (value < min) {
            throw new ConfigException(key, "must be at least " + min + ", got " + value + " (default "
                    + defaultValue + ")");
        }
        return value;
    }
}
