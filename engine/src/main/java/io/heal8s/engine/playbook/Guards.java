package io.heal8s.engine.playbook;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on how often a playbook may act on the same target: no new remediation within {@code cooldown} of the
 * last one, and at most {@code maxAttempts} within {@code window}.
 */
public record Guards(Duration cooldown, int maxAttempts, Duration window) {

    public static final Guards DEFAULT = new Guards(Duration.ofMinutes(30), 3, Duration.ofHours(24));

    public Guards {
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(window, "window");
    }
}
