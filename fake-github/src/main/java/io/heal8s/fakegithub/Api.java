package io.heal8s.fakegithub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;

import io.heal8s.fakegithub.FakeGitHub.Comment;
import io.heal8s.fakegithub.FakeGitHub.Pull;
import io.heal8s.fakegithub.FakeGitHub.RepoState;
import io.heal8s.fakegithub.FakeGitHub.ScriptedFailure;

/**
 * The HTTP side of {@link FakeGitHub}: authentication, rate limits, scripted failures, routing and the JSON shapes of
 * docs.github.com. Every handler runs under the fake's lock.
 */
final class Api {

    private static final String DOCS = "https://docs.github.com/rest";
    private static final Pattern PR_ID = Pattern.compile("pullRequestId\\s*:\\s*(?:\"([^\"]*)\"|\\$(\\w+))");
    private static final Pattern MERGE_METHOD = Pattern.compile("mergeMethod\\s*:\\s*(?:\\$(\\w+)|(\\w+))");

    private final FakeGitHub gh;
    private final ObjectMapper json = new ObjectMapper();

    /** Who called: a user (static token) or an app installation (installation token). */
    private record Caller(String login, boolean installation) {
    }

    /** An answer before it is written. */
    private static final class Response {
        final int status;
        final JsonNode body;
        final Map<String, String> headers = new LinkedHashMap<>();

        Response(int status, JsonNode body) {
            this.status = status;
            this.body = body;
        }

        Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    Api(FakeGitHub gh) {
        this.gh = gh;
    }

    // ------------------------------------------------------------------ transport

    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
            if (override != null && "POST".equals(method)) {
                method = override.toUpperCase(Locale.ROOT);
            }
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = readBounded(exchange.getRequestBody());
            Response response;
            synchronized (gh.lock) {
                if (body == null) {
                    response = error(new ApiException(413, "Request body too large (limit "
                            + FakeGitHub.MAX_BODY_BYTES + " bytes)", DOCS));
                    body = new byte[0];
                } else {
                    response = serve(method, path, query, body, auth);
                }
                rateHeaders(response);
                gh.requests.add(new RecordedRequest(method, path, query, response.status,
                        new String(body, StandardCharsets.UTF_8)));
            }
            write(exchange, response);
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(FakeGitHub.MAX_BODY_BYTES + 1);
        return bytes.length > FakeGitHub.MAX_BODY_BYTES ? null : bytes;
    }

