package io.heal8s.fakegithub;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import io.heal8s.fakegithub.FakeGitHub.Comment;
import io.heal8s.fakegithub.FakeGitHub.Pull;
import io.heal8s.fakegithub.FakeGitHub.RepoState;

/**
 * The JSON shapes of docs.github.com (repository, user, pull request, issue, label, comment, ref, commit, content),
 * built from the fake's state; kept apart from {@link Api} so the routing reads as a list of endpoints.
 */
final class Views {

    private final FakeGitHub gh;
    private final ObjectMapper json;

    Views(FakeGitHub gh, ObjectMapper json) {
        this.gh = gh;
        this.json = json;
    }

    ObjectNode installation(long installationId, long appId) {
        ObjectNode i = json.createObjectNode();
        i.put("id", installationId);
        i.set("account", user("heal8s"));
        i.put("access_tokens_url", gh.apiUrl() + "/app/installations/" + installationId + "/access_tokens");
        i.put("repositories_url", gh.apiUrl() + "/installation/repositories");
        i.put("html_url", gh.apiUrl() + "/settings/installations/" + installationId);
        i.put("app_id", appId);
        i.put("app_slug", appSlug());
        i.put("target_id", userId("heal8s"));
        i.put("target_type", "Organization");
        i.set("permissions", permissions());
        i.set("events", json.createArrayNode().add("pull_request"));
        i.put("created_at", time(Instant.EPOCH));
        i.put("updated_at", time(Instant.EPOCH));
        i.put("repository_selection", "all");
        return i;
    }

    ObjectNode permissions() {
        ObjectNode p = json.createObjectNode();
        p.put("contents", "write");
        p.put("pull_requests", "write");
        p.put("issues", "write");
        p.put("metadata", "read");
        return p;
    }

    static String appSlug() {
        return "heal8s";
    }

