package io.heal8s.server.security;

import io.heal8s.engine.config.WebhookSettings;
import io.heal8s.server.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.util.logging.Logger;

/**
 * The webhook's settings, read and validated when the application starts; warns once when no token is configured,
 * since every request under {@code /api/v1/} is refused then.
 */
@ApplicationScoped
public class WebhookConfiguration {

    private static final Logger LOG = Logger.getLogger(WebhookConfiguration.class.getName());

    private volatile WebhookSettings settings;

    void onStart(@Observes Startup event) {
        settings();
        if (settings.token().isEmpty()) {
            LOG.warning("heal8s: no webhook token is configured, so every request to /api/v1/ is refused with 401."
                    + " Set " + WebhookSettings.TOKEN + " (environment HEAL8S_WEBHOOK_TOKEN) or "
                    + WebhookSettings.TOKEN_FILE + " (a file such as a mounted Secret, re-read when it changes).");
        }
    }

    /** The settings in force. */
    public WebhookSettings settings() {
        WebhookSettings current = settings;
        if (current == null) {
            synchronized (this) {
                if (settings == null) {
                    settings = Settings.webhook();
                }
                current = settings;
            }
        }
        return current;
    }
}
