package io.heal8s.engine.config;

import static io.heal8s.engine.config.ConfigValues.blankToNull;
import static io.heal8s.engine.config.ConfigValues.optionalPath;
import static io.heal8s.engine.config.ConfigValues.positiveDuration;

import io.heal8s.engine.gitops.github.PemKeys;
import io.heal8s.engine.playbook.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How heal8s reaches GitHub (or GitHub Enterprise) to open pull requests: the API's base URL, a timeout, and exactly one
 * form of authentication, a token from a file or a GitHub App (app id, installation id, private key file). Secrets live
 * in files (mounted Secrets) that are read again when they change, so a rotation needs no restart; {@link #toString()}
 * names the files, never their content.
 */
public final class GitHubSettings {

    /** The REST API's base URL; default {@value #DEFAULT_API_URL}; GitHub Enterprise: {@code https://HOST/api/v3}. */
    public static final String API_URL = "heal8s.github.api-url";
    /** A file holding a personal access or installation token (surrounding whitespace ignored). */
    public static final String TOKEN_FILE = "heal8s.github.token-file";
    /** The GitHub App's id (a positive number), with {@link #INSTALLATION_ID} and {@link #PRIVATE_KEY_FILE}. */
    public static final String APP_ID = "heal8s.github.app-id";
    /** The App's installation id on the organisation or account that owns the manifests repository. */
    public static final String INSTALLATION_ID = "heal8s.github.installation-id";
    /** The App's private key, PEM in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, as GitHub hands it out) or PKCS#8. */
    public static final String PRIVATE_KEY_FILE = "heal8s.github.private-key-file";
    /** How long one call may take, such as {@code 10s}; default {@code 10s}. */
    public static final String TIMEOUT = "heal8s.github.timeout";

    public static final String DEFAULT_API_URL = "https://api.github.com";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The authentication forms. */
    public enum Auth {
        /** No GitHub authentication configured: heal8s does not talk to GitHub. */
        NONE,
        /** A token from {@link #TOKEN_FILE}. */
        TOKEN,
        /** A GitHub App's installation tokens. */
        APP
    }

    private final URI apiUrl;
    private final Duration timeout;
    private final Auth auth;
    private final Path tokenFile;
    private final SecretFile tokenSecret;
    private final long appId;
    private final long installationId;
    private final Path privateKeyFile;

    // The last reads of the secret files and the modification times they were read at; guarded by this.
    private FileTime keyReadAt;
    private RSAPrivateKey key;

    private GitHubSettings(URI apiUrl, Duration timeout, Auth auth, Path tokenFile, long appId, long installationId,
            Path privateKeyFile) {
        this.apiUrl = apiUrl;
        this.timeout = timeout;
        this.auth = auth;
        this.tokenFile = tokenFile;
        this.tokenSecret = tokenFile == null ? null : new SecretFile(TOKEN_FILE, tokenFile);
        this.appId = appId;
        this.installationId = installationId;
        this.privateKeyFile = privateKeyFile;
    }

    /**
     * Reads the settings, applying defaults for absent keys. No authentication key at all means {@link Auth#NONE};
     * both forms, an incomplete App, an unreadable file or a key file that is not an RSA private key in PEM throw a
     * {@link ConfigException} naming the key.
     */
    public static GitHubSettings fromMap(Map<String, String> values) {
        URI apiUrl = apiUrl(values);
        Duration timeout = positiveDuration(values, TIMEOUT, DEFAULT_TIMEOUT);
        Path tokenFile = optionalPath(values, TOKEN_FILE);
        String appIdText = blankToNull(values.get(APP_ID));
        String installationText = blankToNull(values.get(INSTALLATION_ID));
        Path keyFile = optionalPath(values, PRIVATE_KEY_FILE);
        boolean anyApp = appIdText != null || installationText != null || keyFile != null;
        if (tokenFile != null && anyApp) {
            throw new ConfigException(TOKEN_FILE, "set either a token file or a GitHub App (" + APP_ID + ", "
                    + INSTALLATION_ID + ", " + PRIVATE_KEY_FILE + "), not both");
        }
        GitHubSettings settings;
        if (tokenFile != null) {
            requireReadable(TOKEN_FILE, tokenFile);
            settings = new GitHubSettings(apiUrl, timeout, Auth.TOKEN, tokenFile, 0, 0, null);
            if (settings.token().isEmpty()) {
                throw new ConfigException(TOKEN_FILE, "'" + tokenFile + "' is empty");
            }
        } else if (anyApp) {
            long appId = positive(APP_ID, appIdText);
            long installationId = positive(INSTALLATION_ID, installationText);
            if (keyFile == null) {
                throw new ConfigException(PRIVATE_KEY_FILE, "is required with " + APP_ID + ": the App's private key "
                        + "in PEM");
            }
            requireReadable(PRIVATE_KEY_FILE, keyFile);
            settings = new GitHubSettings(apiUrl, timeout, Auth.APP, null, appId, installationId, keyFile);
            settings.privateKey();
        } else {
            settings = new GitHubSettings(apiUrl, timeout, Auth.NONE, null, 0, 0, null);
        }
        return settings;
    }

    /** The REST API's base URL, without a trailing slash. */
    public URI apiUrl() {
        return apiUrl;
    }

    public Duration timeout() {
        return timeout;
    }

    public Auth auth() {
        return auth;
    }

    /** The App's id; 0 unless {@link Auth#APP}. */
    public long appId() {
        return appId;
    }

    /** The App's installation id; 0 unless {@link Auth#APP}. */
    public long installationId() {
        return installationId;
    }

    /** The token, re-read from its file when the file changed; empty unless {@link Auth#TOKEN}. */
    public Optional<String> token() {
        return tokenSecret == null ? Optional.empty() : tokenSecret.read();
    }

    /**
     * The App's private key, re-read and parsed when its file changed.
     *
     * @throws ConfigException naming {@link #PRIVATE_KEY_FILE} and the file (never its content) when it cannot be read
     *     or parsed; or {@link IllegalStateException} unless {@link Auth#APP}
     */
    public RSAPrivateKey privateKey() {
        if (privateKeyFile == null) {
            throw new IllegalStateException("no GitHub App is configured (" + APP_ID + ")");
        }
        synchronized (this) {
            try {
                FileTime modified = Files.getLastModifiedTime(privateKeyFile);
                if (!modified.equals(keyReadAt)) {
                    key = PemKeys.parseRsaPrivateKey(Files.readString(privateKeyFile, StandardCharsets.US_ASCII));
                    keyReadAt = modified;
                }
            } catch (IOException e) {
                if (keyReadAt == null) {
                    throw new ConfigException(PRIVATE_KEY_FILE, "cannot read '" + privateKeyFile + "': "
                            + e.getClass().getSimpleName());
                }
            } catch (IllegalArgumentException e) {
                // A half-written key during rotation: keep the last good one; without one, say what is wrong.
                if (keyReadAt == null) {
                    throw new ConfigException(PRIVATE_KEY_FILE, "'" + privateKeyFile + "' " + e.getMessage());
                }
            }
            return key;
        }
    }

    @Override
    public String toString() {
        String form = switch (auth) {
            case NONE -> "no authentication";
            case TOKEN -> "token from " + tokenFile;
            case APP -> "app " + appId + ", installation " + installationId + ", key from " + privateKeyFile;
        };
        return "GitHubSettings[" + apiUrl + ", " + form + ", timeout " + Durations.format(timeout) + "]";
    }

    private static URI apiUrl(Map<String, String> values) {
        String text = blankToNull(values.get(API_URL));
        if (text == null) {
            return URI.create(DEFAULT_API_URL);
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(text, "expected an http or https URL with a host");
            }
            if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                throw new URISyntaxException(text, "expected no user, query or fragment");
            }
            String s = uri.toString();
            return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        } catch (URISyntaxException e) {
            throw new ConfigException(API_URL, "'" + text + "' is not GitHub's API URL: " + e.getReason() + " (default "
                    + DEFAULT_API_URL + "; GitHub Enterprise: https://HOST/api/v3)");
        }
    }

    private static long positive(String key, String text) {
        if (text == null) {
            throw new ConfigException(key, "is required for a GitHub App (" + APP_ID + ", " + INSTALLATION_ID + ", "
                    + PRIVATE_KEY_FILE + ")");
        }
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key, "'" + text + "' is not a positive whole number");
    }

    private static void requireReadable(String key, Path file) {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new ConfigException(key, "'" + file + "' is not a readable file");
        }
    }
}
