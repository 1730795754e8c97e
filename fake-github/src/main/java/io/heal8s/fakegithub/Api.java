package io.heal8s.fakegithub;

import static io.heal8s.fakegithub.Fields.missing;
import static io.heal8s.fakegithub.Fields.parseLong;
import static io.heal8s.fakegithub.Fields.required;
import static io.heal8s.fakegithub.Fields.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;

import io.heal8s.fakegithub.FakeGitHub.Pull;
import io.heal8s.fakegithub.FakeGitHub.RepoState;
import io.heal8s.fakegithub.FakeGitHub.ScriptedFailure;

/**
 * The HTTP side of {@link FakeGitHub}: authentication, rate limits, scripted failures, routing and the JSON shapes of
 * docs.github.com. Every handler runs under the fake's lock.
 */
final class Api {

    static final String DOCS = "https://docs.github.com/rest";

    private final FakeGitHub gh;
    private final ObjectMapper json = new ObjectMapper();
    final Views views;
    final PullRequests pulls;

    Api(FakeGitHub gh) {
        this.gh = gh;
        this.views = new Views(gh, json);
        this.pulls = new PullRequests(gh, json, views);
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
            Reply response;
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

    private void write(HttpExchange exchange, Reply response) throws IOException {
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

    private Reply serve(String method, String rawPath, String query, byte[] rawBody, String auth) {
        try {
            List<String> seg = segments(rawPath);
            Map<String, String> q = parseQuery(query);
            JsonNode body = parseBody(rawBody);
            ScriptedFailure failure = gh.failures.poll();
            if (failure != null) {
                Reply r = new Reply(failure.status(), errorBody(failure.message(), DOCS, List.of()));
                if (failure.retryAfterSeconds() > 0) {
                    r.header("Retry-After", Integer.toString(failure.retryAfterSeconds()));
                }
                return r;
            }
            if (isAppEndpoint(seg)) {
                return app(method, seg, auth);
            }
            Caller caller = authenticate(auth);
            if (!(seg.size() == 1 && seg.get(0).equals("rate_limit"))) {
                consumeRateLimit(caller);
            }
            return route(method, seg, q, body, caller);
        } catch (ApiException e) {
            return error(e);
        } catch (RuntimeException e) {
            // A bug of the fake or an unexpected Git state: answer as GitHub's 500 so clients fail loudly.
            return error(new ApiException(500, "fake-github could not answer: " + e, DOCS));
        }
    }

    /** Endpoints that take the App's JWT rather than a token. */
    private static boolean isAppEndpoint(List<String> seg) {
        if (seg.isEmpty()) {
            return false;
        }
        return seg.get(0).equals("app")
                || seg.size() == 3 && (seg.get(0).equals("orgs") || seg.get(0).equals("users"))
                && seg.get(2).equals("installation")
                || seg.size() == 4 && seg.get(0).equals("repos") && seg.get(3).equals("installation");
    }

    private Reply error(ApiException e) {
        Reply r = new Reply(e.status, errorBody(e.getMessage(), e.documentationUrl, e.errors));
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
            return new Caller(Views.appSlug() + "[bot]", true);
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
            String who = caller.installation() ? "installation ID 1" : "user ID " + Views.userId(caller.login());
            throw new ApiException(403, "API rate limit exceeded for " + who + ". If you reach out to GitHub Support"
                    + " for help, please include the request ID.",
                    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api");
        }
        gh.rateRemaining--;
    }

    private void rateHeaders(Reply r) {
        r.header("X-RateLimit-Limit", Integer.toString(gh.rateLimit));
        r.header("X-RateLimit-Remaining", Integer.toString(gh.rateRemaining));
        r.header("X-RateLimit-Reset", Long.toString(gh.rateReset));
        r.header("X-RateLimit-Used", Integer.toString(gh.rateLimit - gh.rateRemaining));
        r.header("X-RateLimit-Resource", "core");
    }

    private Reply app(String method, List<String> seg, String auth) {
        String jwt = credential(auth);
        if (jwt == null) {
            throw new ApiException(401, "A JSON web token could not be decoded", DOCS);
        }
        long appId = JwtVerifier.verify(jwt, gh.apps, gh.clock.instant(), json);
        if (!seg.get(0).equals("app")) {
            // GET /repos/{o}/{r}/installation, /orgs/{org}/installation, /users/{u}/installation: one installation
            // per app in the fake, whatever the account.
            if (seg.get(0).equals("repos") && gh.repos.get(FakeGitHub.key(seg.get(1), seg.get(2))) == null) {
                throw ApiException.notFound(DOCS
                        + "/apps/apps#get-a-repository-installation-for-the-authenticated-app");
            }
            return gh.installations.entrySet().stream().filter(e -> e.getValue() == appId).findFirst()
                    .map(e -> new Reply(200, views.installation(e.getKey(), appId)))
                    .orElseThrow(() -> ApiException.notFound(DOCS + "/apps/apps"));
        }
        if (seg.size() == 1 && method.equals("GET")) {
            ObjectNode app = json.createObjectNode();
            app.put("id", appId);
            app.put("slug", Views.appSlug());
            app.put("node_id", Views.nodeId("A", appId));
            app.set("owner", views.user("heal8s"));
            app.put("name", "heal8s");
            app.put("description", "heal8s remediation pull requests");
            app.put("external_url", "https://heal8s.io");
            app.put("html_url", gh.apiUrl() + "/apps/" + Views.appSlug());
            app.put("created_at", Views.time(Instant.EPOCH));
            app.put("updated_at", Views.time(Instant.EPOCH));
            app.set("permissions", views.permissions());
            app.set("events", json.createArrayNode().add("pull_request"));
            app.put("installations_count", gh.installations.values().stream().filter(a -> a == appId).count());
            return new Reply(200, app);
        }
        if (seg.size() >= 3 && seg.get(1).equals("installations")) {
            long installationId = parseLong(seg.get(2));
            Long owner = gh.installations.get(installationId);
            if (owner == null || owner != appId) {
                throw ApiException.notFound(DOCS + "/apps/apps#get-an-installation-for-the-authenticated-app");
            }
            if (seg.size() == 3 && method.equals("GET")) {
                return new Reply(200, views.installation(installationId, appId));
            }
            if (seg.size() == 4 && seg.get(3).equals("access_tokens") && method.equals("POST")) {
                String token = "ghs_" + UUID.randomUUID().toString().replace("-", "")
                        + Long.toHexString(gh.ids.incrementAndGet());
                Instant expires = gh.now().plus(gh.installationTokenLifetime);
                gh.installationTokens.put(token, expires);
                ObjectNode body = json.createObjectNode();
                body.put("token", token);
                body.put("expires_at", Views.time(expires));
                body.set("permissions", views.permissions());
                body.put("repository_selection", "all");
                return new Reply(201, body);
            }
        }
        throw ApiException.notFound(DOCS);
    }

    // ------------------------------------------------------------------ routing

    private Reply route(String method, List<String> seg, Map<String, String> q, JsonNode body, Caller caller) {
        if (seg.size() == 1 && seg.get(0).equals("user") && method.equals("GET")) {
            if (caller.installation()) {
                throw new ApiException(403, "Resource not accessible by integration",
                        DOCS + "/users/users#get-the-authenticated-user");
            }
            return new Reply(200, views.user(caller.login()));
        }
        if (seg.size() == 2 && seg.get(0).equals("users") && method.equals("GET")) {
            return new Reply(200, views.user(seg.get(1)));
        }
        if (seg.size() == 1 && seg.get(0).equals("rate_limit") && method.equals("GET")) {
            return new Reply(200, views.rateLimitBody());
        }
        if (seg.size() == 1 && seg.get(0).equals("graphql") && method.equals("POST")) {
            return pulls.graphql(body, caller);
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

    private Reply repoRoute(String method, RepoState r, List<String> rest, Map<String, String> q, JsonNode body,
                            Caller caller) {
        if (rest.isEmpty()) {
            if (method.equals("GET")) {
                return new Reply(200, views.repo(r));
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
                    return new Reply(200, views.commit(r, c));
                }
                break;
            case "pulls":
                return pulls.pulls(method, r, rest.subList(1, rest.size()), q, body, caller);
            case "issues":
                return pulls.issues(method, r, rest.subList(1, rest.size()), q, body, caller);
            default:
                break;
        }
        throw ApiException.notFound(DOCS);
    }

    // ------------------------------------------------------------------ contents

    private Reply getContents(RepoState r, String path, Map<String, String> q) {
        String ref = q.getOrDefault("ref", r.defaultBranch);
        RevCommit c = r.git.resolveCommit(ref);
        if (c == null) {
            throw ApiException.notFound(DOCS + "/repos/contents#get-repository-content")
                    .withMessage("No commit found for the ref " + ref);
        }
        GitRepo.Blob blob = path.isEmpty() ? null : r.git.file(c, path);
        if (blob != null) {
            ObjectNode node = views.contentNode(r, path, blob.id(), blob.bytes().length, ref, false);
            node.put("content", Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(blob.bytes()) + "\n");
            node.put("encoding", "base64");
            return new Reply(200, node);
        }
        List<GitRepo.Entry> entries = r.git.directory(c, path);
        if (entries == null) {
            throw ApiException.notFound(DOCS + "/repos/contents#get-repository-content");
        }
        ArrayNode list = json.createArrayNode();
        for (GitRepo.Entry e : entries) {
            list.add(views.contentNode(r, e.path(), e.id(), e.size(), ref, e.directory()));
        }
        return new Reply(200, list);
    }

    private Reply putContents(RepoState r, String path, JsonNode body, Caller caller) {
        String docs = DOCS + "/repos/contents#create-or-update-file-contents";
        if (path.isEmpty()) {
            throw ApiException.notFound(docs);
        }
        String message = required(body, "message", docs);
        String content = required(body, "content", docs);
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
            throw missing("sha", docs);
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
        pulls.branchMoved(r, branch, caller.login());
        GitRepo.Blob written = r.git.file(commit, path);
        ObjectNode answer = json.createObjectNode();
        answer.set("content", views.contentNode(r, path, written.id(), written.bytes().length, branch, false));
        answer.set("commit", views.gitCommit(r, commit));
        return new Reply(existing == null ? 201 : 200, answer);
    }

    private static PersonIdent person(JsonNode node, Caller caller, Instant now) {
        String name = node == null ? null : text(node, "name");
        String email = node == null ? null : text(node, "email");
        return GitRepo.person(name == null ? caller.login() : name,
                email == null ? caller.login() + "@users.noreply.github.com" : email, now);
    }

    // ------------------------------------------------------------------ git refs, branches, commits

    private Reply git(String method, RepoState r, List<String> rest, JsonNode body, Caller caller) {
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
            return new Reply(200, views.ref(r, branch));
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
                return new Reply(200, views.ref(r, branch));
            }
            // Like GitHub: no exact match lists the refs under that prefix, or 404 when there are none.
            String prefix = name.isEmpty() ? "" : name + "/";
            ArrayNode matches = json.createArrayNode();
            for (String b : r.git.branches()) {
                if (("heads/" + b).startsWith(prefix)) {
                    matches.add(views.ref(r, b));
                }
            }
            if (matches.isEmpty()) {
                throw ApiException.notFound(docs + "#get-a-reference");
            }
            return new Reply(200, matches);
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
            String sha = required(body, "sha", docs + "#update-a-reference");
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
            pulls.branchMoved(r, branch, caller.login());
            return new Reply(200, views.ref(r, branch));
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
                    pulls.closePull(r, p, caller.login());
                }
            }
            return new Reply(204, null);
        }
        throw ApiException.notFound(docs);
    }

