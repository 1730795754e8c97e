package io.heal8s.fakegithub;

import static io.heal8s.fakegithub.Fields.parseLong;
import static io.heal8s.fakegithub.Fields.strings;
import static io.heal8s.fakegithub.Fields.text;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import io.heal8s.fakegithub.FakeGitHub.Comment;
import io.heal8s.fakegithub.FakeGitHub.Pull;
import io.heal8s.fakegithub.FakeGitHub.RepoState;

/**
 * Pull requests and their issue side ({@code /pulls}, {@code /issues}, the GraphQL auto-merge mutation) and the
 * {@code pull_request} webhook events their changes raise. Runs under the fake's lock, like {@link Api}.
 */
final class PullRequests {

    private static final String DOCS = Api.DOCS;
    private static final Pattern PR_ID = Pattern.compile("pullRequestId\\s*:\\s*(?:\"([^\"]*)\"|\\$(\\w+))");
    private static final Pattern MERGE_METHOD = Pattern.compile("mergeMethod\\s*:\\s*(?:\\$(\\w+)|(\\w+))");

    private final FakeGitHub gh;
    private final ObjectMapper json;
    private final Views views;

    PullRequests(FakeGitHub gh, ObjectMapper json, Views views) {
        this.gh = gh;
        this.json = json;
        this.views = views;
    }

    // ------------------------------------------------------------------ pull requests

    Reply pulls(String method, RepoState r, List<String> rest, Map<String, String> q, JsonNode body,
                Caller caller) {
        if (rest.isEmpty()) {
            if (method.equals("POST")) {
                return createPull(r, body, caller);
            }
            if (method.equals("GET")) {
                return listPulls(r, q);
            }
            throw ApiException.notFound(DOCS);
        }
        Pull p = r.pulls.get((int) parseLong(rest.get(0)));
        if (p == null) {
            throw ApiException.notFound(DOCS + "/pulls/pulls#get-a-pull-request");
        }
        if (rest.size() == 1) {
            if (method.equals("GET")) {
                return new Reply(200, views.pull(r, p));
            }
            if (method.equals("PATCH")) {
                return editPull(r, p, body, caller);
            }
        } else if (rest.size() == 2 && rest.get(1).equals("merge")) {
            if (method.equals("PUT")) {
                return mergeViaApi(r, p, body, caller);
            }
            if (method.equals("GET")) {
                if (p.merged) {
                    return new Reply(204, null);
                }
                throw ApiException.notFound(DOCS + "/pulls/pulls#check-if-a-pull-request-has-been-merged");
            }
        } else if (rest.size() == 2 && rest.get(1).equals("requested_reviewers")) {
            return reviewers(method, r, p, body);
        }
        throw ApiException.notFound(DOCS);
    }

    private Reply createPull(RepoState r, JsonNode body, Caller caller) {
        String docs = DOCS + "/pulls/pulls#create-a-pull-request";
        String title = text(body, "title");
        String head = text(body, "head");
        String base = text(body, "base");
        List<Map<String, Object>> missing = new ArrayList<>();
        for (var field : new String[][] {{"head", head}, {"base", base}, {"title", title}}) {
            if (field[1] == null) {
                missing.add(Map.of("resource", "PullRequest", "field", field[0], "code", "missing_field"));
            }
        }
        if (!missing.isEmpty()) {
            throw new ApiException(422, "Validation Failed", docs, missing, Map.of());
        }
        String headBranch = head;
        int colon = head.indexOf(':');
        if (colon >= 0) {
            if (!head.substring(0, colon).equalsIgnoreCase(r.owner)) {
                throw ApiException.invalidField("PullRequest", "head", "invalid", docs);
            }
            headBranch = head.substring(colon + 1);
        }
        ObjectId headSha = r.git.branchHead(headBranch);
        if (headSha == null) {
            throw ApiException.invalidField("PullRequest", "head", "invalid", docs);
        }
        ObjectId baseSha = r.git.branchHead(base);
        if (baseSha == null) {
            throw ApiException.invalidField("PullRequest", "base", "invalid", docs);
        }
        for (Pull other : r.pulls.values()) {
            if (other.state.equals("open") && other.headRef.equals(headBranch) && other.baseRef.equals(base)) {
                throw ApiException.validation("PullRequest",
                        "A pull request already exists for " + r.owner + ":" + headBranch + ".", docs);
            }
        }
        if (r.git.commitsAhead(baseSha, headSha) == 0) {
            throw ApiException.validation("PullRequest", "No commits between " + base + " and " + headBranch, docs);
        }
        Pull p = new Pull(r.nextNumber++, gh.ids.incrementAndGet(), caller.login(), headBranch, base, gh.now());
        p.title = title;
        p.body = text(body, "body");
        p.draft = body.path("draft").asBoolean(false);
        p.maintainerCanModify = body.path("maintainer_can_modify").asBoolean(true);
        p.lastHeadSha = headSha.name();
        r.pulls.put(p.number, p);
        event(r, p, "opened", caller.login(), null);
        ObjectNode node = views.pull(r, p);
        return new Reply(201, node).header("Location", node.get("url").asText());
    }

