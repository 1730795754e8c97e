package io.heal8s.operator;

import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.playbook.GitOpsSpec;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.GitHubConfig;
import io.heal8s.engine.remediation.Remediation;
import java.util.Locale;

/**
 * Where a GitOps Remediation's change goes: {@code spec.github} field by field, the server's {@link GitOpsSettings}
 * where it says nothing, and the manifest path rendered for the resolved workload. Pure functions of their inputs, so
 * the precedence and the path rules are tested without a cluster.
 *
 * @param repository {@code owner/name} or a Git URL, checked
 * @param baseBranch checked as a Git branch name
 * @param manifestPath rendered and checked to stay inside the repository
 */
record GitOpsTarget(String repository, String baseBranch, String manifestPath) {

    static final String REASON_NO_REPOSITORY = "NoRepository";
    static final String REASON_INVALID_REPOSITORY = "InvalidRepository";
    static final String REASON_INVALID_MANIFEST_PATH = "InvalidManifestPath";

    private static final String ENVIRONMENT = "{environment}";

    /**
     * Resolves the target for {@code workload} (the resolved Deployment, StatefulSet, ...: {@code {kind}} is its kind
     * in lower case, {@code {namespace}} and {@code {name}} its own).
     *
     * @throws Unresolvable with {@code NoRepository}, {@code InvalidRepository} or {@code InvalidManifestPath}
     */
    static GitOpsTarget resolve(Remediation r, WorkloadRef workload, GitOpsSettings settings) throws Unresolvable {
        String repository = repository(r, settings);
        GitHubConfig github = github(r);
        String base = github != null && notBlank(github.getBaseBranch()) ? github.getBaseBranch().strip()
                : settings.baseBranch();
        try {
            GitOpsSpec.checkBranch(base);
        } catch (IllegalArgumentException e) {
            throw new Unresolvable(REASON_INVALID_REPOSITORY, "spec.github.baseBranch: " + e.getMessage() + ".");
        }
        boolean fromSpec = github != null && notBlank(github.getManifestPath());
        String template = fromSpec ? github.getManifestPath().strip() : settings.manifestPath();
        String field = fromSpec ? "spec.github.manifestPath" : GitOpsSettings.MANIFEST_PATH;
        String environment = r.getSpec().getStrategy() == null ? null : r.getSpec().getStrategy().getEnvironment();
        if (!notBlank(environment)) {
            environment = settings.defaultEnvironment().orElse(null);
        }
        try {
            GitOpsSpec spec = new GitOpsSpec(repository, base, template);
            if (environment == null && template.contains(ENVIRONMENT)) {
                throw new IllegalArgumentException("'" + template + "' uses {environment}, but spec.strategy."
                        + "environment is not set and " + GitOpsSettings.ENVIRONMENT_DEFAULT + " names no default");
            }
            // An unused placeholder's value is never written; it only has to be a valid segment.
            String path = spec.manifestPathFor(environment == null ? "none" : environment.strip(),
                    workload.namespace(), workload.kind().name().toLowerCase(Locale.ROOT), workload.name());
            return new GitOpsTarget(repository, base, path);
        } catch (IllegalArgumentException e) {
            throw new Unresolvable(REASON_INVALID_MANIFEST_PATH, field + ": " + e.getMessage() + ".");
        }
    }

    /**
     * {@code spec.github.repository}, else its {@code owner} and {@code repo}, else the server's default.
     *
     * @throws Unresolvable with {@code NoRepository} or {@code InvalidRepository}
     */
    static String repository(Remediation r, GitOpsSettings settings) throws Unresolvable {
        GitHubConfig github = github(r);
        String repository = null;
        String field = GitOpsSettings.REPOSITORY;
        if (github != null && notBlank(github.getRepository())) {
            repository = github.getRepository().strip();
            field = "spec.github.repository";
        } else if (github != null && notBlank(github.getOwner()) && notBlank(github.getRepo())) {
            repository = github.getOwner().strip() + "/" + github.getRepo().strip();
            field = "spec.github.owner and spec.github.repo";
        } else if (settings.defaultRepository().isPresent()) {
            repository = settings.defaultRepository().get();
        }
        if (repository == null) {
            throw new Unresolvable(REASON_NO_REPOSITORY, "No repository for the change: spec.github.repository is not "
                    + "set and " + GitOpsSettings.REPOSITORY + " names no default.");
        }
        try {
            GitOpsSpec.checkRepository(repository);
        } catch (IllegalArgumentException e) {
            throw new Unresolvable(REASON_INVALID_REPOSITORY, field + ": " + e.getMessage() + ".");
        }
        return repository;
    }

    /** {@code spec.github} unless absent or switched off ({@code enabled: false}), in which case the defaults hold. */
    static GitHubConfig github(Remediation r) {
        GitHubConfig github = r.getSpec() == null ? null : r.getSpec().getGithub();
        return github == null || Boolean.FALSE.equals(github.getEnabled()) ? null : github;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** The Remediation says too little, or something wrong, to know where its change goes; retrying cannot help. */
    static final class Unresolvable extends Exception {

        private static final long serialVersionUID = 1L;

        private final String reason;

        Unresolvable(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
