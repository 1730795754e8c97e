package io.heal8s.operator;

import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.playbook.GitOpsSpec;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.GitHubConfig;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationStatus;
import java.util.Locale;

/**
 * Where a GitOps Remediation's change goes: {@code spec.github} field by field, the server's {@link GitOpsSettings}
 * where it says nothing, and the manifest path rendered for the resolved workload. Once published, where it went is
 * recorded in the status ({@link #record}) and read back ({@link #published}): the defaults may change while a pull
 * request is open. Pure functions of their inputs, so the precedence and the path rules are tested without a
 * cluster.
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
        return resolve(r, workload, settings, repository(r, settings));
    }

    /**
     * Where the change was published: {@code status.repository}, {@code baseBranch} and {@code manifestPath}, recorded
     * with the move to PRCreated, so that a later edit of {@code spec.github} or of the server's defaults cannot send
     * the pull request's state, its withdrawal or its revert to another repository. A Remediation published before
     * heal8s recorded them falls back to {@link #resolve} for what is missing.
     *
     * @throws Unresolvable as {@link #resolve}, or naming the {@code status} field when a recorded value is invalid
     */
    static GitOpsTarget published(Remediation r, WorkloadRef workload, GitOpsSettings settings) throws Unresolvable {
        String repository = publishedRepository(r, settings);
        RemediationStatus s = r.getStatus();
        String base = s == null ? null : recordedBranch(s);
        String path = s == null ? null : recordedPath(s);
        if (base != null && path != null) {
            return new GitOpsTarget(repository, base, path);
        }
        GitOpsTarget resolved = resolve(r, workload, settings, repository);
        return new GitOpsTarget(repository, base != null ? base : resolved.baseBranch(),
                path != null ? path : resolved.manifestPath());
    }

    /**
     * {@code status.repository} when recorded (checked), else {@link #repository}: the repository every look after
     * the publication goes to.
     *
     * @throws Unresolvable as {@link #repository}, or {@code InvalidRepository} naming {@code status.repository}
     */
    static String publishedRepository(Remediation r, GitOpsSettings settings) throws Unresolvable {
        RemediationStatus s = r.getStatus();
        if (s == null || !notBlank(s.getRepository())) {
            return repository(r, settings);
        }
        String repository = s.getRepository().strip();
        try {
            GitOpsSpec.checkRepository(repository);
        } catch (IllegalArgumentException e) {
            throw new Unresolvable(REASON_INVALID_REPOSITORY, "status.repository: " + e.getMessage() + ".");
        }
        return repository;
    }

    /** Writes this target into the status: from now on {@link #published} answers it. */
    void record(RemediationStatus status) {
        status.setRepository(repository);
        status.setBaseBranch(baseBranch);
        status.setManifestPath(manifestPath);
    }

    private static String recordedBranch(RemediationStatus s) throws Unresolvable {
        if (!notBlank(s.getBaseBranch())) {
            return null;
        }
        String base = s.getBaseBranch().strip();
        try {
            GitOpsSpec.checkBranch(base);
        } catch (IllegalArgumentException e) {
            throw new Unresolvable(REASON_INVALID_REPOSITORY, "status.baseBranch: " + e.getMessage() + ".");
        }
        return base;
    }

    private static String recordedPath(RemediationStatus s) throws Unresolvable {
        if (!notBlank(s.getManifestPath())) {
            return null;
        }
        String path = s.getManifestPath().strip();
        try {
            // A rendered path is a template without placeholders: the same rules keep it inside the repository.
            GitOpsSpec.checkManifestPath(path);
            if (path.contains("{")) {
                throw new IllegalArgumentException("'" + path + "' still holds a placeholder");
            }
        } catch (IllegalArgumentException e) {
            throw new Unresolvable(REASON_INVALID_MANIFEST_PATH, "status.manifestPath: " + e.getMessage() + ".");
        }
        return path;
    }

    private static GitOpsTarget resolve(Remediation r, WorkloadRef workload, GitOpsSettings settings,
            String repository) throws Unresolvable {
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