    private Reply listPulls(RepoState r, Map<String, String> q) {
        String state = q.getOrDefault("state", "open");
        if (!List.of("open", "closed", "all").contains(state)) {
            throw ApiException.invalidField("PullRequest", "state", "invalid", DOCS + "/pulls/pulls");
        }
        String head = q.get("head");
        String base = q.get("base");
        List<JsonNode> items = new ArrayList<>();
        List<Pull> all = new ArrayList<>(r.pulls.values());
        Collections.reverse(all);
        for (Pull p : all) {
            if (!state.equals("all") && !p.state.equals(state)) {
                continue;
            }
            // GitHub filters by head only in the user:ref form (a bare branch name filters nothing).
            if (head != null && head.contains(":")) {
                String owner = head.substring(0, head.indexOf(':'));
                String ref = head.substring(head.indexOf(':') + 1);
                if (!owner.equalsIgnoreCase(r.owner) || !ref.equals(p.headRef)) {
                    continue;
                }
            }
            if (base != null && !base.equals(p.baseRef)) {
                continue;
            }
            items.add(views.pull(r, p));
        }
        return views.page(items, q, views.repoApi(r) + "/pulls");
    }

    private Reply editPull(RepoState r, Pull p, JsonNode body, Caller caller) {
        String docs = DOCS + "/pulls/pulls#update-a-pull-request";
        ObjectNode changes = json.createObjectNode();
        String title = text(body, "title");
        String text = body.has("body") ? text(body, "body") : p.body;
        String base = text(body, "base");
        if (base != null && !base.equals(p.baseRef)) {
            if (r.git.branchHead(base) == null) {
                throw ApiException.invalidField("PullRequest", "base", "invalid", docs);
            }
            changes.putObject("base").putObject("ref").put("from", p.baseRef);
            p.baseRef = base;
        }
        if (title != null && !title.equals(p.title)) {
            changes.putObject("title").put("from", p.title);
            p.title = title;
        }
        if (body.has("body") && !Objects.equals(text, p.body)) {
            changes.putObject("body").put("from", p.body);
            p.body = text;
        }
        if (body.has("maintainer_can_modify")) {
            p.maintainerCanModify = body.get("maintainer_can_modify").asBoolean();
        }
        if (!changes.isEmpty()) {
            p.updatedAt = gh.now();
            event(r, p, "edited", caller.login(), changes);
        }
        String state = text(body, "state");
        if (state != null) {
            setState(r, p, state, caller.login(), docs);
        }
        return new Reply(200, views.pull(r, p));
    }

    private void setState(RepoState r, Pull p, String state, String actor, String docs) {
        if (state.equals("closed") && p.state.equals("open")) {
            closePull(r, p, actor);
        } else if (state.equals("open") && p.state.equals("closed")) {
            if (p.merged) {
                throw ApiException.validation("PullRequest", "state cannot be changed. The pull request has been"
                        + " merged.", docs);
            }
            if (r.git.branchHead(p.headRef) == null) {
                throw ApiException.validation("PullRequest", "state cannot be changed. The " + p.headRef
                        + " branch has been deleted.", docs);
            }
            for (Pull other : r.pulls.values()) {
                if (other != p && other.state.equals("open") && other.headRef.equals(p.headRef)
                        && other.baseRef.equals(p.baseRef)) {
                    throw ApiException.validation("PullRequest", "A pull request already exists for " + r.owner
                            + ":" + p.headRef + ".", docs);
                }
            }
            p.state = "open";
            p.closedAt = null;
            p.updatedAt = gh.now();
            event(r, p, "reopened", actor, null);
        } else if (!state.equals("open") && !state.equals("closed")) {
            throw ApiException.invalidField("PullRequest", "state", "invalid", docs);
        }
    }

