package io.heal8s.server.config;

import io.heal8s.engine.config.KubernetesSettings;
import io.heal8s.engine.config.PlaybookSettings;
import io.heal8s.engine.config.WebhookSettings;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the engine's typed settings from MicroProfile Config (server.xml variables, environment variables such as
 * {@code HEAL8S_PLAYBOOKS_DIR}, system properties), so every key keeps its one default and validation in the engine.
 */
public final class Settings {

    private Settings() {
    }

    public static PlaybookSettings playbooks() {
        return PlaybookSettings.fromMap(values(PlaybookSettings.DIR, PlaybookSettings.WATCH));
    }

    public static WebhookSettings webhook() {
        return WebhookSettings.fromMap(values(WebhookSettings.TOKEN, WebhookSettings.TOKEN_FILE,
                WebhookSettings.MAX_PAYLOAD_BYTES));
    }

    public static KubernetesSettings kubernetes() {
        return KubernetesSettings.fromMap(values(KubernetesSettings.MODE, KubernetesSettings.NAMESPACES,
                KubernetesSettings.SANDBOX_PORT));
    }

    static Map<String, String> values(String... keys) {
        Config config = ConfigProvider.getConfig();
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
            config.getOptionalValue(key, String.class).ifPresent(v -> values.put(key, v));
        }
        return values;
    }
}
