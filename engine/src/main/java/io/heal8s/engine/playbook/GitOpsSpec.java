package io.heal8s.engine.playbook;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the manifest lives in Git. {@code manifestPath} is a template over {@code {environment}},
 * {@code {namespace}}, {@code {kind}} and {@code {name}}; it is checked on construction so that no rendering of it
 * can leave the repository. The review settings say who is asked to look at the pull request; they are checked here
 * too, so that a typo in a login fails when the playbook is read rather than as a 422 from GitHub at the first alert.
 *
 * @param repository {@code owner/name} on GitHub, or a Git remote URL
 * @param reviewers GitHub logins or {@code org/team} slugs asked to review the pull request
 * @param assignees GitHub logins the pull request is assigned to
 * @param labels labels added to heal8s's own ({@code heal8s}, the action, the environment)
 * @param draft whether the pull request is opened as a draft
 * @param autoMerge whether the pull request merges itself once its checks pass; a request only, honoured when the
 *     approval policy does not require approval
 */
public record GitOpsSpec(String repository, String baseBranch, String manifestPath, List<String> reviewers,
        List<String> assignees, List<String> labels, boolean draft, boolean autoMerge) {

    /** The placeholders a manifest path template may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("environment", "namespace", "kind", "name");

    /** The branch a playbook gets when it names none. */
    public static final String DEFAULT_BRANCH = "main";

    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._/-]*");
    private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,253}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern OWNER_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern GIT_URL = Pattern.compile("(?:https?|ssh|git|file)://\\S+|[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:\\S+");
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9-]{1,39}");
    private static final Pattern TEAM = Pattern.compile("[A-Za-z0-9-]{1,39}/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    /** GitHub's bound for a label's name. */
    public static final int MAX_LABEL = 50;

    public GitOpsSpec {
        checkRepository(Objects.requireNonNull(repository, "repository"));
        checkBranch(Objects.requireNonNull(baseBranch, "baseBranch"));
        checkManifestPath(Objects.requireNonNull(manifestPath, "manifestPath"));
        reviewers = checkedList(reviewers, "reviewers", GitOpsSpec::checkReviewer);
        assignees = checkedList(assignees, "assignees", GitOpsSpec::checkLogin);
        labels = checkedList(labels, "labels", GitOpsSpec::checkLabel);
    }

    /** Where the manifests live, with no review settings (no reviewers, assignees, extra labels, draft or auto-merge). */
    public GitOpsSpec(String repository, String baseBranch, String manifestPath) {
        this(repository, baseBranch, manifestPath, List.of(), List.of(), List.of(), false, false);
    }

    /**
     * Accepts a GitHub login: 1 to 39 letters, digits or {@code -}.
     *
     * @throws IllegalArgumentException naming the accepted form
     */
    public static void checkLogin(String login) {
        if (!LOGIN.matcher(login).matches()) {
            throw new IllegalArgumentException("invalid GitHub login '" + login
                    + "': use 1 to 39 letters, digits or '-'");
        }
    }

    /**
     * Accepts a reviewer: a GitHub login, or a team as {@code org/team} (the organisation's login and the team's slug).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static void checkReviewer(String reviewer) {
        if (!LOGIN.matcher(reviewer).matches() && !TEAM.matcher(reviewer).matches()) {
            throw new IllegalArgumentException("invalid reviewer '" + reviewer + "': use a GitHub login (1 to 39 "
                    + "letters, digits or '-') or a team as org/team-slug");
        }
    }

    /**
     * Accepts a label GitHub can hold and people can read: 1 to {@value #MAX_LABEL} characters, no control character
     * (nor line separator, bidi override or other invisible formatting character), no comma (GitHub's search and UI
     * split on it), no space at either end.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkLabel(String label) {
        if (label.isBlank() || label.length() > MAX_LABEL || !label.strip().equals(label) || label.contains(",")
                || label.chars().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                        || Character.getType(c) == Character.FORMAT)) {
            throw new IllegalArgumentException("invalid label '" + label.replaceAll("\\p{Cntrl}", "?") + "': use 1 to "
                    + MAX_LABEL + " characters without commas, control characters or surrounding spaces");
        }
    }

    /** An immutable copy of {@code values} (null is empty) after checking each value and refusing duplicates. */
    private static List<String> checkedList(List<String> values, String field, Consumer<String> check) {
        if (values == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (String value : values) {
            Objects.requireNonNull(value, field);
            check.accept(value);
            // GitHub compares logins, teams and labels without regard to case.
            if (!seen.add(value.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("'" + value + "' is listed twice in " + field);
            }
        }
        return List.copyOf(values);
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
        if (!SAFE_PATH.matcher(literal).matches()) {
            throw new IllegalArgumentException("manifest path " + shown(template) + " may hold only letters, digits,"
                    + " '.', '_', '-', '/' and placeholders");
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
     * The manifest's path for one workload. Each value must be a single path segment of {@code [A-Za-z0-9._-]} (at most
     * 253 characters, never {@code .} or {@code ..}): the environment comes from an alert's label, so the result must
     * stay inside the repository, and plain, whatever the values.
     *
     * @throws IllegalArgumentException naming the placeholder when a value is not such a segment
     */
    public String manifestPathFor(String environment, String namespace, String kind, String name) {
        Map<String, String> values = Map.of("environment", environment, "namespace", namespace, "kind", kind,
                "name", name);
        values.forEach((key, value) -> {
            if (!SAFE_SEGMENT.matcher(value).matches() || value.equals(".") || value.equals("..")) {
                throw new IllegalArgumentException("value " + shown(value) + " for {" + key + "} is not a path segment"
                        + " of letters, digits, '.', '_' and '-' (at most 253)");
            }
        });
        return PLACEHOLDER.matcher(manifestPath).replaceAll(r -> Matcher.quoteReplacement(values.get(r.group(1))));
    }

    /** An untrusted value quoted for a message: printable ASCII only, at most 64 characters. */
    private static String shown(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        StringBuilder out = new StringBuilder("'");
        cut.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f || c == '…' ? (char) c : '?'));
        return out.append("'").toString();
    }
}