    void closePull(RepoState r, Pull p, String actor) {
        if (!p.state.equals("open")) {
            throw new IllegalStateException("pull request #" + p.number + " is already " + p.state);
        }
        ObjectId tip = r.git.branchHead(p.headRef);
        if (tip != null) {
            p.lastHeadSha = tip.name();
        }
        p.state = "closed";
        p.closedAt = gh.now();
        p.updatedAt = p.closedAt;
        event(r, p, "closed", actor, null);
    }

    private Reply mergeViaApi(RepoState r, Pull p, JsonNode body, Caller caller) {
        String docs = DOCS + "/pulls/pulls#merge-a-pull-request";
        String method = body.hasNonNull("merge_method") ? text(body, "merge_method") : "merge";
        if (method.equals("rebase")) {
            throw new ApiException(405, "Rebase merges are not allowed on this repository.", docs);
        }
        if (!method.equals("merge") && !method.equals("squash")) {
            throw ApiException.invalidField("PullRequest", "merge_method", "invalid", docs);
        }
        if (!p.state.equals("open")) {
            throw new ApiException(405, "Pull Request is not mergeable", docs);
        }
        if (p.draft) {
            throw new ApiException(405, "Pull Request is still a draft", docs);
        }
        String expected = text(body, "sha");
        ObjectId tip = r.git.branchHead(p.headRef);
        if (expected != null && (tip == null || !tip.name().equals(expected))) {
            throw new ApiException(409, "Head branch was modified. Review and try the merge again.", docs);
        }
        String title = text(body, "commit_title");
        String message = text(body, "commit_message");
        String sha;
        try {
            sha = mergePull(r, p, method, title, message, caller.login());
        } catch (IllegalStateException e) {
            throw new ApiException(405, "Pull Request is not mergeable", docs);
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("sha", sha);
        answer.put("merged", true);
        answer.put("message", "Pull Request successfully merged");
        return new Reply(200, answer);
    }

    /** Merges for real in JGit; throws IllegalStateException when the pull request cannot be merged. */
    String mergePull(RepoState r, Pull p, String method, String title, String message, String actor) {
        if (!p.state.equals("open")) {
            throw new IllegalStateException("pull request #" + p.number + " is " + p.state);
        }
        if (p.draft) {
            throw new IllegalStateException("pull request #" + p.number + " is a draft");
        }
        ObjectId tip = r.git.branchHead(p.headRef);
        if (tip == null) {
            throw new IllegalStateException("the head branch " + p.headRef + " of #" + p.number + " is gone");
        }
        String headline;
        String detail;
        if (method.equals("squash")) {
            headline = title != null ? title : p.title + " (#" + p.number + ")";
            detail = message != null ? message : "";
        } else {
            headline = title != null ? title : "Merge pull request #" + p.number + " from " + r.owner + "/" + p.headRef;
            detail = message != null ? message : p.title;
        }
        String fullMessage = detail.isEmpty() ? headline : headline + "\n\n" + detail;
        Instant now = gh.now();
        PersonIdent who = GitRepo.person(actor, actor + "@users.noreply.github.com", now);
        RevCommit merged = r.git.merge(p.baseRef, r.git.resolveCommit(tip.name()), method.equals("squash"),
                fullMessage, who);
        if (merged == null) {
            throw new IllegalStateException("pull request #" + p.number + " has conflicts with " + p.baseRef);
        }
        r.pushedAt = now;
        p.lastHeadSha = tip.name();
        p.merged = true;
        p.mergedBy = actor;
        p.mergedAt = now;
        p.mergeCommitSha = merged.name();
        p.state = "closed";
        p.closedAt = now;
        p.updatedAt = now;
        event(r, p, "closed", actor, null);
        return merged.name();
    }

    private Reply reviewers(String method, RepoState r, Pull p, JsonNode body) {
        String docs = DOCS + "/pulls/review-requests";
        List<String> users = strings(body.get("reviewers"));
        List<String> teams = strings(body.get("team_reviewers"));
        if (method.equals("GET")) {
            ObjectNode node = json.createObjectNode();
            ArrayNode u = node.putArray("users");
            p.reviewers.forEach(login -> u.add(views.user(login)));
            ArrayNode t = node.putArray("teams");
            p.teams.forEach(slug -> t.add(views.team(r, slug)));
            return new Reply(200, node);
        }
        if (method.equals("POST")) {
            for (String login : users) {
                if (login.equalsIgnoreCase(p.author)) {
                    throw ApiException.validation("PullRequest",
                            "Review cannot be requested from pull request author.", docs);
                }
            }
            p.reviewers.addAll(users);
            p.teams.addAll(teams);
            p.updatedAt = gh.now();
            return new Reply(201, views.pull(r, p));
        }
        if (method.equals("DELETE")) {
            users.forEach(p.reviewers::remove);
            teams.forEach(p.teams::remove);
            p.updatedAt = gh.now();
            return new Reply(200, views.pull(r, p));
        }
        throw ApiException.notFound(docs);
    }

    // ------------------------------------------------------------------ issues (the issue side of pull requests)

    Reply issues(String method, RepoState r, List<String> rest, Map<String, String> q, JsonNode body,
                 Caller caller) {
        String docs = DOCS + "/issues/issues";
        if (rest.isEmpty()) {
            throw ApiException.notFound(docs);
        }
        Pull p = r.pulls.get((int) parseLong(rest.get(0)));
        if (p == null) {
            throw ApiException.notFound(docs + "#get-an-issue");
        }
        String sub = rest.size() > 1 ? rest.get(1) : "";
        if (rest.size() == 1) {
            if (method.equals("GET")) {
                return new Reply(200, views.issue(r, p));
            }
            if (method.equals("PATCH")) {
                if (body.has("title") && text(body, "title") != null) {
                    p.title = text(body, "title");
                }
                if (body.has("body")) {
                    p.body = text(body, "body");
                }
                if (body.has("labels")) {
                    p.labels.clear();
                    addLabels(r, p, labelNames(body.get("labels")));
                }
                if (body.has("assignees")) {
                    p.assignees.clear();
                    p.assignees.addAll(strings(body.get("assignees")));
                }
                p.updatedAt = gh.now();
                if (text(body, "state") != null) {
                    setState(r, p, text(body, "state"), caller.login(), docs + "#update-an-issue");
                }
                return new Reply(200, views.issue(r, p));
            }
        } else if (sub.equals("labels")) {
            if (rest.size() == 3 && method.equals("DELETE")) {
                if (!p.labels.remove(rest.get(2))) {
                    throw ApiException.notFound(DOCS + "/issues/labels").withMessage("Label does not exist");
                }
                return new Reply(200, views.labels(r, p));
            }
            if (rest.size() == 2) {
                switch (method) {
                    case "GET":
                        return new Reply(200, views.labels(r, p));
                    case "PUT":
                        p.labels.clear();
                        addLabels(r, p, labelNames(body.isArray() ? body : body.get("labels")));
                        p.updatedAt = gh.now();
                        return new Reply(200, views.labels(r, p));
                    case "POST":
                        addLabels(r, p, labelNames(body.isArray() ? body : body.get("labels")));
                        p.updatedAt = gh.now();
                        return new Reply(200, views.labels(r, p));
                    case "DELETE":
                        p.labels.clear();
                        return new Reply(204, null);
                    default:
                        break;
                }
            }
        } else if (sub.equals("assignees") && rest.size() == 2) {
            if (method.equals("POST")) {
                p.assignees.addAll(strings(body.get("assignees")));
                p.updatedAt = gh.now();
                return new Reply(201, views.issue(r, p));
            }
            if (method.equals("DELETE")) {
                strings(body.get("assignees")).forEach(p.assignees::remove);
                p.updatedAt = gh.now();
                return new Reply(200, views.issue(r, p));
            }
        } else if (sub.equals("comments") && rest.size() == 2) {
            if (method.equals("POST")) {
                String text = text(body, "body");
                if (text == null) {
                    throw ApiException.invalidField("IssueComment", "body", "missing_field",
                            DOCS + "/issues/comments#create-an-issue-comment");
                }
                Comment c = new Comment(gh.ids.incrementAndGet(), caller.login(), text, gh.now());
                p.comments.add(c);
                p.updatedAt = c.createdAt();
                ObjectNode node = views.comment(r, p, c);
                return new Reply(201, node).header("Location", node.get("url").asText());
            }
            if (method.equals("GET")) {
                List<JsonNode> items = new ArrayList<>();
                p.comments.forEach(c -> items.add(views.comment(r, p, c)));
                return views.page(items, q, views.repoApi(r) + "/issues/" + p.number + "/comments");
            }
        }
        throw ApiException.notFound(docs);
    }

    private void addLabels(RepoState r, Pull p, List<String> names) {
        for (String name : names) {
            r.labelIds.computeIfAbsent(name, n -> gh.ids.incrementAndGet());
            p.labels.add(name);
        }
    }

    private List<String> labelNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode n : node) {
                names.add(n.isObject() ? n.path("name").asText() : n.asText());
            }
        }
        return names;
    }

    // ------------------------------------------------------------------ GraphQL

    Reply graphql(JsonNode body, Caller caller) {
        String query = text(body, "query");
        if (query == null || !query.contains("enablePullRequestAutoMerge")) {
            ObjectNode answer = json.createObjectNode();
            answer.putArray("errors").addObject().put("message", "The fake GitHub answers only the"
                    + " enablePullRequestAutoMerge mutation").put("type", "UNSUPPORTED");
            return new Reply(400, answer);
        }
        JsonNode variables = body.path("variables");
        Matcher id = PR_ID.matcher(query);
        String nodeId = null;
        if (id.find()) {
            nodeId = id.group(1) != null ? id.group(1) : text(variables, id.group(2));
        }
        Matcher mm = MERGE_METHOD.matcher(query);
        String method = "MERGE";
        if (mm.find()) {
            method = mm.group(2) != null ? mm.group(2) : text(variables, mm.group(1));
            method = method == null ? "MERGE" : method;
        }
        ObjectNode answer = json.createObjectNode();
        for (RepoState r : gh.repos.values()) {
            for (Pull p : r.pulls.values()) {
                if (views.nodeId(r, p).equals(nodeId)) {
                    if (!p.state.equals("open")) {
                        answer.putObject("data").putNull("enablePullRequestAutoMerge");
                        answer.putArray("errors").addObject().put("type", "UNPROCESSABLE")
                                .put("message", "Pull request is closed")
                                .set("path", json.createArrayNode().add("enablePullRequestAutoMerge"));
                        return new Reply(200, answer);
                    }
                    p.autoMergeMethod = method;
                    p.autoMergeBy = caller.login();
                    p.updatedAt = gh.now();
                    ObjectNode result = answer.putObject("data").putObject("enablePullRequestAutoMerge");
                    result.putNull("clientMutationId");
                    ObjectNode pr = result.putObject("pullRequest");
                    pr.put("id", views.nodeId(r, p));
                    pr.put("number", p.number);
                    ObjectNode request = pr.putObject("autoMergeRequest");
                    request.put("enabledAt", Views.time(p.updatedAt));
                    request.put("mergeMethod", method);
                    request.putObject("enabledBy").put("login", caller.login());
                    return new Reply(200, answer);
                }
            }
        }
        answer.putObject("data").putNull("enablePullRequestAutoMerge");
        answer.putArray("errors").addObject().put("type", "NOT_FOUND")
                .put("message", "Could not resolve to a node with the global id of '" + nodeId + "'.")
                .set("path", json.createArrayNode().add("enablePullRequestAutoMerge"));
        return new Reply(200, answer);
    }

    // ------------------------------------------------------------------ events

    /** After a branch moved: the open pull requests with it as head get a {@code synchronize} event. */
    void branchMoved(RepoState r, String branch, String actor) {
        ObjectId tip = r.git.branchHead(branch);
        for (Pull p : r.pulls.values()) {
            if (p.state.equals("open") && p.headRef.equals(branch) && tip != null
                    && !tip.name().equals(p.lastHeadSha)) {
                ObjectNode extra = json.createObjectNode();
                extra.put("before", p.lastHeadSha);
                extra.put("after", tip.name());
                p.lastHeadSha = tip.name();
                p.updatedAt = gh.now();
                event(r, p, "synchronize", actor, extra);
            }
        }
    }

    private void event(RepoState r, Pull p, String action, String actor, ObjectNode extra) {
        if (!gh.webhooks.enabled()) {
            return;
        }
        ObjectNode payload = json.createObjectNode();
        payload.put("action", action);
        payload.put("number", p.number);
        if (extra != null && action.equals("edited")) {
            payload.set("changes", extra);
        } else if (extra != null) {
            payload.setAll(extra);
        }
        payload.set("pull_request", views.pull(r, p));
        payload.set("repository", views.repo(r));
        payload.set("organization", views.user(r.owner));
        payload.set("sender", views.user(actor));
        if (!gh.installations.isEmpty()) {
            payload.putObject("installation").put("id", gh.installations.keySet().iterator().next())
                    .put("node_id", Views.nodeId("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u", 1));
        }
        try {
            gh.webhooks.send("pull_request", action, p.number, r.id, json.writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a webhook payload", e);
        }
    }
}
