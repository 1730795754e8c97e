package io.heal8s.server.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.heal8s.engine.config.ConfigException;
import io.heal8s.engine.config.KubernetesSettings;
import io.heal8s.engine.config.KubernetesSettings.Mode;
import io.heal8s.server.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The one Kubernetes client of the application, connected at start-up (never on the first alert): a real cluster
 * found by the fabric8 client's usual rules, or the in-memory sandbox, as {@code heal8s.kubernetes.mode} says.
 *
 * <p>A cluster counts as configured when {@code Config.autoConfigure} finds a master URL other than its built-in
 * default {@code https://kubernetes.default.svc} (a kubeconfig from {@code KUBECONFIG} or {@code ~/.kube/config} with
 * a current context, the {@code kubernetes.master} property, or a pod's {@code KUBERNETES_SERVICE_HOST}), or when a
 * service-account token is mounted (in a pod, that default is the right address).
 */
@ApplicationScoped
public class KubernetesClientProducer {

    private static final Logger LOG = Logger.getLogger(KubernetesClientProducer.class.getName());

    static final String DEFAULT_MASTER_URL = "https://kubernetes.default.svc";
    static final int CLUSTER_RETRIES = 1;
    static final int CLUSTER_RETRY_INTERVAL_MILLIS = 500;
    static final Path SERVICE_ACCOUNT_TOKEN = Path.of(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH);

    private KubernetesSettings settings;
    private KubernetesClient client;
    private SandboxHandle sandbox;

    void onStart(@Observes Startup event) {
        connect();
    }

    synchronized void connect() {
        if (client != null) {
            return;
        }
        settings = Settings.kubernetes();
        Optional<Config> cluster = settings.mode() == Mode.SANDBOX ? Optional.empty() : clusterConfig();
        if (cluster.isPresent()) {
            Config config = cluster.get();
            // Alertmanager retries a 503 itself; the client's default back-off (10 retries, ~20 s in all) would only
            // hold the webhook's answer while the API server is down.
            config.setRequestRetryBackoffLimit(CLUSTER_RETRIES);
            config.setRequestRetryBackoffInterval(CLUSTER_RETRY_INTERVAL_MILLIS);
            client = new KubernetesClientBuilder().withConfig(config).build();
            LOG.info(() -> "heal8s uses the Kubernetes cluster at " + client.getMasterUrl() + " (namespace "
                    + client.getNamespace() + ", watching " + describeNamespaces() + ")");
            return;
        }
        if (settings.mode() == Mode.CLUSTER) {
            throw new ConfigException(KubernetesSettings.MODE, "is cluster, but no Kubernetes cluster is configured"
                    + " (KUBECONFIG, ~/.kube/config with a current context, or a pod's service account)");
        }
        if (!SandboxHandle.available()) {
            throw new ConfigException(KubernetesSettings.MODE, settings.mode() == Mode.SANDBOX
                    ? "is sandbox, but this build leaves the sandbox out (built with -Dproduction)"
                    : "is auto and no Kubernetes cluster is configured (KUBECONFIG, ~/.kube/config with a current"
                            + " context, or a pod's service account); this build has no sandbox to fall back on");
        }
        sandbox = SandboxHandle.start(settings.sandboxPort());
        client = sandbox.client();
        LOG.warning(banner(sandbox, settings.mode()));
    }

    /** The client, connected at start-up. */
    @Produces
    @ApplicationScoped
    KubernetesClient client() {
        connect();
        return client;
    }

    void close(@Disposes KubernetesClient produced) {
        produced.close();
    }

    /** The settings in force. */
    public synchronized KubernetesSettings settings() {
        connect();
        return settings;
    }

    /** {@code sandbox} or {@code cluster}: what the client talks to. */
    public synchronized String mode() {
        connect();
        return sandbox == null ? Mode.CLUSTER.value() : Mode.SANDBOX.value();
    }

    /** The running sandbox; empty on a real cluster. */
    public synchronized Optional<SandboxHandle> sandbox() {
        connect();
        return Optional.ofNullable(sandbox);
    }

    @PreDestroy
    synchronized void stop() {
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    /** The configuration the fabric8 client finds by its usual rules, when it finds a cluster. */
    static Optional<Config> clusterConfig() {
        Config config = Config.autoConfigure(null);
        return isConfigured(config, Files.exists(SERVICE_ACCOUNT_TOKEN)) ? Optional.of(config) : Optional.empty();
    }

    static boolean isConfigured(Config config, boolean serviceAccountMounted) {
        String master = config.getMasterUrl();
        if (master == null || master.isBlank()) {
            return false;
        }
        return serviceAccountMounted || !stripTrailingSlash(master).equals(DEFAULT_MASTER_URL);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private String describeNamespaces() {
        return settings.allNamespaces() ? "all namespaces" : String.join(", ", settings.namespaces());
    }

    private static String banner(SandboxHandle sandbox, Mode mode) {
        String seeded = sandbox.seeded().stream()
                .filter(o -> !"Namespace".equals(o.getKind()))
                .map(KubernetesClientProducer::describe)
                .collect(Collectors.joining(", "));
        String line = "=".repeat(100);
        return String.join(System.lineSeparator(),
                "",
                line,
                "heal8s is running on an in-memory Kubernetes API (sandbox) at " + sandbox.url(),
                "  NOT a real cluster: nothing is applied anywhere, and everything is forgotten when the server stops.",
                "  Seeded namespace '" + sandbox.namespace() + "': " + seeded,
                mode == Mode.SANDBOX
                        ? "  Chosen by " + KubernetesSettings.MODE + "=sandbox."
                        : "  No cluster is configured (KUBECONFIG, ~/.kube/config, a pod's service account).",
                "  For a real cluster: configure kubectl's context, or run in a pod; "
                        + KubernetesSettings.MODE + "=cluster insists on one.",
                line);
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }
}
