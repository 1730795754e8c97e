package io.heal8s.server.config;

import io.heal8s.engine.config.GitHubSettings;
import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.config.GitSettings;
import io.heal8s.engine.config.GuardSettings;
import io.heal8s.engine.config.KubernetesSettings;
import io.heal8s.engine.config.PlaybookSettings;
import io.heal8s.engine.config.PolicySettings;
import io.heal8s.engine.config.RailSettings;
import io.heal8s.engine.config.VerificationSettings;
import io.heal8s.engine.config.WebhookSettings;
import io.heal8s.engine.playbook.Guards;
import io.heal8s.operator.OperatorSettings;
import io.heal8s.operator.RetentionSettings;
import io.heal8s.operator.Role;
import io.heal8s.server.github.GitHubWebhookSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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

    /** The guards every playbook starts from ({@code heal8s.guards.*}); a playbook's own values override them. */
    public static Guards guards() {
        return GuardSettings.fromMap(values(GuardSettings.COOLDOWN, GuardSettings.MAX_ATTEMPTS, GuardSettings.WINDOW,
                GuardSettings.LOOP_MAX_CHANGES, GuardSettings.LOOP_WINDOW));
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
                OperatorSettings.KEY_RESYNC_INTERVAL, OperatorSettings.KEY_PR_POLL_INTERVAL,
                OperatorSettings.KEY_ROLLOUT_TIMEOUT);
        KubernetesSettings kubernetes = kubernetes();
        values.put(OperatorSettings.KEY_NAMESPACES, String.join(",", kubernetes.namespaces()));
        return OperatorSettings.fromMap(values);
    }

    /** How long terminal Remediations are kept ({@value RetentionSettings#KEY_RETENTION}). */
    public static RetentionSettings retention() {
        return RetentionSettings.fromMap(values(RetentionSettings.KEY_RETENTION));
    }

    /** The operator's safety rails ({@code heal8s.rails.*}). */
    public static RailSettings rails() {
        return RailSettings.fromMap(values(RailSettings.DRY_RUN, RailSettings.PAUSED, RailSettings.EXCLUDED_NAMESPACES,
                RailSettings.RATE_LIMIT, RailSettings.NAMESPACE_RATE_LIMIT, RailSettings.MAX_APPLYING));
    }

    /** Where GitOps changes go by default ({@code heal8s.gitops.*}). */
    public static GitOpsSettings gitops() {
        return GitOpsSettings.fromMap(values(GitOpsSettings.REPOSITORY, GitOpsSettings.BASE_BRANCH,
                GitOpsSettings.MANIFEST_PATH, GitOpsSettings.ENVIRONMENT_DEFAULT));
    }

    /** How heal8s reaches GitHub ({@code heal8s.github.*}); {@code Auth.NONE} when it does not. */
    public static GitHubSettings github() {
        return GitHubSettings.fromMap(values(GitHubSettings.API_URL, GitHubSettings.TOKEN_FILE, GitHubSettings.APP_ID,
                GitHubSettings.INSTALLATION_ID, GitHubSettings.PRIVATE_KEY_FILE, GitHubSettings.TIMEOUT));
    }

    /** How heal8s pushes to plain Git remotes ({@code heal8s.git.*}). */
    public static GitSettings git() {
        return GitSettings.fromMap(values(GitSettings.USERNAME, GitSettings.PASSWORD_FILE, GitSettings.WORK_DIR,
                GitSettings.AUTHOR_NAME, GitSettings.AUTHOR_EMAIL, GitSettings.TIMEOUT));
    }

    /** How changes are verified after their rollout ({@code heal8s.verification.*}, {@code heal8s.prometheus.*}). */
    public static VerificationSettings verification() {
        return VerificationSettings.fromMap(values(VerificationSettings.WINDOW, VerificationSettings.PROMETHEUS_URL,
                VerificationSettings.PROMETHEUS_TIMEOUT, VerificationSettings.ON_GITOPS_FAILURE));
    }

    /**
     * The half of heal8s this server runs ({@value Role#KEY}): {@code combined} (default), {@code operator} or
     * {@code gitops-worker}.
     *
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public static Role role() {
        return Role.parse(value(Role.KEY).orElse(null));
    }

    /** A single optional value. */
    public static Optional<String> value(String key) {
        return ConfigProvider.getConfig().getOptionalValue(key, String.class).filter(v -> !v.isBlank());
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
