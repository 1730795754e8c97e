package io.heal8s.engine.gitops.github;

import com.fasterxml.jackson.databind.JsonNode;
import io.heal8s.engine.gitops.ChangePublisher;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.gitops.ManifestPatchException;
import io.heal8s.engine.gitops.ManifestPatcher;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.engine.gitops.Publication.Outcome;
import io.heal8s.engine.gitops.PullRequestContent;
import io.heal8s.engine.gitops.ReviewState;
import io.heal8s.engine.gitops.ReviewState.State;
import io.heal8s.engine.gitops.github.GitHubConnection.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a GitOps change as a pull request on GitHub (or GitHub Enterprise) for repositories named {@code owner/name}.
 *
 * <p>It speaks REST v3 through a {@link GitHubConnection} rather than hub4j's typed API, because the typed API cannot
 * open a pull request in fewer than 8 calls: it fetches the repository first, lazily re-reads pull requests, needs a
 * {@code GET /users} per reviewer, sets labels and assignees in separate calls and (in 1.330) has no auto-merge. A new
 * pull request costs 7 calls: list the open heal8s pull requests, read the manifest, read the base branch, create the
 * branch, commit the file, open the pull request, set labels and assignees (plus one for reviewers and one for
 * auto-merge when asked).
 *
 * <p>Idempotent: a retry finds the pull request of its branch (from the listing, or after a 422 on creating the branch
 * or the pull request) and returns {@link Outcome#FOUND}. An open heal8s pull request for the same target and action
 * whose head commit heal8s made is updated in place ({@link Outcome#UPDATED}); one a person pushed to is closed as
 * superseded by the new one.
 *
 * <p>Bounded: the open pull requests are read as a stream, page after page, keeping a {@link PullSummary} of each
 * (never a body), at most 10 pages of at most 16 MiB; and one publish per repository runs at a time (see
 * {@link #publish}).
 */
public final class GitHubPublisher implements ChangePublisher {

    /** The trailer every heal8s commit carries; it tells heal8s's commits from people's. */
    public static final String TRAILER = "Heal8s-Remediation";
    /** The comment that closes a superseded pull request starts with this. */
    public static final String SUPERSEDED_BY = "Superseded by #";

    private static final Pattern REPOSITORY = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})");
    private static final Pattern TRAILER_LINE = Pattern.compile("(?m)^" + TRAILER + ": (\\S+)\\s*$");

    private static final Logger LOG = LoggerFactory.getLogger(GitHubPublisher.class);

    /** The open pull requests read per publish: 10 pages of 100. Beyond, the rest is not looked at (a warning). */
    static final int MAX_PAGES = 10;
    /**
     * The bytes one page of a listing may carry: 100 bodies at GitHub's bound of 65,536 characters are 6.5 MB of plain
     * text, and the rest leaves room for escapes, multi-byte characters and the objects around them.
     */
    static final long MAX_PAGE_BYTES = 16L << 20;

    private final GitHubConnection github;
    private final ManifestPatcher patcher;
    private final int maxPages;
    private final long maxPageBytes;
    // One fair lock per repository (owner/name, lower case): see publish. Few repositories, so never evicted.
    private final ConcurrentMap<String, ReentrantLock> publishing = new ConcurrentHashMap<>();

    public GitHubPublisher(GitHubConnection github) {
        this(github, new ManifestPatcher());
    }

    public GitHubPublisher(GitHubConnection github, ManifestPatcher patcher) {
        this(github, patcher, MAX_PAGES, MAX_PAGE_BYTES);
    }

    GitHubPublisher(GitHubConnection github, ManifestPatcher patcher, int maxPages, long maxPageBytes) {
        this.github = Objects.requireNonNull(github, "github");
        this.patcher = Objects.requireNonNull(patcher, "patcher");
        if (maxPages < 1 || maxPageBytes < 1) {
            throw new IllegalArgumentException("maxPages and maxPageBytes must be positive: " + maxPages + ", "
                    + maxPageBytes);
        }
        this.maxPages = maxPages;
        this.maxPageBytes = maxPageBytes;
    }

    /** Whether this publisher serves {@code repository}: an {@code owner/name}, not a Git remote URL. */
    public static boolean serves(String repository) {
        return repository != null && REPOSITORY.matcher(repository).matches() && !repository.endsWith("/.")
                && !repository.endsWith("/..");
    }

    /** The REST calls made so far, for metrics. */
    public long requestCount() {
        return github.requestCount();
    }

    /**
     * Publishes one change; at most one publish per repository runs at a time in this publisher (a fair lock, so
     * they take turns in arrival order), while {@link #state} and {@link #withdraw} never wait for it. Two reasons:
     * GitHub asks integrations to make content-creating requests serially, one at a time, or meet its secondary rate
     * limits (4 of the 7 calls create content); and two publishes for the same target that list the open pull
     * requests at the same time would both miss the other's and open two instead of one updating the other.
     */
    @Override
    public Publication publish(ChangeRequest request) {
        Repo repo = Repo.of(request.repository());
        ReentrantLock lock = publishing.computeIfAbsent(repo.toString().toLowerCase(Locale.ROOT),
                r -> new ReentrantLock(true));
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GitOpsException.retryable("Interrupted", "interrupted while waiting for another publish to " + repo
                    + " to finish", null, e);
        }
        try {
            return publish(repo, request);
        } finally {
            lock.unlock();
        }
    }

    private Publication publish(Repo repo, ChangeRequest request) {
        PullRequestContent content = request.content();
        String branch = content.branch();

        List<PullSummary> open = openPulls(repo, request.baseBranch());
        PullSummary other = newestSameChange(repo, request, open);
        for (PullSummary pr : open) {
            if (branch.equals(pr.headRef()) && repo.isHead(pr)) {
                // A retry: an earlier call opened it, and may have died before closing the one it supersedes.
                Integer superseded = other != null && !madeByHeal8s(repo, other)
                        ? supersede(repo, request, other, pr.number()) : null;
                return found(repo, request, pr, superseded);
            }
        }
        if (other != null && madeByHeal8s(repo, other)) {
            return update(repo, request, other);
        }

        FileAt base = file(repo, request.manifestPath(), request.baseBranch(), true);
        String patched = patch(request, base.text());
        String baseSha = refSha(repo, request.baseBranch());
        Response created = github.call("POST", repo.path("/git/refs"),
                Map.of("ref", "refs/heads/" + branch, "sha", baseSha));
        String commitSha;
        if (created.status() == 422) {
            // The branch exists: an earlier call got this far before it crashed. Its pull request, if any, wins.
            Optional<PullSummary> earlier = pullByHead(repo, branch);
            if (earlier.isPresent()) {
                return found(repo, request, earlier.get(), null);
            }
            FileAt onBranch = file(repo, request.manifestPath(), branch, false);
            commitSha = onBranch.text().equals(patched) ? refSha(repo, branch)
                    : commit(repo, request, branch, patched, onBranch.sha());
        } else {
            expect(created, 201, "create branch " + branch);
            commitSha = commit(repo, request, branch, patched, base.sha());
        }

        Map<String, Object> pull = new LinkedHashMap<>();
        pull.put("title", content.title());
        pull.put("head", branch);
        pull.put("base", request.baseBranch());
        pull.put("body", content.body());
        pull.put("draft", request.draft());
        pull.put("maintainer_can_modify", true);
        Response opened = github.call("POST", repo.path("/pulls"), pull);
        if (opened.status() == 422) {
            Optional<PullSummary> earlier = pullByHead(repo, branch);
            if (earlier.isPresent()) {
                return found(repo, request, earlier.get(), null);
            }
        }
        expect(opened, 201, "open a pull request from " + branch);
        PullSummary pr = PullSummary.of(opened.body());
        int number = pr.number();
        decorate(repo, request, pr);
        Integer superseded = other == null ? null : supersede(repo, request, other, number);
        return new Publication(request.repository(), branch, commitSha, number, pr.htmlUrl(), Outcome.CREATED,
                superseded, request.remediation());
    }

    @Override
    public ReviewState state(Publication publication) {
        Repo repo = Repo.of(publication.repository());
        JsonNode pr = pull(repo, requirePr(publication));
        if (pr.path("merged").asBoolean(false)) {
            String by = pr.path("merged_by").path("login").asText("");
            return new ReviewState(State.MERGED, pr.path("merge_commit_sha").asText(null),
                    "merged" + (by.isEmpty() ? "" : " by " + by));
        }
        Optional<String> marker = PullRequestContent.remediationOf(pr.path("body").asText(""));
        boolean takenOver = marker.isPresent() && !isFor(publication, marker.get());
        if (takenOver) {
            return new ReviewState(State.SUPERSEDED, null, "taken over by Remediation " + marker.get());
        }
        if ("closed".equals(pr.path("state").asText())) {
            Optional<String> note = supersededComment(repo, publication.prNumber());
            return note.map(text -> new ReviewState(State.SUPERSEDED, null, text))
                    .orElseGet(() -> new ReviewState(State.CLOSED, null, "closed without merging"));
        }
        return new ReviewState(State.OPEN, null, "open");
    }

    @Override
    public void withdraw(Publication publication, String comment) {
        Repo repo = Repo.of(publication.repository());
        int number = requirePr(publication);
        JsonNode pr = pull(repo, number);
        if (!"open".equals(pr.path("state").asText()) || pr.path("merged").asBoolean(false)) {
            return;
        }
        close(repo, number, comment);
    }

    // ---- the steps ----

    /**
     * The open pull requests on {@code base}, page after page as GitHub's {@code Link} header leads, at most
     * {@link #maxPages} pages; each kept as a {@link PullSummary}.
     */
    private List<PullSummary> openPulls(Repo repo, String base) {
        List<PullSummary> pulls = new ArrayList<>();
        String path = repo.path("/pulls?state=open&per_page=100&base=" + query(base));
        for (int page = 1; path != null; page++) {
            if (page > maxPages) {
                // Better a duplicate pull request (a person closes it) than no pull request at all.
                LOG.warn("{} has more than {} open pull requests on {}: heal8s looked at the newest {} only, and may "
                        + "open a pull request where it would have updated an older one", repo, pulls.size(), base,
                        pulls.size());
                break;
            }
            GitHubConnection.Page<PullSummary> r = github.page(path, maxPageBytes, PullSummary::read);
            if (r.response().status() == 404) {
                throw GitOpsException.permanent("RepositoryNotFound", "GitHub repository " + repo + " does not exist "
                        + "or heal8s's credentials cannot see it");
            }
            expect(r.response(), 200, "list open pull requests");
            pulls.addAll(r.items());
            path = r.next();
        }
        return pulls;
    }

    /** The newest open heal8s pull request for the same target and action, from another Remediation's branch. */
    private static PullSummary newestSameChange(Repo repo, ChangeRequest request, List<PullSummary> open) {
        String prefix = request.sameChangePrefix();
        PullSummary newest = null;
        for (PullSummary pr : open) {
            String ref = pr.headRef();
            if (ref.startsWith(prefix) && !ref.equals(request.content().branch()) && repo.isHead(pr)
                    && pr.remediation() != null && (newest == null || pr.number() > newest.number())) {
                newest = pr;
            }
        }
        return newest;
    }

    /** Closes {@code old}, which a person pushed to, as superseded by {@code number}; returns its number. */
    private int supersede(Repo repo, ChangeRequest request, PullSummary old, int number) {
        int n = old.number();
        close(repo, n, SUPERSEDED_BY + number + " (Remediation " + request.remediation() + "): the branch of #" + n
                + " has commits heal8s did not make, so heal8s opened a new pull request instead of updating it.");
        return n;
    }

    private boolean madeByHeal8s(Repo repo, PullSummary pr) {
        String sha = pr.headSha();
        Response r = github.call("GET", repo.path("/commits/" + segment(sha)), null);
        expect(r, 200, "read commit " + sha);
        return TRAILER_LINE.matcher(r.body().path("commit").path("message").asText("")).find();
    }

    /** Updates heal8s's open pull request in place: the new patch on its branch, the new title and body. */
    private Publication update(Repo repo, ChangeRequest request, PullSummary pr) {
        String branch = pr.headRef();
        int number = pr.number();
        FileAt onBranch = file(repo, request.manifestPath(), branch, true);
        String patched = patch(request, onBranch.text());
        String commitSha = pr.headSha();
        if (!patched.equals(onBranch.text())) {
            commitSha = commit(repo, request, branch, patched, onBranch.sha());
        }
        Response r = github.call("PATCH", repo.path("/pulls/" + number),
                Map.of("title", request.content().title(), "body", request.content().body()));
        expect(r, 200, "update pull request #" + number);
        return new Publication(request.repository(), branch, commitSha, number, pr.htmlUrl(), Outcome.UPDATED, null,
                request.remediation());
    }

    /** A pull request an earlier call made; labels and assignees are set again when that call died before them. */
    private Publication found(Repo repo, ChangeRequest request, PullSummary pr, Integer superseded) {
        if (pr.open() && (!pr.labels().containsAll(request.content().labels())
                || !pr.assignees().containsAll(request.assignees()))) {
            decorate(repo, request, pr);
        }
        return new Publication(request.repository(), request.content().branch(),
                pr.headSha().isEmpty() ? null : pr.headSha(), pr.number(), pr.htmlUrl(), Outcome.FOUND, superseded,
                request.remediation());
    }

    /** Labels and assignees in one call; reviewers and auto-merge only when asked for. */
    private void decorate(Repo repo, ChangeRequest request, PullSummary pr) {
        int number = pr.number();
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("labels", request.content().labels());
        if (!request.assignees().isEmpty()) {
            issue.put("assignees", request.assignees());
        }
        expect(github.call("PATCH", repo.path("/issues/" + number), issue), 200, "label pull request #" + number);
        if (!request.reviewers().isEmpty()) {
            List<String> users = new ArrayList<>();
            List<String> teams = new ArrayList<>();
            for (String reviewer : request.reviewers()) {
                int slash = reviewer.indexOf('/');
                if (slash < 0) {
                    users.add(reviewer);
                } else {
                    teams.add(reviewer.substring(slash + 1));
                }
            }
            Response r = github.call("POST", repo.path("/pulls/" + number + "/requested_reviewers"),
                    Map.of("reviewers", users, "team_reviewers", teams));
            expect(r, 201, "request reviewers on pull request #" + number);
        }
        if (request.autoMerge()) {
            enableAutoMerge(pr);
        }
    }

    private void enableAutoMerge(PullSummary pr) {
        String query = "mutation($id: ID!) { enablePullRequestAutoMerge(input: {pullRequestId: $id}) "
                + "{ pullRequest { number } } }";
        Response r = github.call("POST", "/graphql", Map.of("query", query,
                "variables", Map.of("id", pr.nodeId())));
        if (r.status() != 200 || r.body().path("errors").size() > 0) {
            // The pull request is open and correct; without auto-merge it waits for a person's merge, which is the
            // safe side. Failing the publication would leave it orphaned.
            LOG.warn("GitHub refused to enable auto-merge on pull request #{}: {} (is auto-merge allowed in the "
                    + "repository?)", pr.number(),
                    r.body().path("errors").path(0).path("message").asText(r.message()));
        }
    }

    private String commit(Repo repo, ChangeRequest request, String branch, String text, String blobSha) {
        String message = request.content().title() + "\n\n" + TRAILER + ": " + request.remediation() + "\n";
        Map<String, Object> put = new LinkedHashMap<>();
        put.put("message", message);
        put.put("content", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        put.put("sha", blobSha);
        put.put("branch", branch);
        Response r = github.call("PUT", repo.path("/contents/" + filePath(request.manifestPath())), put);
        if (r.status() == 409) {
            throw GitOpsException.retryable("Conflict", request.manifestPath() + " changed on " + branch + " in "
                    + repo + " while heal8s committed to it", null, null);
        }
        if (r.status() != 201) {
            expect(r, 200, "commit " + request.manifestPath() + " on " + branch);
        }
        return r.body().path("commit").path("sha").asText();
    }

    private record FileAt(String text, String sha) {
    }

    private FileAt file(Repo repo, String path, String ref, boolean base) {
        Response r = github.call("GET", repo.path("/contents/" + filePath(path) + "?ref=" + query(ref)), null);
        if (r.status() == 404) {
            throw GitOpsException.permanent("ManifestNotFound", "no file " + path + " in " + repo + " on branch "
                    + ref + (base ? "" : " (heal8s's own branch)"));
        }
        expect(r, 200, "read " + path + " on " + ref);
        JsonNode body = r.body();
        if (!"file".equals(body.path("type").asText("file")) || !body.has("content")) {
            throw GitOpsException.permanent("ManifestNotFound", path + " in " + repo + " on branch " + ref
                    + " is not a file");
        }
        byte[] bytes = Base64.getMimeDecoder().decode(body.path("content").asText(""));
        return new FileAt(new String(bytes, StandardCharsets.UTF_8), body.path("sha").asText());
    }

    private String patch(ChangeRequest request, String manifest) {
        try {
            return patcher.apply(manifest, request.target(), request.result());
        } catch (ManifestPatchException e) {
            throw GitOpsException.permanent("PatchFailed", request.manifestPath() + " in " + request.repository()
                    + ": " + e.getMessage());
        }
    }

    private String refSha(Repo repo, String branch) {
        Response r = github.call("GET", repo.path("/git/ref/heads/" + branchPath(branch)), null);
        if (r.status() == 404) {
            throw GitOpsException.permanent("BranchNotFound", "no branch " + branch + " in " + repo);
        }
        expect(r, 200, "read branch " + branch);
        return r.body().path("object").path("sha").asText();
    }

    /** The newest pull request from {@code branch}, open or not (one page: a branch has a handful at most). */
    private Optional<PullSummary> pullByHead(Repo repo, String branch) {
        GitHubConnection.Page<PullSummary> r = github.page(repo.path("/pulls?state=all&per_page=100&head="
                + query(repo.owner() + ":" + branch)), maxPageBytes, PullSummary::read);
        expect(r.response(), 200, "find the pull request of " + branch);
        PullSummary newest = null;
        for (PullSummary pr : r.items()) {
            if (branch.equals(pr.headRef()) && (newest == null || pr.number() > newest.number())) {
                newest = pr;
            }
        }
        return Optional.ofNullable(newest);
    }

    private JsonNode pull(Repo repo, int number) {
        Response r = github.call("GET", repo.path("/pulls/" + number), null);
        if (r.status() == 404) {
            throw GitOpsException.permanent("PullRequestNotFound", "no pull request #" + number + " in " + repo);
        }
        expect(r, 200, "read pull request #" + number);
        return r.body();
    }

    private void close(Repo repo, int number, String comment) {
        if (comment != null && !comment.isBlank()) {
            expect(github.call("POST", repo.path("/issues/" + number + "/comments"), Map.of("body", comment)), 201,
                    "comment on pull request #" + number);
        }
        expect(github.call("PATCH", repo.path("/pulls/" + number), Map.of("state", "closed")), 200,
                "close pull request #" + number);
    }

    private Optional<String> supersededComment(Repo repo, int number) {
        Response r = github.call("GET", repo.path("/issues/" + number + "/comments?per_page=100"), null);
        expect(r, 200, "read the comments of pull request #" + number);
        for (JsonNode comment : r.body()) {
            String text = comment.path("body").asText("");
            if (text.startsWith(SUPERSEDED_BY)) {
                int end = text.indexOf(')');
                return Optional.of(end > 0 ? text.substring(0, end + 1) : SUPERSEDED_BY.strip());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the marker's Remediation is the publication's: by name when the publication knows it, else by the short
     * id that ends the branch {@link PullRequestContent} derived for the publication's Remediation.
     */
    private static boolean isFor(Publication publication, String remediation) {
        if (publication.remediation() != null) {
            return publication.remediation().equals(remediation);
        }
        return publication.branch().endsWith("-" + shortId(remediation));
    }

    private static String shortId(String namespaceSlashName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(namespaceSlashName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static int requirePr(Publication publication) {
        if (publication.prNumber() == null) {
            throw GitOpsException.permanent("PullRequestNotFound", "the publication on " + publication.repository()
                    + " has no pull request number");
        }
        return publication.prNumber();
    }

    private static void expect(Response r, int status, String what) {
        if (r.status() != status) {
            throw GitOpsException.permanent("GitHubRejected", "GitHub refused to " + what + ": " + r.status() + " "
                    + r.message());
        }
    }

    /** {@code owner/name}, checked so that nothing else reaches a URL path. */
    private record Repo(String owner, String name) {

        static Repo of(String repository) {
            if (!serves(repository)) {
                throw GitOpsException.permanent("InvalidRepository", "repository '" + repository + "' is not a GitHub "
                        + "owner/name");
            }
            int slash = repository.indexOf('/');
            return new Repo(repository.substring(0, slash), repository.substring(slash + 1));
        }

        String path(String rest) {
            return "/repos/" + owner + "/" + name + rest;
        }

        /** Whether a pull request's head is in this repository (not a fork with the same branch name). */
        boolean isHead(PullSummary pr) {
            return pr.headRepo().equalsIgnoreCase(owner + "/" + name);
        }

        @Override
        public String toString() {
            return owner + "/" + name;
        }
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String filePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                out.append(out.length() == 0 ? "" : "/").append(segment(part));
            }
        }
        return out.toString();
    }

    private static String branchPath(String branch) {
        return filePath(branch);
    }
}
