package io.heal8s.engine.config;

import static io.heal8s.engine.config.ConfigValues.blankToNull;
import static io.heal8s.engine.config.ConfigValues.optionalPath;

import io.heal8s.engine.playbook.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How heal8s reaches plain Git remotes (the {@code GitPushPublisher}): the credentials for HTTPS remotes, where the
 * local clones live, who authors the commits, and how long a fetch or push may take. The password (a token) comes from
 * a file, a mounted Secret, re-read when it changes so a rotation needs no restart; {@link #toString()} never shows
 * it. Built by {@link #fromMap}.
 */
public final class GitSettings {

    /** The user name sent with the password over HTTPS; default {@value #DEFAULT_USERNAME} (GitHub, Gitea, GitLab accept it with a token). */
    public static final String USERNAME = "heal8s.git.username";
    /** A file holding the password or token (surrounding whitespace ignored); optional: without it no credentials are sent. */
    public static final String PASSWORD_FILE = "heal8s.git.password-file";
    /** The directory holding one local clone per remote; default {@code heal8s-git} under {@code java.io.tmpdir}. */
    public static final String WORK_DIR = "heal8s.git.work-dir";
    /** The commits' author and committer name; default {@value #DEFAULT_AUTHOR_NAME}. */
    public static final String AUTHOR_NAME = "heal8s.git.author-name";
    /** The commits' author and committer e-mail; default {@value #DEFAULT_AUTHOR_EMAIL}. */
    public static final String AUTHOR_EMAIL = "heal8s.git.author-email";
    /** How long one fetch or push may take, such as {@code 30s}; default 30s, rounded up to whole seconds. */
    public static final String TIMEOUT = "heal8s.git.timeout";

    public static final String DEFAULT_USERNAME = "x-access-token";
    public static final String DEFAULT_AUTHOR_NAME = "heal8s";
    public static final String DEFAULT_AUTHOR_EMAIL = "heal8s@users.noreply.local";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String username;
    private final Path passwordFile;
    private final SecretFile passwordSecret;
    private final Path workDir;
    private final String authorName;
    private final String authorEmail;
    private final Duration timeout;


    private GitSettings(String username, Path passwordFile, Path workDir, String authorName, String authorEmail,
            Duration timeout) {
        this.username = username;
        this.passwordFile = passwordFile;
        this.passwordSecret = passwordFile == null ? null : new SecretFile(PASSWORD_FILE, passwordFile);
        this.workDir = workDir;
        this.authorName = authorName;
        this.authorEmail = authorEmail;
        this.timeout = timeout;
    }

    /**
     * Reads the settings, applying defaults for absent keys; throws {@link ConfigException} naming a bad key, such as
     * an unreadable password file, an author with a line break or a zero timeout.
     */
    public static GitSettings fromMap(Map<String, String> values) {
        String username = text(values, USERNAME, DEFAULT_USERNAME);
        Path passwordFile = optionalPath(values, PASSWORD_FILE);
        if (passwordFile != null && (!Files.isReadable(passwordFile) || Files.isDirectory(passwordFile))) {
            throw new ConfigException(PASSWORD_FILE, "'" + passwordFile + "' is not a readable file");
        }
        Path workDir = optionalPath(values, WORK_DIR);
        if (workDir == null) {
            workDir = Path.of(System.getProperty("java.io.tmpdir"), "heal8s-git");
        }
        if (Files.exists(workDir) && !Files.isDirectory(workDir)) {
            throw new ConfigException(WORK_DIR, "'" + workDir + "' exists and is not a directory");
        }
        String authorName = text(values, AUTHOR_NAME, DEFAULT_AUTHOR_NAME);
        String authorEmail = text(values, AUTHOR_EMAIL, DEFAULT_AUTHOR_EMAIL);
        if (authorEmail.chars().anyMatch(Character::isWhitespace) || !authorEmail.contains("@")) {
            throw new ConfigException(AUTHOR_EMAIL, "'" + authorEmail + "' is not an e-mail address (default "
                    + DEFAULT_AUTHOR_EMAIL + ")");
        }
        GitSettings settings = new GitSettings(username, passwordFile, workDir, authorName, authorEmail,
                timeout(values));
        if (passwordFile != null) {
            settings.password();
        }
        return settings;
    }

    /** The defaults: no credentials, clones under {@code java.io.tmpdir}. */
    public static GitSettings defaults() {
        return fromMap(Map.of());
    }

    public String username() {
        return username;
    }

    /** The password or token, re-read from its file when the file changed; empty when none is configured. */
    public Optional<String> password() {
        return passwordSecret == null ? Optional.empty() : passwordSecret.read();
    }

    public Path workDir() {
        return workDir;
    }

    public String authorName() {
        return authorName;
    }

    public String authorEmail() {
        return authorEmail;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "GitSettings[username " + username + ", password " + (passwordFile == null ? "none" : "from "
                + passwordFile) + ", workDir " + workDir + ", author " + authorName + " <" + authorEmail + ">, timeout "
                + Durations.format(timeout) + "]";
    }

    private static String text(Map<String, String> values, String key, String defaultValue) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return defaultValue;
        }
        if (text.chars().anyMatch(c -> c < ' ' || c == '<' || c == '>' || c == 0x7f)) {
            throw new ConfigException(key, "must be one line without '<' or '>' (default " + defaultValue + ")");
        }
        return text;
    }

    private static Duration timeout(Map<String, String> values) {
        String text = blankToNull(values.get(TIMEOUT));
        if (text == null) {
            return DEFAULT_TIMEOUT;
        }
        Duration timeout;
        try {
            timeout = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TIMEOUT, e.getMessage() + " (default 30s)");
        }
        // JGit counts its timeouts in whole seconds: a fraction is rounded up, never down to "no timeout" (0).
        long seconds = timeout.plusMillis(999).toSeconds();
        if (timeout.isZero() || seconds > Integer.MAX_VALUE) {
            throw new ConfigException(TIMEOUT, "'" + text + "' must be longer than 0 (default 30s)");
        }
        return Duration.ofSeconds(seconds);
    }
}
