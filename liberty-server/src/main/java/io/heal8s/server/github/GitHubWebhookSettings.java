package io.heal8s.server.github;

import io.heal8s.engine.config.ConfigException;
import io.heal8s.engine.config.SecretFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
    private final SecretFile secret;

    private GitHubWebhookSettings(Path secretFile) {
        this.secretFile = secretFile;
        this.secret = secretFile == null ? null : new SecretFile(SECRET_FILE, secretFile);
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
    public Optional<byte[]> secret() {
        return secret == null ? Optional.empty() : secret.read().map(text -> text.getBytes(StandardCharsets.UTF_8));
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
