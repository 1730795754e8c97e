package io.heal8s.server.verification;

import io.heal8s.engine.config.VerificationSettings;
import io.heal8s.engine.verification.PrometheusClient;
import io.heal8s.operator.Verifier;
import io.heal8s.server.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * The one {@link Verifier} both executors use: Direct rolls back a change that did not verify, GitOps opens its
 * revert. Built once from {@code heal8s.verification.*} and {@code heal8s.prometheus.*}; an invalid value fails the
 * executors' producers, and with them the operator's start, which the readiness check reports. The Prometheus client
 * opens one connection per query and closes it, so nothing here outlives the application.
 */
@ApplicationScoped
public class VerificationService {

    private static final Logger LOG = Logger.getLogger(VerificationService.class.getName());

    private VerificationSettings settings;
    private Verifier verifier;

    /** The settings, read on first use. */
    public synchronized VerificationSettings settings() {
        if (settings == null) {
            settings = Settings.verification();
            LOG.info("Verification: window " + settings.window() + " by default; PromQL checks "
                    + settings.prometheus().map(uri -> "asked of " + uri).orElse("cannot run (heal8s.prometheus.url "
                    + "is not set)") + "; a GitOps change that fails verification is "
                    + (settings.onGitOpsFailure() == VerificationSettings.OnFailure.REVERT ? "reverted by a pull request"
                            : "only reported"));
        }
        return settings;
    }

    /** The verifier, built on first use. */
    public synchronized Verifier verifier() {
        if (verifier == null) {
            VerificationSettings s = settings();
            verifier = new Verifier(Clock.systemUTC(), s, s.prometheus()
                    .map(uri -> new PrometheusClient(uri, s.prometheusTimeout())).orElse(null));
        }
        return verifier;
    }
}
