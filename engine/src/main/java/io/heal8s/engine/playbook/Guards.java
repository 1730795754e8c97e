package io.heal8s.engine.playbook;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * Limits on how often a playbook may act on the same target: no new remediation within {@code cooldown} of the
 * last one, at most {@code maxAttempts} within {@code window}, and no further change once {@code loopMaxChanges}
 * changes were made within {@code loopWindow} (the same fix applied again and again is a loop or a leak that a person
 * should look at; 0 disables the loop check).
 */
public record Guards(Duration cooldown, int maxAttempts, Duration window, int loopMaxChanges, Duration loopWindow) {

    /** The loop check's defaults: 3 changes within 24h. */
    public static final int DEFAULT_LOOP_MAX_CHANGES = 3;
    public static final Duration DEFAULT_LOOP_WINDOW = Duration.ofHours(24);

    public static final Guards DEFAULT = new Guards(Duration.ofMinutes(30), 3, Duration.ofHours(24));

    public Guards {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(loopWindow, "loopWindow");
    }

    /** Cooldown and attempt limits with the loop check's defaults. */
    public Guards(Duration cooldown, int maxAttempts, Duration window) {
        this(cooldown, maxAttempts, window, DEFAULT_LOOP_MAX_CHANGES, DEFAULT_LOOP_WINDOW);
    }

    /**
     * The longest {@link #lookback()} among {@code guards}, and at least {@code atLeast}: how far back the history
     * must reach for every playbook in service (the webhook's history, the retention's floor).
     */
    public static Duration longestLookback(Duration atLeast, Collection<Guards> guards) {
        Duration longest = atLeast;
        for (Guards g : guards) {
            if (g.lookback().compareTo(longest) > 0) {
                longest = g.lookback();
            }
        }
        return longest;
    }

    /** The longest lookback any of these guards needs: the history a decision must be given. */
    public Duration lookback() {
        Duration longest = cooldown;
        for (Duration d : new Duration[] {window, loopWindow}) {
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }
}
