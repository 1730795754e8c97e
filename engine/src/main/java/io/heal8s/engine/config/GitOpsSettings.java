package io.heal8s.engine.config;

import static io.heal8s.engine.config.ConfigValues.blankToNull;

import io.heal8s.engine.playbook.GitOpsSpec;
import java.util.Map;
import java.util.Optional;

/**
 * The server-wide GitOps defaults: where a GitOps Remediation's change goes when its {@code spec.github} names no
 * repository, base branch or manifest path. A playbook's {@code gitops:} section wins field by field; these only fill
 * the gaps, so one operator can serve teams with their own repositories and a shared default.
 *
 * @param repository {@code owner/name} or a Git URL; null when none is configured (a Remediation without
 *     {@code spec.github.repository} then fails with reason {@code NoRepository})
 * @param baseBranch the branch changes are proposed against
 * @param manifestPath a template over {@code {environment}}, {@code {namespace}}, {@code {kind}} and {@code {name}}
 * @param environmentDefault the value of {@code {environment}} for a Remediation without
 *     {@code spec.strategy.environment}; null when none is configured
 */
public record GitOpsSettings(String repository, String baseBranch, String manifestPath, String environmentDefault) {

    /** The default repository, {@code owner/name} or a Git URL; optional. */
    public static final String REPOSITORY = "heal8s.gitops.repository";
    /** The default base branch; default {@value #DEFAULT_BASE_BRANCH}. */
    public static final String BASE_BRANCH = "heal8s.gitops.base-branch";
    /** The default manifest path template; default {@value #DEFAULT_MANIFEST_PATH}. */
    public static final String MANIFEST_PATH = "heal8s.gitops.manifest-path";
    /** The environment used in {@code {environment}} when the Remediation names none; optional. */
    public static final String ENVIRONMENT_DEFAULT = "heal8s.gitops.environment-default";

    public static final String DEFAULT_BASE_BRANCH = GitOpsSpec.DEFAULT_BRANCH;
    public static final String DEFAULT_MANIFEST_PATH = "apps/{namespace}/{name}.yaml";

    /**
     * Checks every field as {@link #fromMap} does.
     *
     * @throws ConfigException naming the key of the first wrong field
     */
    public GitOpsSettings {
        repository = blankToNull(repository);
        baseBranch = baseBranch == null || baseBranch.isBlank() ? DEFAULT_BASE_BRANCH : baseBranch.strip();
        manifestPath = manifestPath == null || manifestPath.isBlank() ? DEFAULT_MANIFEST_PATH : manifestPath.strip();
        environmentDefault = blankToNull(environmentDefault);
        String repo = repository;
        if (repo != null) {
            check(REPOSITORY, () -> GitOpsSpec.checkRepository(repo));
        }
        String branch = baseBranch;
        check(BASE_BRANCH, () -> GitOpsSpec.checkBranch(branch));
        String path = manifestPath;
        check(MANIFEST_PATH, () -> GitOpsSpec.checkManifestPath(path));
        String environment = environmentDefault;
        if (environment != null && (environment.equals(".") || environment.equals("..")
                || environment.contains("/") || environment.contains("\\"))) {
            throw new ConfigException(ENVIRONMENT_DEFAULT, "'" + environment + "' is not a single path segment "
                    + "(such as prod or staging)");
        }
    }

    /** No default repository or environment; base branch {@code main}; path {@code apps/{namespace}/{name}.yaml}. */
    public static GitOpsSettings defaults() {
        return new GitOpsSettings(null, null, null, null);
    }

    /**
     * Reads the keys above, applying defaults for absent or blank ones.
     *
     * @throws ConfigException naming the key whose value is wrong and what is accepted
     */
    public static GitOpsSettings fromMap(Map<String, String> values) {
        return new GitOpsSettings(values.get(REPOSITORY), values.get(BASE_BRANCH), values.get(MANIFEST_PATH),
                values.get(ENVIRONMENT_DEFAULT));
    }

    /** The default repository, when one is configured. */
    public Optional<String> defaultRepository() {
        return Optional.ofNullable(repository);
    }

    /** The default environment, when one is configured. */
    public Optional<String> defaultEnvironment() {
        return Optional.ofNullable(environmentDefault);
    }

    private static void check(String key, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage());
        }
    }
}