    ObjectNode contentNode(RepoState r, String path, ObjectId id, long size, String ref, boolean dir) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        ObjectNode node = json.createObjectNode();
        node.put("type", dir ? "dir" : "file");
        node.put("size", size);
        node.put("name", name);
        node.put("path", path);
        node.put("sha", id.name());
        String self = repoApi(r) + "/contents/" + encodePath(path) + "?ref=" + encode(ref);
        String gitUrl = repoApi(r) + "/git/" + (dir ? "trees/" : "blobs/") + id.name();
        String html = repoHtml(r) + (dir ? "/tree/" : "/blob/") + ref + "/" + path;
        node.put("url", self);
        node.put("git_url", gitUrl);
        node.put("html_url", html);
        if (dir) {
            node.putNull("download_url");
        } else {
            node.put("download_url", gh.apiUrl() + "/raw/" + r.fullName() + "/" + ref + "/" + path);
        }
        ObjectNode links = node.putObject("_links");
        links.put("self", self);
        links.put("git", gitUrl);
        links.put("html", html);
        return node;
    }

    ObjectNode ref(RepoState r, String branch) {
        ObjectId id = r.git.branchHead(branch);
        ObjectNode node = json.createObjectNode();
        node.put("ref", "refs/heads/" + branch);
        node.put("node_id", nodeId("REF", (r.fullName() + branch).hashCode()));
        node.put("url", repoApi(r) + "/git/refs/heads/" + branch);
        ObjectNode object = node.putObject("object");
        object.put("sha", id.name());
        object.put("type", "commit");
        object.put("url", repoApi(r) + "/git/commits/" + id.name());
        return node;
    }

    /** The REST "commit" object of {@code GET /repos/o/r/commits/{ref}}. */
    ObjectNode commit(RepoState r, RevCommit c) {
        ObjectNode node = json.createObjectNode();
        node.put("sha", c.name());
        node.put("node_id", nodeId("C", c.name().hashCode()));
        ObjectNode inner = node.putObject("commit");
        inner.set("author", ident(c.getAuthorIdent()));
        inner.set("committer", ident(c.getCommitterIdent()));
        inner.put("message", c.getFullMessage());
        ObjectNode tree = inner.putObject("tree");
        tree.put("sha", c.getTree().name());
        tree.put("url", repoApi(r) + "/git/trees/" + c.getTree().name());
        inner.put("url", repoApi(r) + "/git/commits/" + c.name());
        inner.put("comment_count", 0);
        inner.putObject("verification").put("verified", false).put("reason", "unsigned").putNull("signature")
                .putNull("payload");
        node.put("url", repoApi(r) + "/commits/" + c.name());
        node.put("html_url", repoHtml(r) + "/commit/" + c.name());
        node.put("comments_url", repoApi(r) + "/commits/" + c.name() + "/comments");
        node.set("author", user(c.getAuthorIdent().getName()));
        node.set("committer", user(c.getCommitterIdent().getName()));
        node.set("parents", parents(r, c));
        return node;
    }

    /** The Git-data "commit" object (as in the answer of {@code PUT contents}). */
    ObjectNode gitCommit(RepoState r, RevCommit c) {
        ObjectNode node = json.createObjectNode();
        node.put("sha", c.name());
        node.put("node_id", nodeId("C", c.name().hashCode()));
        node.put("url", repoApi(r) + "/git/commits/" + c.name());
        node.put("html_url", repoHtml(r) + "/commit/" + c.name());
        node.set("author", ident(c.getAuthorIdent()));
        node.set("committer", ident(c.getCommitterIdent()));
        node.put("message", c.getFullMessage());
        ObjectNode tree = node.putObject("tree");
        tree.put("sha", c.getTree().name());
        tree.put("url", repoApi(r) + "/git/trees/" + c.getTree().name());
        node.set("parents", parents(r, c));
        node.putObject("verification").put("verified", false).put("reason", "unsigned").putNull("signature")
                .putNull("payload");
        return node;
    }

    ArrayNode parents(RepoState r, RevCommit c) {
        ArrayNode parents = json.createArrayNode();
        for (RevCommit p : c.getParents()) {
            parents.addObject().put("sha", p.name()).put("url", repoApi(r) + "/commits/" + p.name())
                    .put("html_url", repoHtml(r) + "/commit/" + p.name());
        }
        return parents;
    }

    ObjectNode ident(PersonIdent who) {
        ObjectNode node = json.createObjectNode();
        node.put("name", who.getName());
        node.put("email", who.getEmailAddress());
        node.put("date", time(who.getWhenAsInstant()));
        return node;
    }

    ArrayNode labels(RepoState r, Pull p) {
        ArrayNode list = json.createArrayNode();
        for (String name : p.labels) {
            ObjectNode label = list.addObject();
            long id = r.labelIds.get(name);
            label.put("id", id);
            label.put("node_id", nodeId("LA", id));
            label.put("url", repoApi(r) + "/labels/" + encode(name).replace("+", "%20"));
            label.put("name", name);
            label.put("color", "ededed");
            label.put("default", false);
            label.putNull("description");
        }
        return list;
    }

    ObjectNode comment(RepoState r, Pull p, Comment c) {
        ObjectNode node = json.createObjectNode();
        node.put("id", c.id());
        node.put("node_id", nodeId("IC", c.id()));
        node.put("url", repoApi(r) + "/issues/comments/" + c.id());
        node.put("html_url", repoHtml(r) + "/pull/" + p.number + "#issuecomment-" + c.id());
        node.put("issue_url", repoApi(r) + "/issues/" + p.number);
        node.put("body", c.body());
        node.set("user", user(c.user()));
        node.put("created_at", time(c.createdAt()));
        node.put("updated_at", time(c.createdAt()));
        node.put("author_association", "MEMBER");
        return node;
    }

    ObjectNode issue(RepoState r, Pull p) {
        ObjectNode node = json.createObjectNode();
        node.put("url", repoApi(r) + "/issues/" + p.number);
        node.put("repository_url", repoApi(r));
        node.put("labels_url", repoApi(r) + "/issues/" + p.number + "/labels{/name}");
        node.put("comments_url", repoApi(r) + "/issues/" + p.number + "/comments");
        node.put("html_url", repoHtml(r) + "/pull/" + p.number);
        node.put("id", p.id);
        node.put("node_id", nodeId("I", p.id));
        node.put("number", p.number);
        node.put("title", p.title);
        node.set("user", user(p.author));
        node.set("labels", labels(r, p));
        node.put("state", p.state);
        node.put("locked", false);
        node.set("assignee", p.assignees.isEmpty() ? NullNode.getInstance() : user(p.assignees.iterator().next()));
        node.set("assignees", users(p.assignees));
        node.putNull("milestone");
        node.put("comments", p.comments.size());
        node.put("created_at", time(p.createdAt));
        node.put("updated_at", time(p.updatedAt));
        putTime(node, "closed_at", p.closedAt);
        node.put("author_association", "MEMBER");
        node.put("draft", p.draft);
        ObjectNode pr = node.putObject("pull_request");
        pr.put("url", repoApi(r) + "/pulls/" + p.number);
        pr.put("html_url", repoHtml(r) + "/pull/" + p.number);
        pr.put("diff_url", repoHtml(r) + "/pull/" + p.number + ".diff");
        pr.put("patch_url", repoHtml(r) + "/pull/" + p.number + ".patch");
        putTime(pr, "merged_at", p.mergedAt);
        if (p.body == null) {
            node.putNull("body");
        } else {
            node.put("body", p.body);
        }
        return node;
    }

    PullRequestSnapshot snapshot(RepoState r, Pull p) {
        return new PullRequestSnapshot(r.owner, r.name, p.number, p.title, p.body, p.state, p.merged,
                p.mergeCommitSha, List.copyOf(p.labels), List.copyOf(p.assignees), List.copyOf(p.reviewers),
                List.copyOf(p.teams), p.headRef, headSha(r, p), p.baseRef, p.draft, p.autoMergeMethod != null,
                p.autoMergeMethod, p.comments.stream().map(Comment::body).toList(), p.author);
    }

    String headSha(RepoState r, Pull p) {
        if (p.state.equals("open")) {
            ObjectId tip = r.git.branchHead(p.headRef);
            if (tip != null) {
                return tip.name();
            }
        }
        return p.lastHeadSha;
    }

    ObjectNode pull(RepoState r, Pull p) {
        String api = repoApi(r) + "/pulls/" + p.number;
        String html = repoHtml(r) + "/pull/" + p.number;
        ObjectNode node = json.createObjectNode();
        node.put("url", api);
        node.put("id", p.id);
        node.put("node_id", nodeId(r, p));
        node.put("html_url", html);
        node.put("diff_url", html + ".diff");
        node.put("patch_url", html + ".patch");
        node.put("issue_url", repoApi(r) + "/issues/" + p.number);
        node.put("commits_url", api + "/commits");
        node.put("review_comments_url", api + "/comments");
        node.put("review_comment_url", repoApi(r) + "/pulls/comments{/number}");
        node.put("comments_url", repoApi(r) + "/issues/" + p.number + "/comments");
        String headSha = headSha(r, p);
        node.put("statuses_url", repoApi(r) + "/statuses/" + headSha);
        node.put("number", p.number);
        node.put("state", p.state);
        node.put("locked", false);
        node.put("title", p.title);
        node.set("user", user(p.author));
        if (p.body == null) {
            node.putNull("body");
        } else {
            node.put("body", p.body);
        }
        node.set("labels", labels(r, p));
        node.putNull("milestone");
        node.putNull("active_lock_reason");
        node.put("created_at", time(p.createdAt));
        node.put("updated_at", time(p.updatedAt));
        putTime(node, "closed_at", p.closedAt);
        putTime(node, "merged_at", p.mergedAt);
        if (p.mergeCommitSha == null) {
            node.putNull("merge_commit_sha");
        } else {
            node.put("merge_commit_sha", p.mergeCommitSha);
        }
        node.set("assignee", p.assignees.isEmpty() ? NullNode.getInstance() : user(p.assignees.iterator().next()));
        node.set("assignees", users(p.assignees));
        node.set("requested_reviewers", users(p.reviewers));
        ArrayNode teams = node.putArray("requested_teams");
        p.teams.forEach(slug -> teams.add(team(r, slug)));
        node.set("head", end(r, p.headRef, headSha));
        ObjectId baseTip = r.git.branchHead(p.baseRef);
        node.set("base", end(r, p.baseRef, baseTip == null ? null : baseTip.name()));
        ObjectNode links = node.putObject("_links");
        links.putObject("self").put("href", api);
        links.putObject("html").put("href", html);
        links.putObject("issue").put("href", repoApi(r) + "/issues/" + p.number);
        links.putObject("comments").put("href", repoApi(r) + "/issues/" + p.number + "/comments");
        links.putObject("commits").put("href", api + "/commits");
        links.putObject("statuses").put("href", repoApi(r) + "/statuses/" + headSha);
        node.put("author_association", "MEMBER");
        if (p.autoMergeMethod == null) {
            node.putNull("auto_merge");
        } else {
            ObjectNode auto = node.putObject("auto_merge");
            auto.set("enabled_by", user(p.autoMergeBy));
            auto.put("merge_method", p.autoMergeMethod.toLowerCase(Locale.ROOT));
            auto.put("commit_title", p.title + " (#" + p.number + ")");
            auto.put("commit_message", "");
        }
        node.put("draft", p.draft);
        node.put("merged", p.merged);
        boolean open = p.state.equals("open");
        ObjectId tip = r.git.branchHead(p.headRef);
        Boolean mergeable = open && tip != null ? r.git.mergeable(p.baseRef, tip) : null;
        if (mergeable == null) {
            node.putNull("mergeable");
        } else {
            node.put("mergeable", mergeable);
        }
        node.put("rebaseable", false);
        node.put("mergeable_state", mergeable == null ? "unknown" : mergeable ? (p.draft ? "draft" : "clean")
                : "dirty");
        node.set("merged_by", p.mergedBy == null ? NullNode.getInstance() : user(p.mergedBy));
        node.put("comments", p.comments.size());
        node.put("review_comments", 0);
        node.put("maintainer_can_modify", p.maintainerCanModify);
        int commits = 0;
        if (baseTip != null && headSha != null && r.git.resolveCommit(headSha) != null) {
            commits = r.git.commitsAhead(p.merged ? r.git.resolveCommit(p.mergeCommitSha).getParent(0) : baseTip,
                    ObjectId.fromString(headSha));
        }
        node.put("commits", commits);
        return node;
    }

    ObjectNode end(RepoState r, String ref, String sha) {
        ObjectNode node = json.createObjectNode();
        node.put("label", r.owner + ":" + ref);
        node.put("ref", ref);
        if (sha == null) {
            node.putNull("sha");
        } else {
            node.put("sha", sha);
        }
        node.set("user", user(r.owner));
        node.set("repo", repo(r));
        return node;
    }

    ObjectNode repo(RepoState r) {
        ObjectNode node = json.createObjectNode();
        node.put("id", r.id);
        node.put("node_id", nodeId("R_", r.id));
        node.put("name", r.name);
        node.put("full_name", r.fullName());
        node.put("private", true);
        node.set("owner", user(r.owner));
        node.put("html_url", repoHtml(r));
        node.putNull("description");
        node.put("fork", false);
        node.put("url", repoApi(r));
        node.put("pulls_url", repoApi(r) + "/pulls{/number}");
        node.put("contents_url", repoApi(r) + "/contents/{+path}");
        node.put("git_refs_url", repoApi(r) + "/git/refs{/sha}");
        node.put("clone_url", repoHtml(r) + ".git");
        node.put("git_url", repoHtml(r).replaceFirst("^http", "git") + ".git");
        node.put("ssh_url", "git@127.0.0.1:" + r.fullName() + ".git");
        node.put("created_at", time(r.createdAt));
        node.put("updated_at", time(r.pushedAt));
        node.put("pushed_at", time(r.pushedAt));
        node.put("size", 1);
        node.put("default_branch", r.defaultBranch);
        node.put("visibility", "private");
        node.put("archived", false);
        node.put("disabled", false);
        node.put("has_issues", true);
        node.put("has_wiki", false);
        node.put("open_issues_count", r.pulls.values().stream().filter(p -> p.state.equals("open")).count());
        node.put("allow_merge_commit", true);
        node.put("allow_squash_merge", true);
        node.put("allow_rebase_merge", false);
        node.put("allow_auto_merge", true);
        node.put("delete_branch_on_merge", false);
        ObjectNode perms = node.putObject("permissions");
        perms.put("admin", false);
        perms.put("maintain", false);
        perms.put("push", true);
        perms.put("triage", true);
        perms.put("pull", true);
        return node;
    }

    ObjectNode user(String login) {
        ObjectNode node = json.createObjectNode();
        node.put("login", login);
        node.put("id", userId(login));
        node.put("node_id", nodeId("U_", userId(login)));
        node.put("avatar_url", gh.apiUrl() + "/avatars/" + login);
        node.put("gravatar_id", "");
        node.put("url", gh.apiUrl() + "/users/" + login);
        node.put("html_url", gh.apiUrl() + "/" + login);
        node.put("type", login.endsWith("[bot]") ? "Bot" : login.equals("heal8s") ? "Organization" : "User");
        node.put("site_admin", false);
        return node;
    }

    ArrayNode users(Collection<String> logins) {
        ArrayNode list = json.createArrayNode();
        logins.forEach(login -> list.add(user(login)));
        return list;
    }

    ObjectNode team(RepoState r, String slug) {
        ObjectNode node = json.createObjectNode();
        long id = Math.abs((long) (r.owner + "/" + slug).hashCode()) + 1;
        node.put("id", id);
        node.put("node_id", nodeId("T_", id));
        node.put("name", slug);
        node.put("slug", slug);
        node.put("url", gh.apiUrl() + "/orgs/" + r.owner + "/teams/" + slug);
        node.put("html_url", gh.apiUrl() + "/orgs/" + r.owner + "/teams/" + slug);
        node.put("privacy", "closed");
        node.put("permission", "pull");
        return node;
    }

    ObjectNode rateLimitBody() {
        ObjectNode core = json.createObjectNode();
        core.put("limit", gh.rateLimit);
        core.put("remaining", gh.rateRemaining);
        core.put("reset", gh.rateReset);
        core.put("used", gh.rateLimit - gh.rateRemaining);
        core.put("resource", "core");
        ObjectNode node = json.createObjectNode();
        ObjectNode resources = node.putObject("resources");
        resources.set("core", core);
        ObjectNode graphql = resources.putObject("graphql");
        graphql.put("limit", 5000).put("remaining", 5000).put("reset", gh.rateReset).put("used", 0)
                .put("resource", "graphql");
        ObjectNode search = resources.putObject("search");
        search.put("limit", 30).put("remaining", 30).put("reset", gh.rateReset).put("used", 0)
                .put("resource", "search");
        node.set("rate", core.deepCopy());
        return node;
    }

    String repoApi(RepoState r) {
        return gh.apiUrl() + "/repos/" + r.fullName();
    }

    String repoHtml(RepoState r) {
        return gh.apiUrl() + "/" + r.fullName();
    }

    String nodeId(RepoState r, Pull p) {
        return nodeId("PR_", p.id);
    }

    static String nodeId(String prefix, long id) {
        return prefix + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("fake:" + id).getBytes(StandardCharsets.UTF_8));
    }

    static long userId(String login) {
        return Math.abs((long) login.toLowerCase(Locale.ROOT).hashCode()) % 100_000_000L + 1;
    }

    static String time(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static void putTime(ObjectNode node, String field, Instant instant) {
        if (instant == null) {
            node.putNull(field);
        } else {
            node.put(field, time(instant));
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String encodePath(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            parts.add(encode(part).replace("+", "%20"));
        }
        return String.join("/", parts);
    }

    /** One page of a list, with GitHub's {@code Link} header when there are more. */

    Reply page(List<JsonNode> items, Map<String, String> q, String url) {
        int perPage = (int) Math.min(100, Math.max(1, Fields.parseLongOr(q.get("per_page"), 30)));
        int page = (int) Math.max(1, Fields.parseLongOr(q.get("page"), 1));
        int last = Math.max(1, (items.size() + perPage - 1) / perPage);
        ArrayNode list = json.createArrayNode();
        int from = (page - 1) * perPage;
        for (int i = from; i < Math.min(items.size(), from + perPage); i++) {
            list.add(items.get(i));
        }
        Reply response = new Reply(200, list);
        if (last > 1) {
            StringBuilder query = new StringBuilder();
            q.forEach((k, v) -> {
                if (!k.equals("page") && !k.equals("per_page")) {
                    query.append(encode(k)).append('=').append(encode(v)).append('&');
                }
            });
            String base = url + "?" + query + "per_page=" + perPage + "&page=";
            List<String> links = new ArrayList<>();
            if (page < last) {
                links.add("<" + base + (page + 1) + ">; rel=\"next\"");
                links.add("<" + base + last + ">; rel=\"last\"");
            }
            if (page > 1) {
                links.add("<" + base + 1 + ">; rel=\"first\"");
                links.add("<" + base + (page - 1) + ">; rel=\"prev\"");
            }
            response.header("Link", String.join(", ", links));
        }
        return response;
    }
}