    private static String headsBranch(String name) {
        return name.startsWith("heads/") && name.length() > "heads/".length() ? name.substring("heads/".length())
                : null;
    }

    private Reply createRef(RepoState r, JsonNode body, Caller caller) {
        String docs = DOCS + "/git/refs#create-a-reference";
        String ref = required(body, "ref", docs);
        String sha = required(body, "sha", docs);
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
        ObjectNode node = views.ref(r, branch);
        return new Reply(201, node).header("Location", node.get("url").asText());
    }

    private Reply branch(RepoState r, String name) {
        ObjectId id = r.git.branchHead(name);
        if (id == null) {
            throw ApiException.notFound(DOCS + "/branches/branches#get-a-branch").withMessage("Branch not found");
        }
        ObjectNode node = json.createObjectNode();
        node.put("name", name);
        node.set("commit", views.commit(r, r.git.resolveCommit(id.name())));
        ObjectNode links = node.putObject("_links");
        links.put("self", views.repoApi(r) + "/branches/" + name);
        links.put("html", views.repoHtml(r) + "/tree/" + name);
        node.put("protected", false);
        ObjectNode protection = node.putObject("protection");
        protection.put("enabled", false);
        protection.putObject("required_status_checks").put("enforcement_level", "off")
                .set("contexts", json.createArrayNode());
        node.put("protection_url", views.repoApi(r) + "/branches/" + name + "/protection");
        return new Reply(200, node);
    }

}
