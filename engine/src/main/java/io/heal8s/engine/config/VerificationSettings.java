package io.heal8s.engine.config;

import static io.heal8s.engine.config.ConfigValues.blankToNull;
import static io.heal8s.engine.config.ConfigValues.positiveDuration;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the operator verifies a change after its rollout: the default window, the Prometheus that answers playbooks'
 * PromQL checks, and what a GitOps Remediation does when its change failed verification (a revert pull request, or
 * only a report).
 *
 * @param prometheusUrl null when none is configured: a playbook's PromQL check then cannot pass, and the
 *     Remediation's failure says so
 */
public record VerificationSettings(Duration window, URI prometheusUrl, Duration prometheusTimeout,
        OnFailure onGitOpsFailure) {

    /** The window for a playbook that sets none; default 15m. */
    public static final String WINDOW = "heal8s.verification.window";
    /** Prometheus's base URL, such as {@code http://prometheus:9090}; optional. */
    public static final String PROMETHEUS_URL = "heal8s.prometheus.url";
    /** The timeout of one query (connection and answer each); default 5s. */
    public static final String PROMETHEUS_TIMEOUT = "heal8s.prometheus.timeout";
    /** {@code revert} (default) or {@code report}. */
    public static final String ON_GITOPS_FAILURE = "heal8s.gitops.on-verification-failure";

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    public static final Duration DEFAULT_PROMETHEUS_TIMEOUT = Duration.ofSeconds(5);

    /** What a GitOps Remediation whose change failed verification does besides failing. */
    public enum OnFailure {
        /** Open a pull request that reverts the change. */
        REVERT,
        /** Nothing: the Failed status and its Event are the report. */
        REPORT
    }

    public VerificationSettings {
        window = window == null ? DEFAULT_WINDOW : window;
        prometheusTimeout = prometheusTimeout == null ? DEFAULT_PROMETHEUS_TIMEOUT : prometheusTimeout;
        onGitOpsFailure = onGitOpsFailure == null ? OnFailure.REVERT : onGitOpsFailure;
    }

    /** A 15m window, no Prometheus, revert pull requests. */
    public static VerificationSettings defaults() {
        return new VerificationSettings(null, null, null, null);
    }

    /**
     * Reads the keys above, applying defaults for absent or blank ones.
     *
     * @throws ConfigException naming the key whose value is wrong
     */
    public static VerificationSettings fromMap(Map<String, String> values) {
        Duration window = positiveDuration(values, WINDOW, DEFAULT_WINDOW);
        Duration timeout = positiveDuration(values, PROMETHEUS_TIMEOUT, DEFAULT_PROMETHEUS_TIMEOUT);
        String url = blankToNull(values.get(PROMETHEUS_URL));
        URI uri = null;
        if (url != null) {
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new ConfigException(PROMETHEUS_URL, "'" + url + "' is not a URL: " + e.getReason());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(PROMETHEUS_URL, "'" + url + "' is not an http(s) URL with a host, such as "
                        + "http://prometheus:9090");
            }
        }
        String mode = blankToNull(values.get(ON_GITOPS_FAILURE));
        OnFailure onFailure = OnFailure.REVERT;
        if (mode != null) {
            try {
                onFailure = OnFailure.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ON_GITOPS_FAILURE, "'" + mode + "' is not revert or report");
            }
        }
        return new VerificationSettings(window, uri, timeout, onFailure);
    }

    /** The configured Prometheus, if any. */
    public Optional<URI> prometheus() {
        return Optional.ofNullable(prometheusUrl);
    }
}
