package io.heal8s.engine.remediation;

import io.heal8s.engine.playbook.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The text forms the Remediation API shares with Go: RFC 3339 timestamps at second precision (how {@code metav1.Time}
 * serialises) and Go duration strings ({@code 24h}, {@code 1h30m}; Go has no day unit).
 */
public final class WireFormats {

    private WireFormats() {
    }

    /** {@code 2026-11-25T12:00:00Z}: UTC, seconds, as {@code metav1.Time} writes it. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Reads an RFC 3339 timestamp such as Kubernetes writes ({@code Z} or an offset, optional fraction).
     *
     * @throws IllegalArgumentException naming the text
     */
    public static Instant parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 timestamp", e);
        }
    }

    /**
     * As {@link #parseTimestamp}, for a field that may be missing or was edited by hand: null when {@code text} is null,
     * blank or not an RFC 3339 timestamp, so the caller can fall back on another source.
     */
    public static Instant timestampOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parseTimestamp(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A Go duration string: hours, minutes, seconds and milliseconds, largest first; {@code 0s} for zero. */
    public static String goDuration(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        return Durations.formatWithoutDays(duration);
    }
}
