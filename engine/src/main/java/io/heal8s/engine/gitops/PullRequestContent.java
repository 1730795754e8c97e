package io.heal8s.engine.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.cluster.KubernetesNames;
import io.heal8s.engine.remediation.AlertInfo;
import io.heal8s.engine.remediation.ApprovalInfo;
import io.heal8s.engine.remediation.DecisionInfo;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationSpec;
import io.heal8s.engine.remediation.TargetResource;
import io.heal8s.engine.remediation.TraceStep;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of the pull request heal8s opens for a GitOps Remediation: branch, title, body and labels, computed from the
 * Remediation and its action's result without any I/O, so the GitHub client only sends them.
 *
 * <p>Why a separate, pure value: the body carries text an attacker may control (alert labels and annotations, which
 * anyone who can write a Prometheus rule or push to Alertmanager sets), and it is shown to the reviewers who decide
 * whether to merge a change into production manifests. Everything untrusted is escaped here, in one place that the
 * tests can hammer; the hidden marker lets a retry find the Remediation from the PR ({@link #remediationOf}).
 *
 * @param branch {@code heal8s/<action>/<namespace>-<name>-<short id>}, a valid Git branch name of at most 100 chars
 * @param title one line of at most 120 chars
 * @param body GitHub Markdown of at most {@link #MAX_BODY} chars, ending with the marker
 * @param labels {@code heal8s}, the action and the environment, each at most 50 chars of {@code [a-z0-9-]}
 */
public record PullRequestContent(String branch, String title, String body, List<String> labels) {

    /** The body's bound: GitHub refuses bodies over 65,536 chars; the margin leaves room for edits by people. */
    public static final int MAX_BODY = 60_000;
    /** The branch's bound. */
    public static final int MAX_BRANCH = 100;
    /** The title's bound. */
    public static final int MAX_TITLE = 120;
    /** GitHub's bound for a label's name. */
    public static final int MAX_LABEL = 50;

    private static final int VALUE_MAX = 200;
    private static final int PROSE_MAX = 500;
    private static final int MAX_ROWS = 50;
    private static final int MAX_TABLE = 30_000;
    private static final Pattern MARKER = Pattern.compile("<!-- heal8s:remediation=([a-z0-9.-]{1,63})/([a-z0-9.-]{1,253}) -->");
    private static final ObjectMapper JSON = new ObjectMapper();

    public PullRequestContent {
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
        labels = List.copyOf(labels);
    }

    /**
     * Builds the content.
     *
     * @param remediation with metadata namespace and name (DNS names), and spec alert, target and action
     * @param result the action's result; must be a change
     * @param manifestPath the rendered manifest path in the repository
     * @param sourceLink the alert's source (Prometheus graph); shown only when http(s); {@code null} means the
     *     payload's generatorURL
     * @throws IllegalArgumentException naming the missing or invalid field
     */
    public static PullRequestContent of(Remediation remediation, ActionResult result, String manifestPath,
            String sourceLink) {
        Objects.requireNonNull(remediation, "remediation");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(manifestPath, "manifestPath");
        String ns = remediation.getMetadata() == null ? null : remediation.getMetadata().getNamespace();
        String name = remediation.getMetadata() == null ? null : remediation.getMetadata().getName();
        if (!KubernetesNames.isLabel(ns)) {
            throw new IllegalArgumentException("metadata.namespace '" + ns + "' is not a DNS-1123 label");
        }
        if (!KubernetesNames.isSubdomain(name)) {
            throw new IllegalArgumentException("metadata.name '" + name + "' is not a DNS-1123 subdomain");
        }
        RemediationSpec spec = remediation.getSpec();
        if (spec == null || spec.getTarget() == null || spec.getAlert() == null) {
            throw new IllegalArgumentException("spec.alert and spec.target are required for a pull request");
        }
        if (!result.changed()) {
            throw new IllegalArgumentException("result: no change to propose (" + result.reason() + ")");
        }
        TargetResource target = spec.getTarget();
        String action = kebab(result.action().name());
        String environment = spec.getStrategy() == null ? null : spec.getStrategy().getEnvironment();
        Payload payload = Payload.parse(spec.getAlert().getPayload());
        String link = sourceLink != null ? sourceLink : payload.generatorUrl;

        String branch = branch(action, target.getNamespace(), target.getName(), shortId(ns, name));
        String title = PrText.oneLine("heal8s: " + result.action().name() + " on " + target.getKind() + " "
                + target.getNamespace() + "/" + target.getName() + " (" + spec.getAlert().getName() + ")", MAX_TITLE);
        String body = body(remediation, result, manifestPath, httpLink(link), payload, ns + "/" + name);
        Set<String> labels = new LinkedHashSet<>();
        labels.add("heal8s");
        labels.add(label(action));
        if (environment != null && !label(environment).isEmpty()) {
            labels.add(label(environment));
        }
        return new PullRequestContent(branch, title, body, List.copyOf(labels));
    }

    /**
     * The Remediation ({@code namespace/name}) a pull request body's marker names, or empty when the body has no
     * marker, more than one, or one whose names are not valid Kubernetes names.
     */
    public static Optional<String> remediationOf(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher m = MARKER.matcher(body);
        if (!m.find()) {
            return Optional.empty();
        }
        String ns = m.group(1);
        String name = m.group(2);
        if (m.find() || !KubernetesNames.isLabel(ns) || !KubernetesNames.isSubdomain(name)) {
            return Optional.empty();
        }
        return Optional.of(ns + "/" + name);
    }

    /** The hidden marker for a Remediation. */
    static String marker(String namespaceSlashName) {
        return "<!-- heal8s:remediation=" + namespaceSlashName + " -->";
    }

    /** IncreaseMemory → increase-memory, IncreaseCPU → increase-cpu. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }

    /** Lower case, {@code [a-z0-9-]} only, dashes collapsed, none at either end. */
    static String sanitise(String part) {
        if (part == null) {
            return "";
        }
        return part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    static String shortId(String namespace, String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((namespace + "/" + name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String branch(String action, String namespace, String name, String shortId) {
        String prefix = "heal8s/" + orElse(sanitise(action), "action") + "/";
        String suffix = "-" + shortId;
        String middle = sanitise(sanitise(namespace) + "-" + sanitise(name));
        int room = MAX_BRANCH - prefix.length() - suffix.length();
        if (middle.length() > room) {
            middle = middle.substring(0, Math.max(0, room)).replaceAll("-+$", "");
        }
        return prefix + (middle.isEmpty() ? "" : middle + "-") + shortId;
    }

    static String label(String raw) {
        String s = sanitise(raw);
        return s.length() <= MAX_LABEL ? s : s.substring(0, MAX_LABEL).replaceAll("-+$", "");
    }

    private static String orElse(String s, String fallback) {
        return s.isEmpty() ? fallback : s;
    }

    /** The link when it is an absolute http(s) URL with a host and no character that could leave a Markdown link. */
    static String httpLink(String link) {
        if (link == null || link.length() > 2000 || !link.chars().allMatch(c -> c > ' ' && c < 0x7f
                && "<>()[]\"'`\\{}|^".indexOf(c) < 0)) {
            return null;
        }
        try {
            URI uri = new URI(link);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return null;
            }
            return link;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String body(Remediation remediation, ActionResult result, String manifestPath, String link,
            Payload payload, String id) {
        RemediationSpec spec = remediation.getSpec();
        AlertInfo alert = spec.getAlert();
        TargetResource target = spec.getTarget();
        StringBuilder head = new StringBuilder();
        head.append("## What fired\n\n");
        head.append("- **Alert**: ").append(PrText.code(alert.getName(), VALUE_MAX, false)).append('\n');
        head.append("- **Severity**: ").append(PrText.code(alert.getSeverity(), VALUE_MAX, false)).append('\n');
        head.append("- **Fingerprint**: ").append(PrText.code(alert.getFingerprint(), VALUE_MAX, false)).append('\n');
        if (payload.startsAt != null) {
            head.append("- **Started at**: ").append(PrText.code(payload.startsAt, VALUE_MAX, false)).append('\n');
        }
        head.append("- **Target**: ").append(PrText.code(target.getKind() + " " + target.getNamespace() + "/"
                + target.getName() + (target.getContainer() == null ? "" : " (container " + target.getContainer() + ")"),
                VALUE_MAX, false)).append('\n');
        if (payload.summary != null) {
            head.append("- **Summary**: ").append(PrText.text(payload.summary, PROSE_MAX)).append('\n');
        }
        if (payload.description != null) {
            head.append("- **Description**: ").append(PrText.text(payload.description, PROSE_MAX)).append('\n');
        }
        if (link != null) {
            head.append("- **Source**: [open the alert's source](").append(link).append(")\n");
        }

        head.append("\n## What heal8s decided, and why\n\n");
        if (spec.getPlaybook() != null && spec.getPlaybook().getName() != null) {
            head.append("- **Playbook**: ").append(PrText.code(spec.getPlaybook().getName(), VALUE_MAX, false))
                    .append('\n');
        }
        head.append("- **Action**: ").append(PrText.code(result.action().name(), VALUE_MAX, false)).append(": ")
                .append(PrText.text(result.reason(), PROSE_MAX)).append('\n');
        DecisionInfo decision = spec.getDecision();
        if (decision != null && decision.getReason() != null) {
            head.append("- **Reason**: ").append(PrText.text(decision.getReason(), PROSE_MAX)).append('\n');
        }
        ApprovalInfo approval = remediation.getStatus() == null ? null : remediation.getStatus().getApproval();
        if (approval != null) {
            head.append("- **Policy**: mode ").append(PrText.code(approval.getMode(), VALUE_MAX, false))
                    .append(", requireApproval ").append(PrText.code(String.valueOf(approval.getRequireApproval()),
                            VALUE_MAX, false));
            if (approval.getSource() != null) {
                head.append(", decided by ").append(PrText.code(approval.getSource(), VALUE_MAX, false));
            }
            if (Boolean.TRUE.equals(approval.getFailSafe())) {
                head.append(" (fail-safe: no policy answered)");
            }
            head.append('\n');
        }
        List<String> reasons = remediation.getStatus() == null ? null : remediation.getStatus().getPolicyReasons();
        if (reasons != null) {
            reasons.stream().limit(20).forEach(r -> head.append("  - ").append(PrText.text(r, PROSE_MAX)).append('\n'));
        }

        StringBuilder tail = new StringBuilder();
        tail.append("\n## The change\n\n");
        tail.append("In ").append(PrText.code(manifestPath, VALUE_MAX, false)).append(":\n\n");
        tail.append("| Field | Old | New |\n|---|---|---|\n");
        int shown = 0;
        int tableChars = 0;
        for (FieldChange change : result.changes()) {
            String row = "| " + PrText.code(change.path(), VALUE_MAX, true) + " | "
                    + (change.oldValue() == null ? "(none)" : PrText.code(change.oldValue(), VALUE_MAX, true))
                    + " | " + PrText.code(change.newValue(), VALUE_MAX, true) + " |\n";
            if (shown == MAX_ROWS || tableChars + row.length() > MAX_TABLE) {
                break;
            }
            tail.append(row);
            tableChars += row.length();
            shown++;
        }
        if (shown < result.changes().size()) {
            tail.append("\n_").append(result.changes().size() - shown)
                    .append(" more changed fields not shown: the diff of this pull request has them all._\n");
        }
        tail.append("\n## How to roll back\n\n");
        tail.append("Revert this pull request once merged (or close it unmerged to reject the change); the old values "
                + "are in the table above");
        boolean hasAddition = result.changes().stream().anyMatch(FieldChange::isAddition);
        tail.append(hasAddition ? ", and a field marked (none) did not exist before: remove it.\n" : ".\n");
        tail.append("\n").append(marker(id)).append('\n');

        // Escaping can grow text fivefold (& becomes &amp;): keep the head within its share whatever the input.
        int headRoom = MAX_BODY - tail.length() - 1_000;
        if (head.length() > headRoom) {
            int cut = head.lastIndexOf("\n", Math.max(0, headRoom - 100));
            head.setLength(Math.max(0, cut + 1));
            head.append("\n_The rest of this section was cut to fit GitHub's size limit._\n");
        }
        List<TraceStep> trace = decision == null || decision.getTrace() == null ? List.of() : decision.getTrace();
        StringBuilder traceText = new StringBuilder();
        if (!trace.isEmpty()) {
            traceText.append("\n<details><summary>Decision trace (").append(trace.size())
                    .append(trace.size() == 1 ? " rule" : " rules").append(")</summary>\n\n");
            String close = "\n</details>\n";
            int budget = MAX_BODY - head.length() - tail.length() - traceText.length() - close.length() - 200;
            List<String> lines = new ArrayList<>();
            int used = 0;
            for (TraceStep step : trace) {
                String line = "1. " + PrText.code(step.getRule(), VALUE_MAX, false) + ": "
                        + PrText.text(step.getMessage(), PROSE_MAX) + "\n";
                if (used + line.length() > budget) {
                    break;
                }
                lines.add(line);
                used += line.length();
            }
            lines.forEach(traceText::append);
            if (lines.size() < trace.size()) {
                traceText.append("\n_").append(trace.size() - lines.size())
                        .append(" more steps not shown: the full trace is in the Remediation's spec.decision.trace._\n");
            }
            traceText.append(close);
        }
        return head.append(traceText).append(tail).toString();
    }

    /** The fields of the alert payload the body shows; any that is missing or malformed is left out. */
    private record Payload(String startsAt, String generatorUrl, String summary, String description) {
        static Payload parse(String json) {
            if (json == null || json.isBlank()) {
                return new Payload(null, null, null, null);
            }
            try {
                JsonNode node = JSON.readTree(json);
                String startsAt = textOf(node.get("startsAt"));
                if ("0001-01-01T00:00:00Z".equals(startsAt)) {
                    startsAt = null;
                }
                JsonNode annotations = node.get("annotations");
                return new Payload(startsAt, textOf(node.get("generatorURL")),
                        annotations == null ? null : textOf(annotations.get("summary")),
                        annotations == null ? null : textOf(annotations.get("description")));
            } catch (java.io.IOException | RuntimeException e) {
                return new Payload(null, null, null, null);
            }
        }

        private static String textOf(JsonNode n) {
            return n == null || !n.isTextual() || n.asText().isBlank() ? null : n.asText();
        }
    }
}
