package io.heal8s.server.config;

import io.heal8s.engine.config.KubernetesSettings;
import io.heal8s.engine.config.PlaybookSettings;
import io.heal8s.engine.config.PolicySettings;
import io.heal8s.engine.config.WebhookSettings;
import io.heal8s.operator.OperatorSettings;
import io.heal8s.server.github.GitHubWebhookSettings;
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

    /** The GitHub webhook's secret ({@code heal8s.github.webhook-secret-file}). */
    public static GitHubWebhookSettings githubWebhook() {
        return GitHubWebhookSettings.fromMap(values(GitHubWebhookSettings.SECRET_FILE));
    }

    public static KubernetesSettings kubernetes() {
        return KubernetesSettings.fromMap(values(KubernetesSettings.MODE, KubernetesSettings.NAMESPACES,
                KubernetesSettings.SANDBOX_PORT));
    }

    /** The approval policy's engine and how to reach it ({@code heal8s.policy.*}). */
    public static PolicySettings policy() {
        return PolicySettings.fromMap(values(PolicySettings.ENGINE, PolicySettings.REST_URL, PolicySettings.REST_PATH,
                PolicySettings.REST_TOKEN_FILE, PolicySettings.TIMEOUT, PolicySettings.WASM_FILE,
                PolicySettings.WASM_ENTRYPOINT));
    }

    /**
     * The operator's settings; the namespaces it watches are {@code heal8s.kubernetes.namespaces}, the one list of
     * watched namespaces.
     */
    public static OperatorSettings operator() {
        Map<String, String> values = values(OperatorSettings.KEY_LEADER_ELECTION, OperatorSettings.KEY_LEASE_NAME,
                OperatorSettings.KEY_LEASE_NAMESPACE, OperatorSettings.KEY_DEFAULT_TTL,
                OperatorSettings.KEY_INITIAL_BACKOFF, OperatorSettings.KEY_MAX_BACKOFF,
                OperatorSettings.KEY_RESYNC_INTERVAL);
        KubernetesSettings kubernetes = kubernetes();
        values.put(OperatorSettings.KEY_NAMESPACES, String.join(",", kubernetes.namespaces()));
        return OperatorSettings.fromMap(values);
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
