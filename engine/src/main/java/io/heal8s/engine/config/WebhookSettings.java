package io.heal8s.engine.config;

import static io.heal8s.engine.config.ConfigValues.blankToNull;

import io.heal8s.engine.alert.AlertLimits;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How the webhook authenticates and how large a body it takes. The bearer token comes inline or from a file (a
 * mounted Secret), which is re-read whenever its modification time changes so a rotated Secret takes effect without
 * a restart. {@link #toString()} never shows the token. Built by {@link #fromMap}.
 */
public final class WebhookSettings {

    /** The bearer token Alertmanager must send. No default: without a token every request is refused. */
    public static final String TOKEN = "heal8s.webhook.token";
    /** A file holding the token (surrounding whitespace ignored), such as a mounted Secret; not with {@link #TOKEN}. */
    public static final String TOKEN_FILE = "heal8s.webhook.token-file";
    /** The largest webhook body in bytes; default 4194304 (4 MiB, {@link AlertLimits#DEFAULT}). */
    public static final String MAX_PAYLOAD_BYTES = "heal8s.webhook.max-payload-bytes";

    private final String inlineToken;
    private final Path tokenFile;
    private final SecretFile tokenSecret;
    private final int maxPayloadBytes;


    private WebhookSettings(String inlineToken, Path tokenFile, int maxPayloadBytes) {
        this.inlineToken = inlineToken;
        this.tokenFile = tokenFile;
        this.tokenSecret = tokenFile == null ? null : new SecretFile(TOKEN_FILE, tokenFile);
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Reads the settings, applying defaults for absent keys; throws {@link ConfigException} naming a bad key, such
     * as a token file that cannot be read or both token keys set.
     */
    public static WebhookSettings fromMap(Map<String, String> values) {
        String token = blankToNull(values.get(TOKEN));
        String file = blankToNull(values.get(TOKEN_FILE));
        if (token != null && file != null) {
            throw new ConfigException(TOKEN_FILE, "set either " + TOKEN + " or " + TOKEN_FILE + ", not both");
        }
        Path path = null;
        if (file != null) {
            try {
                path = Path.of(file);
            } catch (InvalidPathException e) {
                throw new ConfigException(TOKEN_FILE, "'" + file + "' is not a valid path: " + e.getReason());
            }
            if (!Files.isReadable(path) || Files.isDirectory(path)) {
                throw new ConfigException(TOKEN_FILE, "'" + file + "' is not a readable file");
            }
        }
        WebhookSettings settings = new WebhookSettings(token, path, maxPayloadBytes(values));
        if (path != null) {
            settings.token();
        }
        return settings;
    }

    /** The token requests must carry, re-read from the file when it changed; empty when none is configured. */
    public Optional<String> token() {
        return tokenSecret == null ? Optional.ofNullable(inlineToken) : tokenSecret.read();
    }

    /** Where the token is configured, for messages: the key, never the value. */
    public String tokenSource() {
        if (tokenFile != null) {
            return TOKEN_FILE + "=" + tokenFile;
        }
        return inlineToken != null ? TOKEN : "nowhere (set " + TOKEN + " or " + TOKEN_FILE + ")";
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** The parser's limits with this body size. */
    public AlertLimits alertLimits() {
        return AlertLimits.DEFAULT.withMaxPayloadBytes(maxPayloadBytes);
    }

    @Override
    public String toString() {
        return "WebhookSettings[token from " + tokenSource() + ", maxPayloadBytes=" + maxPayloadBytes + "]";
    }

    private static int maxPayloadBytes(Map<String, String> values) {
        String text = blankToNull(values.get(MAX_PAYLOAD_BYTES));
        int max = AlertLimits.DEFAULT.maxPayloadBytes();
        if (text == null) {
            return max;
        }
        try {
            int value = Integer.parseInt(text);
            // The same bounds as AlertLimits, reported with the key.
            if (value < 1 || value > Integer.MAX_VALUE - 16) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(MAX_PAYLOAD_BYTES, "'" + text + "' is not a byte count between 1 and "
                    + (Integer.MAX_VALUE - 16) + " (default " + max + ")");
        }
    }
}
