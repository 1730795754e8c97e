package io.heal8s.engine.playbook;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Prometheus and Alertmanager write them ({@code 90s}, {@code 30m}, {@code 1h30m}, {@code 7d}),
 * so a playbook reads like the alert rules beside it.
 */
public final class Durations {

    /** The accepted forms, for error messages. */
    public static final String FORMS = "whole numbers with units, largest first, such as 90s, 30m, 24h, 1h30m or 7d "
            + "(units y, w, d, h, m, s, ms; 0 alone means none)";

    // Prometheus' model.ParseDuration grammar: each unit at most once, in decreasing order, integers only.
    private static final Pattern SYNTAX = Pattern.compile(
            "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?");
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000, 60_000, 1000, 1
    };
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the text and the valid forms
     */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration: expected " + FORMS);
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': expected " + FORMS);
        }
        long millis = 0;
        try {
            for (int i = 0; i < UNIT_MILLIS.length; i++) {
                String n = m.group(i + 1);
                if (n != null) {
                    millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(n), UNIT_MILLIS[i]));
                }
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too long", e);
        }
        return Duration.ofMillis(millis);
    }

    /** Formats a duration in the same style, with units d, h, m, s and ms ({@code 1h30m}, {@code 7d}, {@code 0s}). */
    public static String format(Duration duration) {
        return format(duration, 2);
    }

    /** Formats a duration as Go writes it: no day unit, so hours are the largest ({@code 168h}, {@code 1h30m}). */
    public static String formatWithoutDays(Duration duration) {
        return format(duration, 3);
    }

    // UNIT_MILLIS runs y, w, d, h, m, s, ms; formatting starts at the largest unit the caller allows.
    private static String format(Duration duration, int largestUnit) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        if (millis < 0) {
            out.append('-');
            millis = -millis;
        }
        for (int i = largestUnit; i < UNIT_MILLIS.length; i++) {
            long n = millis / UNIT_MILLIS[i];
            if (n > 0) {
                out.append(n).append(UNITS[i]);
                millis -= n * UNIT_MILLIS[i];
            }
        }
        return out.toString();
    }
}
