package io.heal8s.engine.config;

import io.heal8s.engine.playbook.Durations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** How the settings classes read their raw values: blank is absent, and every error names its key. */
final class ConfigValues {

    private ConfigValues() {
    }

    /** The text without surrounding whitespace, or null when absent or blank. */
    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The path under {@code key}, or null when absent or blank. */
    static Path optionalPath(Map<String, String> values, String key) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConfigException(key, "'" + text + "' is not a valid path: " + e.getReason());
        }
    }

    /** The duration under {@code key} ({@code 2s}, {@code 500ms}, {@code 0}); {@code defaultValue} when absent. */
    static Duration duration(Map<String, String> values, String key, Duration defaultValue) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return defaultValue;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage() + defaultText(defaultValue));
        }
    }

    /** The duration under {@code key} ({@code 2s}, {@code 500ms}), longer than 0; {@code defaultValue} when absent. */
    static Duration positiveDuration(Map<String, String> values, String key, Duration defaultValue) {
        Duration duration = duration(values, key, defaultValue);
        if (duration.isZero()) {
            throw new ConfigException(key, "must be longer than 0" + defaultText(defaultValue));
        }
        return duration;
    }

    private static String defaultText(Duration defaultValue) {
        return " (default " + Durations.format(defaultValue) + ")";
    }
}
