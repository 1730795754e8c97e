package io.heal8s.fakegithub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A fake of the GitHub REST API v3 for tests: a JDK {@link HttpServer} on 127.0.0.1 whose repositories are real
 * (bare) JGit repositories in a temporary directory, so that branches, blob shas, commits and merges are what Git
 * computes, and clients (hub4j, raw HTTP) can be tested end to end with no network. Answers follow
 * docs.github.com (field names, status codes, error bodies, rate-limit headers); see {@code fake-github/README.md}
 * for what is faithful and what is left out. Thread-safe: one lock guards all state; webhooks are sent outside it.
 *
 * <pre>{@code
 * try (FakeGitHub gh = FakeGitHub.start()) {
 *     gh.addToken("t0k3n");
 *     gh.createRepository("acme", "manifests", "main", Map.of("apps/web.yaml", "replicas: 1\n"));
 *     GitHub client = new GitHubBuilder().withEndpoint(gh.apiUrl()).withOAuthToken("t0k3n").build();
 * }
 * }</pre>
 */
public final class FakeGitHub implements AutoCloseable {

    /** Default lifetime of an installation access token, as on GitHub. */
    public static final Duration DEFAULT_INSTALLATION_TOKEN_LIFETIME = Duration.ofHours(1);
    /** Login of the user a token added with {@link #addToken(String)} authenticates as. */
    public static final String DEFAULT_USER = "heal8s-test-user";
    /** Largest request body accepted, in bytes (GitHub refuses larger ones too). */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    // ---- state, guarded by `lock` ----
    final Object lock = new Object();
    final Map<String, RepoState> repos = new LinkedHashMap<>();
    final Map<String, String> staticTokens = new HashMap<>();
    final Map<String, Instant> installationTokens = new HashMap<>();
    final Map<Long, PublicKey> apps = new HashMap<>();
    final Map<Long, Long> installations = new HashMap<>();
    final Deque<ScriptedFailure> failures = new ArrayDeque<>();
    final List<RecordedRequest> requests = new ArrayList<>();
    final AtomicLong ids = new AtomicLong(1_000_000);
    Duration installationTokenLifetime = DEFAULT_INSTALLATION_TOKEN_LIFETIME;
    String mergeMethod = "merge";
    int rateLimit = 5000;
    int rateRemaining = 5000;
    long rateReset;
    volatile Clock clock = Clock.systemUTC();

    private final Path root;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final HttpServer server;
    private final ExecutorService executor;
    final Webhooks webhooks;
    private final Api api;

    /** A queued scripted failure (see {@link #failNext(int, int, String)}). */
    record ScriptedFailure(int status, int retryAfterSeconds, String message) {
    }

    /** One repository: its Git data and its pull requests (numbered per repository, as on GitHub). */
    static final class RepoState {
        final String owner;
        final String name;
        final long id;
        final String defaultBranch;
        final GitRepo git;
        final Instant createdAt;
        Instant pushedAt;
        int nextNumber = 1;
        final Map<Integer, Pull> pulls = new TreeMap<>();
        final Map<String, Long> labelIds = new LinkedHashMap<>();

        RepoState(String owner, String name, long id, String defaultBranch, GitRepo git, Instant createdAt) {
            this.owner = owner;
            this.name = name;
            this.id = id;
            this.defaultBranch = defaultBranch;
            this.git = git;
            this.createdAt = createdAt;
            this.pushedAt = createdAt;
        }

        String fullName() {
            return owner + "/" + name;
        }
    }

