package io.heal8s.engine.config;

import static io.heal8s.engine.config.ConfigValues.blankToNull;
import static io.heal8s.engine.config.ConfigValues.optionalPath;
import static io.heal8s.engine.config.ConfigValues.positiveDuration;

import io.heal8s.engine.playbook.Durations;
import io.heal8s.engine.policy.RestPolicyEngine;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which engine evaluates the approval policy and how to reach it: none (every decision is GitOps with approval), an
 * OPA server over REST, or a Wasm policy in process. Built by {@link #fromMap}; the engines are made by
 * {@code PolicyEngines.create}. The REST token comes from a file (a mounted Secret) re-read when it changes, and is
 * never shown by {@link #toString()}.
 */
public final class PolicySettings {

    /** {@code none} (default), {@code rest} or {@code wasm}. */
    public static final String ENGINE = "heal8s.policy.engine";
    /** OPA's base URL, such as {@code http://localhost:8181}; required with {@code rest}. */
    public static final String REST_URL = "heal8s.policy.rest.url";
    /** The decision path under {@code /v1/data/}; default {@value #DEFAULT_PATH}. */
    public static final String REST_PATH = "heal8s.policy.rest.path";
    /** A file holding a bearer token for OPA (surrounding whitespace ignored); optional. */
    public static final String REST_TOKEN_FILE = "heal8s.policy.rest.token-file";
    /** How long to wait for OPA's answer, such as {@code 2s} or {@code 500ms}; default {@code 2s}. */
    public static final String TIMEOUT = "heal8s.policy.timeout";
    /** The {@code .wasm} file or {@code bundle.tar.gz} from {@code opa build -t wasm}; required with {@code wasm}. */
    public static final String WASM_FILE = "heal8s.policy.wasm.file";
    /** The Wasm entrypoint; default {@value #DEFAULT_PATH}. */
    public static final String WASM_ENTRYPOINT = "heal8s.policy.wasm.entrypoint";

    /** The contract's decision: package {@code heal8s.approval}, rule {@code decision}. */
    public static final String DEFAULT_PATH = "heal8s/approval/decision";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** The engine kinds, written in lower case in the configuration. */
    public enum Engine {
        NONE,
        REST,
        WASM
    }

    private final Engine engine;
    private final URI restUrl;
    private final String restPath;
    private final Path restTokenFile;
    private final SecretFile restTokenSecret;
    private final Duration timeout;
    private final Path wasmFile;
    private final String wasmEntrypoint;


    private PolicySettings(Engine engine, URI restUrl, String restPath, Path restTokenFile, Duration timeout,
            Path wasmFile, String wasmEntrypoint) {
        this.engine = engine;
        this.restUrl = restUrl;
        this.restPath = restPath;
        this.restTokenFile = restTokenFile;
        this.restTokenSecret = restTokenFile == null ? null : new SecretFile(REST_TOKEN_FILE, restTokenFile);
        this.timeout = timeout;
        this.wasmFile = wasmFile;
        this.wasmEntrypoint = wasmEntrypoint;
    }

    /**
     * Reads the settings, applying defaults for absent keys; throws {@link ConfigException} naming a bad key, such as
     * {@code rest} without a URL or an unreadable token file. Keys of the engine not chosen are still validated.
     */
    public static PolicySettings fromMap(Map<String, String> values) {
        Engine engine = engine(values);
        URI url = url(values, engine == Engine.REST);
        String path = decisionPath(values, REST_PATH);
        Path tokenFile = optionalPath(values, REST_TOKEN_FILE);
        if (tokenFile != null && (!Files.isReadable(tokenFile) || Files.isDirectory(tokenFile))) {
            throw new ConfigException(REST_TOKEN_FILE, "'" + tokenFile + "' is not a readable file");
        }
        Duration timeout = positiveDuration(values, TIMEOUT, DEFAULT_TIMEOUT);
        Path wasmFile = optionalPath(values, WASM_FILE);
        if (engine == Engine.WASM && wasmFile == null) {
            throw new ConfigException(WASM_FILE, "is required with " + ENGINE + "=wasm: the policy.wasm or "
                    + "bundle.tar.gz built by 'opa build -t wasm'");
        }
        String entrypoint = decisionPath(values, WASM_ENTRYPOINT);
        PolicySettings settings = new PolicySettings(engine, url, path, tokenFile, timeout, wasmFile, entrypoint);
        if (tokenFile != null) {
            settings.restToken();
        }
        return settings;
    }

    public Engine engine() {
        return engine;
    }

    /** OPA's base URL; null unless set. */
    public URI restUrl() {
        return restUrl;
    }

    public String restPath() {
        return restPath;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The Wasm policy file; null unless set. */
    public Path wasmFile() {
        return wasmFile;
    }

    public String wasmEntrypoint() {
        return wasmEntrypoint;
    }

    /** The bearer token for OPA, re-read from its file when the file changed; empty when none is configured. */
    public Optional<String> restToken() {
        return restTokenSecret == null ? Optional.empty() : restTokenSecret.read();
    }

    @Override
    public String toString() {
        return switch (engine) {
            case NONE -> "PolicySettings[engine none: GitOps with approval for every remediation]";
            case REST -> "PolicySettings[engine rest, " + restUrl + "/v1/data/" + restPath + ", timeout "
                    + Durations.format(timeout) + ", token " + (restTokenFile == null ? "none" : "from "
                    + restTokenFile) + "]";
            case WASM -> "PolicySettings[engine wasm, " + wasmFile + ", entrypoint " + wasmEntrypoint + "]";
        };
    }

    private static Engine engine(Map<String, String> values) {
        String text = blankToNull(values.get(ENGINE));
        if (text == null) {
            return Engine.NONE;
        }
        try {
            return Engine.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ENGINE, "'" + text + "' is not none, rest or wasm (default none)");
        }
    }

    private static URI url(Map<String, String> values, boolean required) {
        String text = blankToNull(values.get(REST_URL));
        if (text == null) {
            if (required) {
                throw new ConfigException(REST_URL, "is required with " + ENGINE + "=rest: OPA's address, such as "
                        + "http://localhost:8181");
            }
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(text, "expected an http or https URL with a host");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new URISyntaxException(text, "expected no query or fragment");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(REST_URL, "'" + text + "' is not OPA's base URL: " + e.getReason()
                    + " (such as http://localhost:8181)");
        }
    }

    private static String decisionPath(Map<String, String> values, String key) {
        String text = blankToNull(values.get(key));
        if (text == null) {
            return DEFAULT_PATH;
        }
        try {
            return RestPolicyEngine.normalisePath(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage() + " (default)");
        }
    }
}
