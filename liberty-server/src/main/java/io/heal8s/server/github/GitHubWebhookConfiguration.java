package io.heal8s.server.github;

import io.heal8s.engine.config.ConfigException;
import io.heal8s.server.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The GitHub webhook's settings, read when the application starts. A missing or unreadable secret is logged once,
 * naming the key, and never stops the application: only the GitHub webhook is off (503) until it is fixed.
 */
@ApplicationScoped
public class GitHubWebhookConfiguration {

    private static final Logger LOG = Logger.getLogger(GitHubWebhookConfiguration.class.getName());

    private volatile GitHubWebhookSettings settings;

    void onStart(@Observes Startup event) {
        try {
            GitHubWebhookSettings current = settings();
            if (!current.configured()) {
                LOG.info("heal8s: the GitHub webhook (/api/v1/github/webhook) is off: no secret is configured."
                        + " Set " + GitHubWebhookSettings.SECRET_FILE + " to follow pull requests by webhook.");
            } else if (current.secret().isEmpty()) {
                LOG.warning("heal8s: the GitHub webhook's secret file is empty (" + current.secretSource()
                        + "): every delivery is answered 503 until it holds the secret.");
            }
        } catch (ConfigException e) {
            LOG.log(Level.SEVERE, "heal8s: the GitHub webhook is off until this is fixed: {0}", e.getMessage());
        }
    }

    /**
     * The settings in force.
     *
     * @throws ConfigException naming the key when the configured path is invalid
     */
    public GitHubWebhookSettings settings() {
        GitHubWebhookSettings current = settings;
        if (current == null) {
            synchronized (this) {
                if (settings == null) {
                    settings = Settings.githubWebhook();
                }
                current = settings;
            }
        }
        return current;
    }
}
