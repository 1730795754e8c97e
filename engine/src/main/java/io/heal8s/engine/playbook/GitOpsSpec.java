package io.heal8s.engine.playbook;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the manifest lives in Git. {@code manifestPath} is a template over {@code {environment}},
 * {@code {namespace}}, {@code {kind}} and {@code {name}}; it is checked on construction so that no rendering of it
 * can leave the repository.
 *
 * @param repository {@code owner/name} on GitHub, or a Git remote URL
 */
public record GitOpsSpec(String repository, String baseBranch, String manifestPath) {

    /** The placeholders a manifest path template may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("environment", "namespace", "kind", "name");

    /** The branch a playbook gets when it names none. */
    public static final String DEFAULT_BRANCH = "main";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern OWNER_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern GIT_URL = Pattern.compile("(?:https?|ssh|git|file)://\\S+|[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:\\S+");

    public GitOpsSpec {
        checkRepository(Objects.requireNonNull(repository, "repository"));
        checkBranch(Objects.requireNonNull(baseBranch, "baseBranch"));
        checkManifestPath(Objects.requireNonNull(manifestPath, "manifestPath"));
    }

    /**
     * Accepts {@code owner/name} or a Git remote URL ({@code https://…}, {@code ssh://…}, {@code git@host:path}).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static void checkRepository(String repository) {
        if (!OWNER_NAME.matcher(repository).matches() && !GIT_URL.matcher(repository).matches()) {
            throw new IllegalArgumentException("invalid repository '" + repository
                    + "': expected owner/name (such as acme/k8s-manifests) or a Git URL (https://…, ssh://…, git@host:path)");
        }
    }

    /**
     * Accepts a Git branch name under the rules of {@code git check-ref-format --branch} that matter in practice.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkBranch(String branch) {
        if (branch.isEmpty() || branch.startsWith("-") || branch.startsWith("/") || branch.endsWith("/")
                || branch.endsWith(".") || branch.endsWith(".lock") || branch.contains("..") || branch.contains("//")
                || branch.contains("@{") || !branch.chars().allMatch(c -> c > ' ' && c != 0x7f && "~^:?*[\\".indexOf(c) < 0)) {
            throw new IllegalArgumentException("invalid branch name '" + branch + "'");
        }
    }

    /**
     * Accepts a relative path template that uses only {@link #PLACEHOLDERS} and never climbs out of the repository
     * (no leading {@code /}, no {@code ..} segment, no backslash).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkManifestPath(String template) {
        if (template.isBlank()) {
            throw new IllegalArgumentException("manifest path is empty");
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalArgumentException("unknown placeholder {" + m.group(1)
                        + "} in manifest path; use {environment}, {namespace}, {kind} and {name}");
            }
        }
        String literal = m.replaceAll("x");
        if (literal.indexOf('{') >= 0 || literal.indexOf('}') >= 0) {
            throw new IllegalArgumentException("unbalanced brace in manifest path '" + template + "'");
        }
        if (template.startsWith("/") || template.contains("\\") || template.matches("[A-Za-z]:.*")) {
            throw new IllegalArgumentException("manifest path '" + template
                    + "' must be relative to the repository root (no leading '/', no drive, no backslash)");
        }
        for (String segment : template.split("/", -1)) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("manifest path '" + template + "' must not contain '..': it would "
                        + "leave the repository");
            }
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("manifest path '" + template + "' has an empty segment");
            }
        }
    }

    /**
     * The manifest's path for one workload. Each value must be a single path segment (Kubernetes names are), so the
     * result stays inside the repository whatever the values.
     *
     * @throws IllegalArgumentException when a value is empty, {@code .}, {@code ..} or contains a slash
     */
    public String manifestPathFor(String environment, String namespace, String kind, String name) {
        Map<String, String> values = Map.of("environment", environment, "namespace", namespace, "kind", kind,
                "name", name);
        values.forEach((key, value) -> {
            if (value.isEmpty() || value.equals(".") || value.equals("..") || value.contains("/")
                    || value.contains("\\")) {
                throw new IllegalArgumentException("value '" + value + "' for {" + key + "} is not a path segment");
            }
        });
        return PLACEHOLDER.matcher(manifestPath).replaceAll(r -> Matcher.quoteReplacement(values.get(r.group(1))));
    }
}
