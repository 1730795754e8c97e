package io.heal8s.engine.gitops.github;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.heal8s.engine.gitops.PullRequestContent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link GitHubPublisher} keeps of a pull request from a listing: a few hundred bytes instead of GitHub's whole
 * object (about 8 KiB, up to 60 KB more of body). The body is read only to find heal8s's marker and dropped at once,
 * so a publish holds no listing's text, however many pull requests are open or however long their descriptions.
 *
 * @param number the pull request's number (0 when the object had none)
 * @param state {@code open} or {@code closed}, or "" when absent
 * @param htmlUrl the page on GitHub, or null
 * @param nodeId the GraphQL id (auto-merge needs it), or "" when absent
 * @param headRef the head branch, or ""
 * @param headSha the head commit, or ""
 * @param headRepo the head repository's {@code owner/name}, or "" (a deleted fork has none)
 * @param remediation the Remediation named by the body's heal8s marker, or null when there is none
 * @param labels the labels' names
 * @param assignees the assignees' logins
 */
record PullSummary(int number, String state, String htmlUrl, String nodeId, String headRef, String headSha,
        String headRepo, String remediation, List<String> labels, List<String> assignees) {

    PullSummary {
        labels = List.copyOf(labels);
        assignees = List.copyOf(assignees);
    }

    boolean open() {
        return "open".equals(state);
    }

    /** From a pull request already parsed as a tree (the answer to {@code POST pulls} is one object). */
    static PullSummary of(JsonNode pr) {
        List<String> labels = new ArrayList<>();
        pr.path("labels").forEach(l -> labels.add(l.path("name").asText()));
        List<String> assignees = new ArrayList<>();
        pr.path("assignees").forEach(a -> assignees.add(a.path("login").asText()));
        JsonNode head = pr.path("head");
        return new PullSummary(pr.path("number").asInt(), pr.path("state").asText(""),
                pr.path("html_url").asText(null), pr.path("node_id").asText(""), head.path("ref").asText(""),
                head.path("sha").asText(""), head.path("repo").path("full_name").asText(""),
                PullRequestContent.remediationOf(pr.path("body").asText("")).orElse(null), labels, assignees);
    }

    /**
     * Reads one pull request object; the parser stands on its {@code START_OBJECT} and is left on its
     * {@code END_OBJECT}. Fields it does not use are skipped without being built.
     */
    static PullSummary read(JsonParser p) throws IOException {
        int number = 0;
        String state = "";
        String htmlUrl = null;
        String nodeId = "";
        String[] head = {"", "", ""};
        String remediation = null;
        List<String> labels = new ArrayList<>();
        List<String> assignees = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "number" -> number = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                case "state" -> state = text(p, value, "");
                case "html_url" -> htmlUrl = text(p, value, null);
                case "node_id" -> nodeId = text(p, value, "");
                // The body is the one large field: looked at once for the marker, never kept.
                case "body" -> remediation = value == JsonToken.VALUE_STRING
                        ? PullRequestContent.remediationOf(p.getText()).orElse(null) : null;
                case "head" -> readHead(p, value, head);
                case "labels" -> names(p, value, "name", labels);
                case "assignees" -> names(p, value, "login", assignees);
                default -> p.skipChildren();
            }
        }
        return new PullSummary(number, state, htmlUrl, nodeId, head[0], head[1], head[2], remediation, labels,
                assignees);
    }

    private static void readHead(JsonParser p, JsonToken value, String[] head) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "ref" -> head[0] = text(p, v, "");
                case "sha" -> head[1] = text(p, v, "");
                case "repo" -> head[2] = fullName(p, v);
                default -> p.skipChildren();
            }
        }
    }

    private static String fullName(JsonParser p, JsonToken value) throws IOException {
        String name = "";
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return name;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("full_name")) {
                name = text(p, v, "");
            } else {
                p.skipChildren();
            }
        }
        return name;
    }

    /** The {@code key} of each object of an array, such as the labels' names. */
    private static void names(JsonParser p, JsonToken value, String key, List<String> into) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals(key) && v == JsonToken.VALUE_STRING) {
                    into.add(p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static String text(JsonParser p, JsonToken value, String otherwise) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return otherwise;
    }
}