    /** A pull request's mutable state. */
    static final class Pull {
        final int number;
        final long id;
        final String author;
        final String headRef;
        final Instant createdAt;
        String title;
        String body;
        String baseRef;
        String state = "open";
        boolean draft;
        boolean maintainerCanModify;
        boolean merged;
        String mergedBy;
        String mergeCommitSha;
        Instant updatedAt;
        Instant closedAt;
        Instant mergedAt;
        String lastHeadSha;
        String autoMergeMethod;
        String autoMergeBy;
        final LinkedHashSet<String> labels = new LinkedHashSet<>();
        final LinkedHashSet<String> assignees = new LinkedHashSet<>();
        final LinkedHashSet<String> reviewers = new LinkedHashSet<>();
        final LinkedHashSet<String> teams = new LinkedHashSet<>();
        final List<Comment> comments = new ArrayList<>();

        Pull(int number, long id, String author, String headRef, String baseRef, Instant createdAt) {
            this.number = number;
            this.id = id;
            this.author = author;
            this.headRef = headRef;
            this.baseRef = baseRef;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }

    /** An issue comment on a pull request. */
    record Comment(long id, String user, String body, Instant createdAt) {
    }

    private FakeGitHub(int port) throws IOException {
        this.root = Files.createTempDirectory("fake-github-");
        this.webhooks = new Webhooks(new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock.instant();
            }
        });
        this.rateReset = clock.instant().getEpochSecond() + 3600;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-github-http");
            t.setDaemon(true);
            return t;
        });
        this.api = new Api(this);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a fake on an ephemeral port of 127.0.0.1. */
    public static FakeGitHub start() {
        return start(0);
    }

    /** Starts a fake on the given port of 127.0.0.1 (0 for an ephemeral one). */
    public static FakeGitHub start(int port) {
        try {
            return new FakeGitHub(port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake GitHub on port " + port, e);
        }
    }

    /** The API base URL, e.g. {@code http://127.0.0.1:PORT} (hub4j's {@code withEndpoint}). */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The port the fake listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    // ---- set-up ----

    /** Accepts {@code token} (as {@code Authorization: token X} or {@code Bearer X}) as user {@value #DEFAULT_USER}. */
    public FakeGitHub addToken(String token) {
        return addToken(token, DEFAULT_USER);
    }

    /** Accepts {@code token} as the user {@code login}. */
    public FakeGitHub addToken(String token, String login) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(login, "login");
        synchronized (lock) {
            staticTokens.put(token, login);
        }
        return this;
    }

    /**
     * Registers a GitHub App: JWTs signed with the private key of {@code publicKey} and {@code iss = appId} may call
     * {@code GET /app} and {@code POST /app/installations/{installationId}/access_tokens}.
     */
    public FakeGitHub registerApp(long appId, PublicKey publicKey, long installationId) {
        Objects.requireNonNull(publicKey, "publicKey");
        synchronized (lock) {
            apps.put(appId, publicKey);
            installations.put(installationId, appId);
        }
        return this;
    }

    /** Lifetime of installation tokens issued from now on (default one hour). */
    public FakeGitHub installationTokenLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("installationTokenLifetime must be positive, got " + lifetime);
        }
        synchronized (lock) {
            installationTokenLifetime = lifetime;
        }
        return this;
    }

    /** The clock for timestamps, token expiry, JWT checks and the rate-limit window (tests may move it). */
    public FakeGitHub clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** How {@link #merge(int)} merges: "merge" (a merge commit, the default) or "squash". */
    public FakeGitHub mergeMethod(String method) {
        if (!"merge".equals(method) && !"squash".equals(method)) {
            throw new IllegalArgumentException("mergeMethod must be merge or squash, got " + method);
        }
        synchronized (lock) {
            mergeMethod = method;
        }
        return this;
    }

    /** Sets the core rate limit: {@code remaining} drops with every authenticated call; at 0 the fake answers 403. */
    public FakeGitHub setRateLimit(int limit, int remaining, long resetEpochSeconds) {
        if (limit < 0 || remaining < 0 || remaining > limit) {
            throw new IllegalArgumentException("rate limit needs 0 <= remaining <= limit, got remaining=" + remaining
                    + " limit=" + limit);
        }
        synchronized (lock) {
            rateLimit = limit;
            rateRemaining = remaining;
            rateReset = resetEpochSeconds;
        }
        return this;
    }

    /**
     * Queues one scripted failure: the next request not yet served by an earlier failure is answered with
     * {@code status}, {@code {"message": message}} and, when {@code retryAfterSeconds > 0}, a {@code Retry-After}
     * header (e.g. 403 secondary rate limit, 429, 500, 502). Call it N times for N failing requests.
     */
    public FakeGitHub failNext(int status, int retryAfterSeconds, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("failNext status must be 4xx or 5xx, got " + status);
        }
        synchronized (lock) {
            failures.add(new ScriptedFailure(status, retryAfterSeconds, message == null ? "" : message));
        }
        return this;
    }

    /** Creates a repository with one initial commit on {@code defaultBranch} holding {@code files} (path to text). */
    public FakeGitHub createRepository(String owner, String repo, String defaultBranch, Map<String, String> files) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
        synchronized (lock) {
            String key = key(owner, repo);
            if (repos.containsKey(key)) {
                throw new IllegalArgumentException("repository " + owner + "/" + repo + " already exists");
            }
            GitRepo git = GitRepo.init(root.resolve(owner).resolve(repo + ".git"), defaultBranch);
            Instant now = now();
            Map<String, byte[]> content = new TreeMap<>();
            files.forEach((path, text) -> content.put(path, text.getBytes(StandardCharsets.UTF_8)));
            PersonIdent who = GitRepo.person(owner, owner + "@users.noreply.github.com", now);
            git.commit(defaultBranch, null, content, "Initial commit", who, who);
            repos.put(key, new RepoState(owner, repo, ids.incrementAndGet(), defaultBranch, git, now));
        }
        return this;
    }

    /**
     * A human's commit of one file on {@code branch} (which must exist; a null {@code content} deletes the file);
     * open pull requests with that head branch get a {@code synchronize} event. Returns the new commit sha.
     */
    public String commit(String owner, String repo, String branch, String path, String content, String message) {
        String sha;
        synchronized (lock) {
            RepoState r = repoOrThrow(owner, repo);
            ObjectId head = r.git.branchHead(branch);
            if (head == null) {
                throw new IllegalArgumentException("branch " + branch + " does not exist in " + r.fullName());
            }
            Instant now = now();
            PersonIdent who = GitRepo.person(owner, owner + "@users.noreply.github.com", now);
            Map<String, byte[]> change = new HashMap<>();
            change.put(path, content == null ? null : content.getBytes(StandardCharsets.UTF_8));
            sha = r.git.commit(branch, r.git.resolveCommit(head.name()), change, message, who, who).name();
            r.pushedAt = now;
            api.pulls.branchMoved(r, branch, owner);
        }
        return sha;
    }

    /** Merges pull request {@code number} as a person on the web UI would (with {@link #mergeMethod(String)}). */
    public String merge(int number) {
        String sha;
        synchronized (lock) {
            RepoState r = repoOfPull(number);
            sha = api.pulls.mergePull(r, r.pulls.get(number), mergeMethod, null, null, r.owner);
        }
        return sha;
    }

    /** Closes pull request {@code number} without merging, as a person on the web UI would. */
    public void close(int number) {
        synchronized (lock) {
            RepoState r = repoOfPull(number);
            api.pulls.closePull(r, r.pulls.get(number), r.owner);
        }
    }

    /**
     * From now on, POSTs a {@code pull_request} event to {@code url} whenever a pull request is opened, edited,
     * synchronized, closed, reopened or merged, signed with {@code secret} as GitHub does.
     */
    public FakeGitHub deliverWebhooksTo(URI url, String secret) {
        webhooks.configure(Objects.requireNonNull(url, "url"), secret);
        return this;
    }

    /** Sends a recorded delivery again, byte for byte (same delivery id and signature); returns the status answered. */
    public int redeliver(String deliveryId) {
        return webhooks.redeliver(deliveryId);
    }

    /** Every webhook delivery attempt so far, in order. */
    public List<WebhookDelivery> deliveries() {
        return webhooks.deliveries();
    }

    // ---- observation ----

    /** Every request answered so far, in order. */
    public List<RecordedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** Forgets the recorded requests (e.g. after set-up, before counting a flow's calls). */
    public void clearRequests() {
        synchronized (lock) {
            requests.clear();
        }
    }

    /** A snapshot of pull request {@code number} (which must be unique across the fake's repositories). */
    public PullRequestSnapshot pull(int number) {
        synchronized (lock) {
            RepoState r = repoOfPull(number);
            return api.views.snapshot(r, r.pulls.get(number));
        }
    }

    /** A snapshot of pull request {@code number} of {@code owner/repo}. */
    public PullRequestSnapshot pull(String owner, String repo, int number) {
        synchronized (lock) {
            RepoState r = repoOrThrow(owner, repo);
            Pull p = r.pulls.get(number);
            if (p == null) {
                throw new IllegalArgumentException("no pull request #" + number + " in " + r.fullName());
            }
            return api.views.snapshot(r, p);
        }
    }

    /** Snapshots of every pull request, by repository then number. */
    public List<PullRequestSnapshot> pulls() {
        synchronized (lock) {
            List<PullRequestSnapshot> all = new ArrayList<>();
            for (RepoState r : repos.values()) {
                r.pulls.values().forEach(p -> all.add(api.views.snapshot(r, p)));
            }
            return all;
        }
    }

    /**
     * The JGit repository behind {@code owner/repo}, to read branches and diff in tests. Read it only: writes that
     * bypass the fake are not seen by its pull requests' events.
     */
    public Repository git(String owner, String repo) {
        synchronized (lock) {
            return repoOrThrow(owner, repo).git.repository();
        }
    }

    /** The text of {@code path} on {@code branch}, or null when the file (or branch) does not exist. */
    public String file(String owner, String repo, String branch, String path) {
        synchronized (lock) {
            RepoState r = repoOrThrow(owner, repo);
            RevCommit c = r.git.resolveCommit(branch);
            if (c == null) {
                return null;
            }
            GitRepo.Blob blob = r.git.file(c, path);
            return blob == null ? null : new String(blob.bytes(), StandardCharsets.UTF_8);
        }
    }

    /** The commit sha {@code branch} points at, or null when it does not exist. */
    public String branchSha(String owner, String repo, String branch) {
        synchronized (lock) {
            ObjectId id = repoOrThrow(owner, repo).git.branchHead(branch);
            return id == null ? null : id.name();
        }
    }

    /** Rate-limit calls remaining in the current window. */
    public int rateLimitRemaining() {
        synchronized (lock) {
            return rateRemaining;
        }
    }

    // ---- internals shared with Api ----

    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    static String key(String owner, String repo) {
        return owner.toLowerCase(java.util.Locale.ROOT) + "/" + repo.toLowerCase(java.util.Locale.ROOT);
    }

    private RepoState repoOrThrow(String owner, String repo) {
        RepoState r = repos.get(key(owner, repo));
        if (r == null) {
            throw new IllegalArgumentException("no repository " + owner + "/" + repo + " (createRepository first)");
        }
        return r;
    }

    private RepoState repoOfPull(int number) {
        List<RepoState> holders = repos.values().stream().filter(r -> r.pulls.containsKey(number)).toList();
        if (holders.isEmpty()) {
            throw new IllegalArgumentException("no pull request #" + number);
        }
        if (holders.size() > 1) {
            throw new IllegalArgumentException("pull request #" + number + " exists in several repositories; use"
                    + " pull(owner, repo, number)");
        }
        return holders.get(0);
    }

    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        webhooks.close();
        synchronized (lock) {
            repos.values().forEach(r -> r.git.close());
            repos.clear();
        }
        deleteTree(root);
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the fake's repositories in " + dir, e);
        }
    }
}
