package io.heal8s.engine.playbook;

import java.util.Objects;

/**
 * Where the manifest lives in Git. {@code manifestPath} is a template over {@code {environment}},
 * {@code {namespace}}, {@code {kind}} and {@code {name}}.
 *
 * @param repository {@code owner/name} on GitHub, or a Git remote URL
 */
public record GitOpsSpec(String repository, String baseBranch, String manifestPath) {

    public GitOpsSpec {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(baseBranch, "baseBranch");
        Objects.requireNonNull(manifestPath, "manifestPath");
    }
}
