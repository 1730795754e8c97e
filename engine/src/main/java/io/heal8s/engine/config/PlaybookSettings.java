package io.heal8s.engine.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where heal8s reads its playbooks and whether it reloads them on change. Built from any key/value source
 * (MicroProfile Config in the server, a plain map in tests) by {@link #fromMap}.
 *
 * @param dir the playbook directory; its {@code rules/} sub-folder holds the DRL files
 * @param watch reload when a file in the directory changes
 */
public record PlaybookSettings(Path dir, boolean watch) {

    /** The playbook directory. Default {@value #DEFAULT_DIR}, where the Helm chart mounts the playbooks. */
    public static final String DIR = "heal8s.playbooks.dir";
    /** Reload the playbooks when a file changes: {@code true} or {@code false}. Default {@code true}. */
    public static final String WATCH = "heal8s.playbooks.watch";

    public static final String DEFAULT_DIR = "/etc/heal8s/playbooks";

    /** Reads the settings, applying defaults for absent keys; throws {@link ConfigException} naming a bad key. */
    public static PlaybookSettings fromMap(Map<String, String> values) {
        String dirText = values.getOrDefault(DIR, DEFAULT_DIR).trim();
        if (dirText.isEmpty()) {
            throw new ConfigException(DIR, "must name a directory (default " + DEFAULT_DIR + ")");
        }
        Path dir;
        try {
            dir = Path.of(dirText);
        } catch (InvalidPathException e) {
            throw new ConfigException(DIR, "'" + dirText + "' is not a valid path: " + e.getReason());
        }
        return new PlaybookSettings(dir, parseBoolean(values, WATCH, true));
    }

    static boolean parseBoolean(Map<String, String> values, String key, boolean defaultValue) {
        String text = values.get(key);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new ConfigException(key, "'" + text + "' is not true or false");
        }
    }
}