    private void write(HttpExchange exchange, Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json; charset=utf-8");
        headers.set("X-GitHub-Media-Type", "github.v3; format=json");
        headers.set("X-GitHub-Api-Version-Selected", "2022-11-28");
        headers.set("X-GitHub-Request-Id", UUID.randomUUID().toString().toUpperCase(Locale.ROOT));
        headers.set("Server", "GitHub.com (fake)");
        response.headers.forEach(headers::set);
        if (response.status == 204 || response.body == null) {
            exchange.sendResponseHeaders(response.status, -1);
            return;
        }
        byte[] bytes = json.writeValueAsBytes(response.body);
        exchange.sendResponseHeaders(response.status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Response serve(String method, String rawPath, String query, byte[] rawBody, String auth) {
        try {
            List<String> seg = segments(rawPath);
            Map<String, String> q = parseQuery(query);
            JsonNode body = parseBody(rawBody);
            ScriptedFailure failure = gh.failures.poll();
            if (failure != null) {
                Response r = new Response(failure.status(), errorBody(failure.message(), DOCS, List.of()));
                if (failure.retryAfterSeconds() > 0) {
                    r.header("Retry-After", Integer.toString(failure.retryAfterSeconds()));
                }
                return r;
            }
            if (!seg.isEmpty() && seg.get(0).equals("app")) {
                return app(method, seg, auth);
            }
            Caller caller = authenticate(auth);
            if (!(seg.size() == 1 && seg.get(0).equals("rate_limit"))) {
                consumeRateLimit(caller);
            }
            return route(method, seg, q, body, caller);
        } catch (ApiException e) {
            return error(e);
        }
    }

    private Response error(ApiException e) {
        Response r = new Response(e.status, errorBody(e.getMessage(), e.documentationUrl, e.errors));
        e.headers.forEach(r::header);
        return r;
    }

    private ObjectNode errorBody(String message, String documentationUrl, List<Map<String, Object>> errors) {
        ObjectNode body = json.createObjectNode();
        body.put("message", message);
        if (!errors.isEmpty()) {
            body.set("errors", json.valueToTree(errors));
        }
        body.put("documentation_url", documentationUrl);
        return body;
    }

    private JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            return node == null ? json.createObjectNode() : node;
        } catch (IOException e) {
            throw new ApiException(400, "Problems parsing JSON", DOCS);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> seg = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                seg.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        // GitHub Enterprise clients put the API under /api/v3.
        if (seg.size() >= 2 && seg.get(0).equals("api") && seg.get(1).equals("v3")) {
            return new ArrayList<>(seg.subList(2, seg.size()));
        }
        return seg;
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> q = new HashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    // ------------------------------------------------------------------ auth and limits

    private static String credential(String auth) {
        if (auth == null) {
            return null;
        }
        String a = auth.trim();
        for (String scheme : List.of("token ", "bearer ")) {
            if (a.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return a.substring(scheme.length()).trim();
            }
        }
        return "";
    }

    private Caller authenticate(String auth) {
        String token = credential(auth);
        if (token == null) {
            throw new ApiException(401, "Requires authentication", DOCS);
        }
        String login = gh.staticTokens.get(token);
        if (login != null) {
            return new Caller(login, false);
        }
        Instant expires = gh.installationTokens.get(token);
        if (expires != null && expires.isAfter(gh.clock.instant())) {
            return new Caller(appSlug() + "[bot]", true);
        }
        throw new ApiException(401, "Bad credentials", DOCS);
    }

    private void consumeRateLimit(Caller caller) {
        long now = gh.clock.instant().getEpochSecond();
        if (now >= gh.rateReset) {
            gh.rateRemaining = gh.rateLimit;
            gh.rateReset = now + 3600;
        }
        if (gh.rateRemaining <= 0) {
            String who = caller.installation() ? "installation ID 1" : "user ID " + userId(caller.login());
            throw new ApiException(403, "API rate limit exceeded for " + who + ". If you reach out to GitHub Support"
                    + " for help, please include the request ID.",
                    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api");
        }
        gh.rateRemaining--;
    }

    private void rateHeaders(Response r) {
        r.header("X-RateLimit-Limit", Integer.toString(gh.rateLimit));
        r.header("X-RateLimit-Remaining", Integer.toString(gh.rateRemaining));
        r.header("X-RateLimit-Reset", Long.toString(gh.rateReset));
        r.header("X-RateLimit-Used", Integer.toString(gh.rateLimit - gh.rateRemaining));
        r.header("X-RateLimit-Resource", "core");
    }

    private Response app(String method, List<String> seg, String auth) {
        String jwt = credential(auth);
        if (jwt == null) {
            throw new ApiException(401, "A JSON web token could not be decoded", DOCS);
        }
        long appId = JwtVerifier.verify(jwt, gh.apps, gh.clock.instant(), json);
        if (seg.size() == 1 && method.equals("GET")) {
            ObjectNode app = json.createObjectNode();
            app.put("id", appId);
            app.put("slug", appSlug());
            app.put("node_id", nodeId("A", appId));
            app.set("owner", user("heal8s"));
            app.put("name", "heal8s");
            app.put("description", "heal8s remediation pull requests");
            app.put("external_url", "https://heal8s.io");
            app.put("html_url", gh.apiUrl() + "/apps/" + appSlug());
            app.put("created_at", time(Instant.EPOCH));
            app.put("updated_at", time(Instant.EPOCH));
            app.set("permissions", permissions());
            app.set("events", json.createArrayNode().add("pull_request"));
            app.put("installations_count", gh.installations.values().stream().filter(a -> a == appId).count());
            return new Response(200, app);
        }
        if (seg.size() >= 3 && seg.get(1).equals("installations")) {
            long installationId = parseLong(seg.get(2));
            Long owner = gh.installations.get(installationId);
            if (owner == null || owner != appId) {
                throw ApiException.notFound(DOCS + "/apps/apps#get-an-installation-for-the-authenticated-app");
            }
            if (seg.size() == 3 && method.equals("GET")) {
                return new Response(200, installation(installationId, appId));
            }
            if (seg.size() == 4 && seg.get(3).equals("access_tokens") && method.equals("POST")) {
                String token = "ghs_" + UUID.randomUUID().toString().replace("-", "")
                        + Long.toHexString(gh.ids.incrementAndGet());
                Instant expires = gh.now().plus(gh.installationTokenLifetime);
                gh.installationTokens.put(token, expires);
                ObjectNode body = json.createObjectNode();
                body.put("token", token);
                body.put("expires_at", time(expires));
                body.set("permissions", permissions());
                body.put("repository_selection", "all");
                return new Response(201, body);
            }
        }
        throw ApiException.notFound(DOCS);
    }

    private ObjectNode installation(long installationId, long appId) {
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

    private ObjectNode permissions() {
        ObjectNode p = json.createObjectNode();
        p.put("contents", "write");
        p.put("pull_requests", "write");
        p.put("issues", "write");
        p.put("metadata", "read");
        return p;
    }

    private static String appSlug() {
        return "heal8s";
    }

    // ------------------------------------------------------------------ routing

    private Response route(String method, List<String> seg, Map<String, String> q, JsonNode body, Caller caller) {
        if (seg.size() == 1 && seg.get(0).equals("user") && method.equals("GET")) {
            if (caller.installation()) {
                throw new ApiException(403, "Resource not accessible by integration",
                        DOCS + "/users/users#get-the-authenticated-user");
            }
            return new Response(200, user(caller.login()));
        }
        if (seg.size() == 2 && seg.get(0).equals("users") && method.equals("GET")) {
            return new Response(200, user(seg.get(1)));
        }
        if (seg.size() == 1 && seg.get(0).equals("rate_limit") && method.equals("GET")) {
            return new Response(200, rateLimitBody());
        }
        if (seg.size() == 1 && seg.get(0).equals("graphql") && method.equals("POST")) {
            return graphql(body, caller);
        }
        if (seg.size() >= 3 && seg.get(0).equals("repos")) {
            RepoState r = gh.repos.get(FakeGitHub.key(seg.get(1), seg.get(2)));
            if (r == null) {
                throw ApiException.notFound(DOCS + "/repos/repos#get-a-repository");
            }
            List<String> rest = seg.subList(3, seg.size());
            return repoRoute(method, r, rest, q, body, caller);
        }
        throw ApiException.notFound(DOCS);
    }

    private Response repoRoute(String method, RepoState r, List<String> rest, Map<String, String> q, JsonNode body,
                               Caller caller) {
        if (rest.isEmpty()) {
            if (method.equals("GET")) {
                return new Response(200, repo(r));
            }
            throw ApiException.notFound(DOCS);
        }
        String head = rest.get(0);
        String tail = String.join("/", rest.subList(1, rest.size()));
        switch (head) {
            case "contents":
                if (method.equals("GET")) {
                    return getContents(r, tail, q);
                }
                if (method.equals("PUT")) {
                    return putContents(r, tail, body, caller);
                }
                break;
            case "git":
                return git(method, r, rest.subList(1, rest.size()), body, caller);
            case "branches":
                if (method.equals("GET") && !tail.isEmpty()) {
                    return branch(r, tail);
                }
                break;
            case "commits":
                if (method.equals("GET") && !tail.isEmpty()) {
                    RevCommit c = r.git.resolveCommit(tail);
                    if (c == null) {
                        throw new ApiException(422, "No commit found for SHA: " + tail,
                                DOCS + "/commits/commits#get-a-commit");
                    }
                    return new Response(200, commit(r, c));
                }
                break;
            case "pulls":
                return pulls(method, r, rest.subList(1, rest.size()), q, body, caller);
            case "issues":
                return issues(method, r, rest.subList(1, rest.size()), q, body, caller);
            default:
                break;
        }
        throw ApiException.notFound(DOCS);
    }

    // ------------------------------------------------------------------ contents

    private Response getContents(RepoState r, String path, Map<String, String> q) {
        String ref = q.getOrDefault("ref", r.defaultBranch);
        RevCommit c = r.git.resolveCommit(ref);
        if (c == null) {
            throw ApiException.notFound(DOCS + "/repos/contents#get-repository-content")
                    .withMessage("No commit found for the ref " + ref);
        }
        GitRepo.Blob blob = path.isEmpty() ? null : r.git.file(c, path);
        if (blob != null) {
            ObjectNode node = contentNode(r, path, blob.id(), blob.bytes().length, ref, false);
            node.put("content", Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(blob.bytes()) + "\n");
            node.put("encoding", "base64");
            return new Response(200, node);
        }
        List<GitRepo.Entry> entries = r.git.directory(c, path);
        if (entries == null) {
            throw ApiException.notFound(DOCS + "/repos/contents#get-repository-content");
        }
        ArrayNode list = json.createArrayNode();
        for (GitRepo.Entry e : entries) {
            list.add(contentNode(r, e.path(), e.id(), e.size(), ref, e.directory()));
        }
        return new Response(200, list);
    }

    private ObjectNode contentNode(RepoState r, String path, ObjectId id, long size, String ref, boolean dir) {
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

    private Response putContents(RepoState r, String path, JsonNode body, Caller caller) {
        String docs = DOCS + "/repos/contents#create-or-update-file-contents";
        if (path.isEmpty()) {
            throw ApiException.notFound(docs);
        }
        String message = text(body, "message");
        String content = text(body, "content");
        if (message == null) {
            throw new ApiException(422, "Invalid request.\n\n\"message\" wasn't supplied.", docs);
        }
        if (content == null) {
            throw new ApiException(422, "Invalid request.\n\n\"content\" wasn't supplied.", docs);
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            throw new ApiException(422, "content is not valid Base64", docs);
        }
        String branch = text(body, "branch") == null ? r.defaultBranch : text(body, "branch");
        ObjectId tip = r.git.branchHead(branch);
        if (tip == null) {
            throw new ApiException(404, "Branch " + branch + " not found", docs);
        }
        RevCommit parent = r.git.resolveCommit(tip.name());
        GitRepo.Blob existing = r.git.file(parent, path);
        String sha = text(body, "sha");
        if (existing != null && sha == null) {
            throw new ApiException(422, "Invalid request.\n\n\"sha\" wasn't supplied.", docs);
        }
        if (existing != null && !existing.id().name().equals(sha)) {
            throw new ApiException(409, path + " does not match " + sha, docs);
        }
        Instant now = gh.now();
        PersonIdent committer = person(body.get("committer"), caller, now);
        PersonIdent author = body.hasNonNull("author") ? person(body.get("author"), caller, now) : committer;
        Map<String, byte[]> change = new HashMap<>();
        change.put(path, bytes);
        RevCommit commit = r.git.commit(branch, parent, change, message, author, committer);
        r.pushedAt = now;
        branchMoved(r, branch, caller.login());
        GitRepo.Blob written = r.git.file(commit, path);
        ObjectNode answer = json.createObjectNode();
        answer.set("content", contentNode(r, path, written.id(), written.bytes().length, branch, false));
        answer.set("commit", gitCommit(r, commit));
        return new Response(existing == null ? 201 : 200, answer);
    }

    private static PersonIdent person(JsonNode node, Caller caller, Instant now) {
        String name = node == null ? null : text(node, "name");
        String email = node == null ? null : text(node, "email");
        return GitRepo.person(name == null ? caller.login() : name,
                email == null ? caller.login() + "@users.noreply.github.com" : email, now);
    }

    // ------------------------------------------------------------------ git refs, branches, commits

    private Response git(String method, RepoState r, List<String> rest, JsonNode body, Caller caller) {
        String docs = DOCS + "/git/refs";
        if (rest.isEmpty()) {
            throw ApiException.notFound(docs);
        }
        String kind = rest.get(0);
        String name = String.join("/", rest.subList(1, rest.size()));
        if (kind.equals("ref") && method.equals("GET")) {
            String branch = headsBranch(name);
            if (branch == null || r.git.branchHead(branch) == null) {
                throw ApiException.notFound(docs + "#get-a-reference");
            }
            return new Response(200, ref(r, branch));
        }
        if (!kind.equals("refs")) {
            throw ApiException.notFound(docs);
        }
        if (name.isEmpty() && method.equals("POST")) {
            return createRef(r, body, caller);
        }
        if (method.equals("GET")) {
            String branch = headsBranch(name);
            if (branch != null && r.git.branchHead(branch) != null) {
                return new Response(200, ref(r, branch));
            }
            // Like GitHub: no exact match lists the refs under that prefix, or 404 when there are none.
            String prefix = name.isEmpty() ? "" : name + "/";
            ArrayNode matches = json.createArrayNode();
            for (String b : r.git.branches()) {
                if (("heads/" + b).startsWith(prefix)) {
                    matches.add(ref(r, b));
                }
            }
            if (matches.isEmpty()) {
                throw ApiException.notFound(docs + "#get-a-reference");
            }
            return new Response(200, matches);
        }
        String branch = headsBranch(name);
        if (branch == null) {
            throw ApiException.notFound(docs);
        }
        ObjectId current = r.git.branchHead(branch);
        if (method.equals("PATCH")) {
            if (current == null) {
                throw new ApiException(422, "Reference does not exist", docs + "#update-a-reference");
            }
            String sha = text(body, "sha");
            if (sha == null) {
                throw new ApiException(422, "Invalid request.\n\n\"sha\" wasn't supplied.",
                        docs + "#update-a-reference");
            }
            if (!r.git.hasCommit(sha)) {
                throw new ApiException(422, "Object does not exist", docs + "#update-a-reference");
            }
            ObjectId target = ObjectId.fromString(sha);
            boolean force = body.path("force").asBoolean(false);
            if (!force && !r.git.isAncestor(current, target)) {
                throw new ApiException(422, "Update is not a fast forward", docs + "#update-a-reference");
            }
            r.git.setBranch(branch, current, target);
            r.pushedAt = gh.now();
            branchMoved(r, branch, caller.login());
            return new Response(200, ref(r, branch));
        }
        if (method.equals("DELETE")) {
            if (current == null) {
                throw new ApiException(422, "Reference does not exist", docs + "#delete-a-reference");
            }
            r.git.setBranch(branch, current, null);
            // GitHub closes the open pull requests whose head branch is deleted.
            for (Pull p : r.pulls.values()) {
                if (p.state.equals("open") && p.headRef.equals(branch)) {
                    p.lastHeadSha = current.name();
                    closePull(r, p, caller.login());
                }
            }
            return new Response(204, null);
        }
        throw ApiException.notFound(docs);
    }

    private static String headsBranch(String name) {
        return name.startsWith("heads/") && name.length() > "heads/".length() ? name.substring("heads/".length())
                : null;
    }

    private Response createRef(RepoState r, JsonNode body, Caller caller) {
        String docs = DOCS + "/git/refs#create-a-reference";
        String ref = text(body, "ref");
        String sha = text(body, "sha");
        if (ref == null) {
            throw new ApiException(422, "Invalid request.\n\n\"ref\" wasn't supplied.", docs);
        }
        if (sha == null) {
            throw new ApiException(422, "Invalid request.\n\n\"sha\" wasn't supplied.", docs);
        }
        if (!ref.startsWith("refs/heads/") || ref.length() == "refs/heads/".length() || ref.contains("..")
                || ref.endsWith("/") || ref.endsWith(".lock") || ref.matches(".*[\\s~^:?*\\[\\\\].*")) {
            throw new ApiException(422, "Reference name is invalid", docs);
        }
        if (!r.git.hasCommit(sha)) {
            throw new ApiException(422, "Object does not exist", docs);
        }
        String branch = ref.substring("refs/heads/".length());
        if (r.git.branchHead(branch) != null) {
            throw new ApiException(422, "Reference already exists", docs);
        }
        RefUpdate.Result result = r.git.setBranch(branch, null, ObjectId.fromString(sha));
        if (result != RefUpdate.Result.NEW) {
            throw new ApiException(422, "Reference cannot be created: " + result, docs);
        }
        r.pushedAt = gh.now();
        ObjectNode node = ref(r, branch);
        return new Response(201, node).header("Location", node.get("url").asText());
    }

    private ObjectNode ref(RepoState r, String branch) {
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

    private Response branch(RepoState r, String name) {
        ObjectId id = r.git.branchHead(name);
        if (id == null) {
            throw ApiException.notFound(DOCS + "/branches/branches#get-a-branch").withMessage("Branch not found");
        }
        ObjectNode node = json.createObjectNode();
        node.put("name", name);
        node.set("commit", commit(r, r.git.resolveCommit(id.name())));
        ObjectNode links = node.putObject("_links");
        links.put("self", repoApi(r) + "/branches/" + name);
        links.put("html", repoHtml(r) + "/tree/" + name);
        node.put("protected", false);
        ObjectNode protection = node.putObject("protection");
        protection.put("enabled", false);
        protection.putObject("required_status_checks").put("enforcement_level", "off")
                .set("contexts", json.createArrayNode());
        node.put("protection_url", repoApi(r) + "/branches/" + name + "/protection");
        return new Response(200, node);
    }

    /** The REST "commit" object of {@code GET /repos/o/r/commits/{ref}}. */
    private ObjectNode commit(RepoState r, RevCommit c) {
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
    private ObjectNode gitCommit(RepoState r, RevCommit c) {
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

    private ArrayNode parents(RepoState r, RevCommit c) {
        ArrayNode parents = json.createArrayNode();
        for (RevCommit p : c.getParents()) {
            parents.addObject().put("sha", p.name()).put("url", repoApi(r) + "/commits/" + p.name())
                    .put("html_url", repoHtml(r) + "/commit/" + p.name());
        }
        return parents;
    }

    private ObjectNode ident(PersonIdent who) {
        ObjectNode node = json.createObjectNode();
        node.put("name", who.getName());
        node.put("email", who.getEmailAddress());
        node.put("date", time(who.getWhenAsInstant()));
        return node;
    }

    // ------------------------------------------------------------------ pull requests

    private Response pulls(String method, RepoState r, List<String> rest, Map<String, String> q, JsonNode body,
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
                return new Response(200, pull(r, p));
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
                    return new Response(204, null);
                }
                throw ApiException.notFound(DOCS + "/pulls/pulls#check-if-a-pull-request-has-been-merged");
            }
        } else if (rest.size() == 2 && rest.get(1).equals("requested_reviewers")) {
            return reviewers(method, r, p, body);
        }
        throw ApiException.notFound(DOCS);
    }

    private Response createPull(RepoState r, JsonNode body, Caller caller) {
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
        ObjectNode node = pull(r, p);
        return new Response(201, node).header("Location", node.get("url").asText());
    }

    private Response listPulls(RepoState r, Map<String, String> q) {
        String state = q.getOrDefault("state", "open");
        if (!List.of("open", "closed", "all").contains(state)) {
            throw ApiException.invalidField("PullRequest", "state", "invalid", DOCS + "/pulls/pulls");
        }
        String head = q.get("head");
        String base = q.get("base");
        List<JsonNode> items = new ArrayList<>();
        List<Pull> all = new ArrayList<>(r.pulls.values());
        java.util.Collections.reverse(all);
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
            items.add(pull(r, p));
        }
        return page(items, q, repoApi(r) + "/pulls");
    }

    private Response editPull(RepoState r, Pull p, JsonNode body, Caller caller) {
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
        if (body.has("body") && !java.util.Objects.equals(text, p.body)) {
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
        return new Response(200, pull(r, p));
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

    private Response mergeViaApi(RepoState r, Pull p, JsonNode body, Caller caller) {
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
        return new Response(200, answer);
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

    private Response reviewers(String method, RepoState r, Pull p, JsonNode body) {
        String docs = DOCS + "/pulls/review-requests";
        List<String> users = strings(body.get("reviewers"));
        List<String> teams = strings(body.get("team_reviewers"));
        if (method.equals("GET")) {
            ObjectNode node = json.createObjectNode();
            ArrayNode u = node.putArray("users");
            p.reviewers.forEach(login -> u.add(user(login)));
            ArrayNode t = node.putArray("teams");
            p.teams.forEach(slug -> t.add(team(r, slug)));
            return new Response(200, node);
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
            return new Response(201, pull(r, p));
        }
        if (method.equals("DELETE")) {
            users.forEach(p.reviewers::remove);
            teams.forEach(p.teams::remove);
            p.updatedAt = gh.now();
            return new Response(200, pull(r, p));
        }
        throw ApiException.notFound(docs);
    }

    // ------------------------------------------------------------------ issues (the issue side of pull requests)

    private Response issues(String method, RepoState r, List<String> rest, Map<String, String> q, JsonNode body,
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
                return new Response(200, issue(r, p));
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
                return new Response(200, issue(r, p));
            }
        } else if (sub.equals("labels")) {
            if (rest.size() == 3 && method.equals("DELETE")) {
                if (!p.labels.remove(rest.get(2))) {
                    throw ApiException.notFound(DOCS + "/issues/labels").withMessage("Label does not exist");
                }
                return new Response(200, labels(r, p));
            }
            if (rest.size() == 2) {
                switch (method) {
                    case "GET":
                        return new Response(200, labels(r, p));
                    case "PUT":
                        p.labels.clear();
                        addLabels(r, p, labelNames(body.isArray() ? body : body.get("labels")));
                        p.updatedAt = gh.now();
                        return new Response(200, labels(r, p));
                    case "POST":
                        addLabels(r, p, labelNames(body.isArray() ? body : body.get("labels")));
                        p.updatedAt = gh.now();
                        return new Response(200, labels(r, p));
                    case "DELETE":
                        p.labels.clear();
                        return new Response(204, null);
                    default:
                        break;
                }
            }
        } else if (sub.equals("assignees") && rest.size() == 2) {
            if (method.equals("POST")) {
                p.assignees.addAll(strings(body.get("assignees")));
                p.updatedAt = gh.now();
                return new Response(201, issue(r, p));
            }
            if (method.equals("DELETE")) {
                strings(body.get("assignees")).forEach(p.assignees::remove);
                p.updatedAt = gh.now();
                return new Response(200, issue(r, p));
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
                ObjectNode node = comment(r, p, c);
                return new Response(201, node).header("Location", node.get("url").asText());
            }
            if (method.equals("GET")) {
                List<JsonNode> items = new ArrayList<>();
                p.comments.forEach(c -> items.add(comment(r, p, c)));
                return page(items, q, repoApi(r) + "/issues/" + p.number + "/comments");
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

    private ArrayNode labels(RepoState r, Pull p) {
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

    private ObjectNode comment(RepoState r, Pull p, Comment c) {
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

    private ObjectNode issue(RepoState r, Pull p) {
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

    // ------------------------------------------------------------------ GraphQL

    private Response graphql(JsonNode body, Caller caller) {
        String query = text(body, "query");
        if (query == null || !query.contains("enablePullRequestAutoMerge")) {
            ObjectNode answer = json.createObjectNode();
            answer.putArray("errors").addObject().put("message", "The fake GitHub answers only the"
                    + " enablePullRequestAutoMerge mutation").put("type", "UNSUPPORTED");
            return new Response(400, answer);
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
                if (nodeId(r, p).equals(nodeId)) {
                    if (!p.state.equals("open")) {
                        answer.putObject("data").putNull("enablePullRequestAutoMerge");
                        answer.putArray("errors").addObject().put("type", "UNPROCESSABLE")
                                .put("message", "Pull request is closed")
                                .set("path", json.createArrayNode().add("enablePullRequestAutoMerge"));
                        return new Response(200, answer);
                    }
                    p.autoMergeMethod = method;
                    p.autoMergeBy = caller.login();
                    p.updatedAt = gh.now();
                    ObjectNode result = answer.putObject("data").putObject("enablePullRequestAutoMerge");
                    result.putNull("clientMutationId");
                    ObjectNode pr = result.putObject("pullRequest");
                    pr.put("id", nodeId(r, p));
                    pr.put("number", p.number);
                    ObjectNode request = pr.putObject("autoMergeRequest");
                    request.put("enabledAt", time(p.updatedAt));
                    request.put("mergeMethod", method);
                    request.putObject("enabledBy").put("login", caller.login());
                    return new Response(200, answer);
                }
            }
        }
        answer.putObject("data").putNull("enablePullRequestAutoMerge");
        answer.putArray("errors").addObject().put("type", "NOT_FOUND")
                .put("message", "Could not resolve to a node with the global id of '" + nodeId + "'.")
                .set("path", json.createArrayNode().add("enablePullRequestAutoMerge"));
        return new Response(200, answer);
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
        payload.set("pull_request", pull(r, p));
        payload.set("repository", repo(r));
        payload.set("organization", user(r.owner));
        payload.set("sender", user(actor));
        if (!gh.installations.isEmpty()) {
            payload.putObject("installation").put("id", gh.installations.keySet().iterator().next())
                    .put("node_id", nodeId("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u", 1));
        }
        try {
            gh.webhooks.send("pull_request", action, p.number, json.writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a webhook payload", e);
        }
    }

    // ------------------------------------------------------------------ views

    PullRequestSnapshot snapshot(RepoState r, Pull p) {
        return new PullRequestSnapshot(r.owner, r.name, p.number, p.title, p.body, p.state, p.merged,
                p.mergeCommitSha, List.copyOf(p.labels), List.copyOf(p.assignees), List.copyOf(p.reviewers),
                List.copyOf(p.teams), p.headRef, headSha(r, p), p.baseRef, p.draft, p.autoMergeMethod != null,
                p.autoMergeMethod, p.comments.stream().map(Comment::body).toList(), p.author);
    }

    private String headSha(RepoState r, Pull p) {
        if (p.state.equals("open")) {
            ObjectId tip = r.git.branchHead(p.headRef);
            if (tip != null) {
                return tip.name();
            }
        }
        return p.lastHeadSha;
    }

    private ObjectNode pull(RepoState r, Pull p) {
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

    private ObjectNode end(RepoState r, String ref, String sha) {
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

    private ObjectNode repo(RepoState r) {
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

    private ObjectNode user(String login) {
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

    private ArrayNode users(Collection<String> logins) {
        ArrayNode list = json.createArrayNode();
        logins.forEach(login -> list.add(user(login)));
        return list;
    }

    private ObjectNode team(RepoState r, String slug) {
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

    private ObjectNode rateLimitBody() {
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

    private Response page(List<JsonNode> items, Map<String, String> q, String url) {
        int perPage = (int) Math.min(100, Math.max(1, parseLongOr(q.get("per_page"), 30)));
        int page = (int) Math.max(1, parseLongOr(q.get("page"), 1));
        int last = Math.max(1, (items.size() + perPage - 1) / perPage);
        ArrayNode list = json.createArrayNode();
        int from = (page - 1) * perPage;
        for (int i = from; i < Math.min(items.size(), from + perPage); i++) {
            list.add(items.get(i));
        }
        Response response = new Response(200, list);
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

    // ------------------------------------------------------------------ helpers

    private String repoApi(RepoState r) {
        return gh.apiUrl() + "/repos/" + r.fullName();
    }

    private String repoHtml(RepoState r) {
        return gh.apiUrl() + "/" + r.fullName();
    }

    String nodeId(RepoState r, Pull p) {
        return nodeId("PR_", p.id);
    }

    private static String nodeId(String prefix, long id) {
        return prefix + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("fake:" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static long userId(String login) {
        return Math.abs((long) login.toLowerCase(Locale.ROOT).hashCode()) % 100_000_000L + 1;
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static void putTime(ObjectNode node, String field, Instant instant) {
        if (instant == null) {
            node.putNull(field);
        } else {
            node.put(field, time(instant));
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> list.add(n.asText()));
        } else if (node != null && node.isTextual()) {
            list.add(node.asText());
        }
        return new ArrayList<>(new LinkedHashSet<>(list));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiException.notFound(DOCS);
        }
    }

    private static long parseLongOr(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String encodePath(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            parts.add(encode(part).replace("+", "%20"));
        }
        return String.join("/", parts);
    }
}
