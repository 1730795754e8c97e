package io.heal8s.server.github;

import io.heal8s.engine.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

/**
 * The GitHub webhook's secret, read from a file (a mounted Secret) and re-read whenever the file's modification time
 * changes, so a rotated Secret takes effect without a restart. Optional: without it the endpoint answers 503 and
 * nothing else is affected. {@link #toString()} never shows the secret. Built by {@link #fromMap}.
 */
public final class GitHubWebhookSettings {

    /** A file holding the webhook's secret (surrounding whitespace ignored). No default: the endpoint is off. */
    public static final String SECRET_FILE = "heal8s.github.webhook-secret-file";

    private final Path secretFile;

    // The last read of secretFile and the modification time it was read at; guarded by this.
    private FileTime readAt;
    private byte[] secret;

    private GitHubWebhookSettings(Path secretFile) {
        this.secretFile = secretFile;
    }

    /** Reads the settings; throws {@link ConfigException} naming the key when the path is not a valid path. */
    public static GitHubWebhookSettings fromMap(Map<String, String> values) {
        String file = values.get(SECRET_FILE);
        if (file == null || file.isBlank()) {
            return new GitHubWebhookSettings(null);
        }
        try {
            return new GitHubWebhookSettings(Path.of(file.strip()));
        } catch (InvalidPathException e) {
            throw new ConfigException(SECRET_FILE, "'" + file + "' is not a valid path: " + e.getReason());
        }
    }

    /** Whether a secret file is configured at all. */
    public boolean configured() {
        return secretFile != null;
    }

    /**
     * The secret's bytes (UTF-8, whitespace around it stripped), re-read when the file changed; empty when no file is
     * configured or the file is blank.
     *
     * @throws ConfigException naming the key when the file cannot be read and never could; once read, a file that
     *     vanishes for an instant (mid-rotation) leaves the last secret in force
     */
    public synchronized Optional<byte[]> secret() {
        if (secretFile == null) {
            return Optional.empty();
        }
        try {
            FileTime modified = Files.getLastModifiedTime(secretFile);
            if (!modified.equals(readAt)) {
                String text = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
                secret = text.isEmpty() ? null : text.getBytes(StandardCharsets.UTF_8);
                readAt = modified;
            }
        } catch (IOException e) {
            if (readAt == null) {
                throw new ConfigException(SECRET_FILE, "cannot read '" + secretFile + "' ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return secret == null ? Optional.empty() : Optional.of(secret.clone());
    }

    /** Where the secret is configured, for messages: the key and the path, never the value. */
    public String secretSource() {
        return secretFile == null ? "nowhere (set " + SECRET_FILE + ")" : SECRET_FILE + "=" + secretFile;
    }

    @Override
    public String toString() {
        return "GitHubWebhookSettings[secret from " + secretSource() + "]";
    }
}
