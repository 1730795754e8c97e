package io.heal8s.server.gitops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.engine.config.GitHubSettings;
import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.gitops.ChangePublisher;
import io.heal8s.engine.gitops.git.GitPushPublisher;
import io.heal8s.engine.gitops.git.HermeticGit;
import io.heal8s.engine.gitops.github.GitHubConnection;
import io.heal8s.engine.gitops.github.GitHubPublisher;
import io.heal8s.operator.DirectExecutor;
import io.heal8s.operator.GitOpsExecutor;
import io.heal8s.operator.GitOpsVerification;
import io.heal8s.operator.RemediationExecutor;
import io.heal8s.server.config.Settings;
import io.heal8s.server.verification.VerificationService;
import io.heal8s.server.kubernetes.KubernetesClientProducer;
import io.heal8s.server.kubernetes.SandboxHandle;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the operator's GitOps executor sends changes, built once from the configuration: repositories named
 * {@code owner/name} go to GitHub as pull requests (when {@code heal8s.github.*} configures a token or an App),
 * repositories named by a Git URL are pushed to as branches with JGit. On the sandbox, without a configured
 * {@code heal8s.gitops.repository}, the default repository is a local bare repository seeded from
 * {@code examples/manifests-repo}, so the quickstart's alert ends in a branch one can look at with {@code git}.
 *
 * <p>A configuration error (a bad key file, a bad template) fails the producer, and with it the operator's start,
 * which the readiness check reports: a GitOps target that silently does nothing would be worse.
 */
@ApplicationScoped
public class GitOpsService {

    /** The sandbox's manifests repository directory (a bare repository, created when missing). */
    public static final String SANDBOX_REPOSITORY_DIR = "heal8s.sandbox.manifests-repository";
    /** The directory whose files seed the sandbox's manifests repository ({@code examples/manifests-repo}). */
    public static final String SANDBOX_REPOSITORY_SOURCE = "heal8s.sandbox.manifests-source";

    private static final Logger LOG = Logger.getLogger(GitOpsService.class.getName());

    @Inject
    KubernetesClientProducer kubernetes;

    @Inject
    KubernetesClient client;

    @Inject
    VerificationService verification;

    private GitPushPublisher git;
    private GitHubPublisher github;
    private GitHubConnection githubConnection;
    private volatile String defaultRepository;
    private volatile String githubApiUrl;

    /** The GitOps executor the operator hands GitOps Remediations to. */
    @Produces
    @ApplicationScoped
    RemediationExecutor gitOpsExecutor() {
        GitOpsSettings configured = Settings.gitops();
        GitOpsSettings settings = configured;
        GitHubSettings githubSettings = Settings.github();
        synchronized (this) {
            git = new GitPushPublisher(Settings.git());
            if (githubSettings.auth() != GitHubSettings.Auth.NONE) {
                githubConnection = GitHubConnection.create(githubSettings, Clock.systemUTC());
                github = new GitHubPublisher(githubConnection);
                githubApiUrl = githubSettings.apiUrl().toString();
            }
            if (configured.defaultRepository().isEmpty() && kubernetes.sandbox().isPresent()) {
                settings = sandboxRepository().map(uri -> new GitOpsSettings(uri, configured.baseBranch(),
                        configured.manifestPath(), configured.environmentDefault())).orElse(configured);
            }
            defaultRepository = settings.defaultRepository().orElse(null);
        }
        LOG.info(describe(githubSettings));
        // Applying: the live rollout after the workflow's appliedAt, then the verification (a revert PR on failure).
        GitOpsVerification check = new GitOpsVerification(Clock.systemUTC(), settings, verification.settings(),
                this::publisher, verification.verifier(), new DirectExecutor(client, Clock.systemUTC(),
                        Settings.operator().rolloutTimeout()));
        return new GitOpsExecutor(client, Clock.systemUTC(), settings, this::publisher, check);
    }

    /** The publisher serving {@code repository}, or null when none does (the Remediation fails with NoPublisher). */
    ChangePublisher publisher(String repository) {
        if (repository == null || repository.isBlank()) {
            return null;
        }
        if (GitHubPublisher.serves(repository)) {
            return github;
        }
        return git;
    }

    /** The repository a Remediation without {@code spec.github} goes to, or null. */
    public String defaultRepository() {
        return defaultRepository;
    }

    /** GitHub's API URL when GitHub is configured, else null. */
    public String githubApiUrl() {
        return githubApiUrl;
    }

    /** The REST calls made to GitHub since start (0 without GitHub). */
    public long githubRequests() {
        GitHubConnection connection = githubConnection;
        return connection == null ? 0 : connection.requestCount();
    }

    private Optional<String> sandboxRepository() {
        Optional<String> source = Settings.value(SANDBOX_REPOSITORY_SOURCE);
        if (source.isEmpty() || !Files.isDirectory(Path.of(source.get()))) {
            LOG.warning("the sandbox has no manifests repository: " + SANDBOX_REPOSITORY_SOURCE
                    + " names no directory; GitOps Remediations fail with NoRepository until heal8s.gitops.repository"
                    + " is set");
            return Optional.empty();
        }
        Path dir = Settings.value(SANDBOX_REPOSITORY_DIR).map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "heal8s-sandbox", "manifests.git"));
        URI uri = SandboxHandle.seedManifestsRepository(dir, Path.of(source.get()));
        LOG.warning("GitOps changes go to the sandbox's manifests repository " + dir + " (seeded from " + source.get()
                + "); look at them with: git --git-dir " + dir + " log --oneline --all");
        return Optional.of(uri.toString());
    }

    private String describe(GitHubSettings githubSettings) {
        return "GitOps: default repository " + (defaultRepository == null ? "none (heal8s.gitops.repository)"
                : defaultRepository) + "; GitHub " + (github == null ? "not configured (heal8s.github.*)"
                : "at " + githubSettings.apiUrl() + " with " + githubSettings.auth().name().toLowerCase(Locale.ROOT)
                        + " authentication") + "; plain Git remotes through JGit";
    }

    @PreDestroy
    synchronized void close() {
        if (git != null) {
            try {
                git.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing the Git publisher failed", e);
            }
            // JGit's shared work queue is static: it would outlive the application and pin its classes.
            HermeticGit.shutdown();
        }
        if (githubConnection != null) {
            try {
                // Ends the HTTP client's threads, which would otherwise outlive an undeployed application.
                githubConnection.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing the GitHub connection failed", e);
            }
        }
    }
}
