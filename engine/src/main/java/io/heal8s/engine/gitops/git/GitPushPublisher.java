package io.heal8s.engine.gitops.git;

import io.heal8s.engine.config.GitSettings;
import io.heal8s.engine.gitops.ChangePublisher;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.GitOpsException;
import io.heal8s.engine.gitops.ManifestPatchException;
import io.heal8s.engine.gitops.ManifestPatcher;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.engine.gitops.ReviewState;
import io.heal8s.engine.playbook.GitOpsSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Publishes a GitOps change to a plain Git remote (any host, and the sandbox's local repository): it commits the
 * patched manifest on the change's branch and pushes that branch, without opening a pull request, which the team's own
 * tooling does. So {@link Publication#prNumber()} and {@link Publication#url()} are null.
 *
 * <p>Each Remediation gets its own branch ({@code heal8s/<action>/<namespace>-<name>-<id>}) holding one commit whose
 * parent is the base branch's head and whose message ends with the trailers {@value #TRAILER}{@code : ns/name} and
 * {@value #BASE_TRAILER}{@code : <base branch>}. The trailers make every call idempotent and self-describing: a retry
 * finds its commit on the branch instead of pushing a second one, and {@link #state} knows the base branch from the
 * commit alone. When several Remediations for the same target and action have branches on the remote, the newest
 * commit wins: every older unmerged one is {@link ReviewState.State#SUPERSEDED} (the executor then withdraws it).
 *
 * <p>One bare clone per remote lives under {@link GitSettings#workDir()}, named by a hash of the URL without
 * credentials, fetched before every call and reused; at most {@value #DEFAULT_MAX_CLONES} are kept (the least
 * recently used is deleted). Calls on one remote are serialised by a lock, so concurrent publishes cannot corrupt the
 * clone; the work directory belongs to one publisher (not to be shared by two publishers or processes).
 */
public final class GitPushPublisher implements ChangePublisher, AutoCloseable {

    /** The trailer naming the Remediation ({@code namespace/name}) a heal8s commit carries. */
    public static final String TRAILER = "Heal8s-Remediation";
    /** The trailer naming the branch the change was proposed against. */
    public static final String BASE_TRAILER = "Heal8s-Base";
    /** How many remotes keep a local clone at once. */
    public static final int DEFAULT_MAX_CLONES = 16;

    // How far back a branch is searched for heal8s's commit (people may push fix-ups on top of it).
    private static final int MAX_WALK = 100;
    // Manifests larger than this are refused before decoding (the patcher's own bound is 4 Mi characters).
    private static final int MAX_MANIFEST_BYTES = 16 << 20;
    private static final String REMOTE_PREFIX = "refs/remotes/origin/";

    private final GitSettings settings;
    private final ManifestPatcher patcher;
    private final int maxClones;
    // Access-ordered: the first entry is the least recently used clone. Guarded by itself.
    private final LinkedHashMap<String, Clone> clones = new LinkedHashMap<>(16, 0.75f, true);

    public GitPushPublisher(GitSettings settings) {
        this(settings, new ManifestPatcher(), DEFAULT_MAX_CLONES);
    }

    GitPushPublisher(GitSettings settings, ManifestPatcher patcher, int maxClones) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.patcher = Objects.requireNonNull(patcher, "patcher");
        if (maxClones < 1) {
            throw new IllegalArgumentException("maxClones must be at least 1: " + maxClones);
        }
        this.maxClones = maxClones;
        HermeticGit.install();
    }

    @Override
    public Publication publish(ChangeRequest request) {
        Objects.requireNonNull(request, "request");
        GitRemote remote = GitRemote.parse(request.repository());
        String branch = request.content().branch();
        String path = checkPath(request.manifestPath());
        return withClone(remote, repo -> {
            fetch(repo, remote);
            Optional<Publication> found = findOwn(repo, remote, request, branch);
            if (found.isPresent()) {
                return found.get();
            }
            ObjectId commit = commit(repo, remote, request, path);
            RemoteRefUpdate update = new RemoteRefUpdate(repo, (String) null, commit, Constants.R_HEADS + branch,
                    false, null, ObjectId.zeroId());
            RemoteRefUpdate.Status status = push(repo, remote, update);
            if (status != RemoteRefUpdate.Status.OK) {
                // Someone pushed the branch between our fetch and our push (another replica, a person): look again.
                fetch(repo, remote);
                return findOwn(repo, remote, request, branch).orElseThrow(() -> GitOpsException.retryable(
                        "GitUnavailable", remote + " refused branch " + branch + ": " + status + " "
                                + redact(String.valueOf(update.getMessage())), null, null));
            }
            setLocalRef(repo, REMOTE_PREFIX + branch, commit);
            return new Publication(request.repository(), branch, commit.name(), null, null,
                    Publication.Outcome.CREATED, null);
        });
    }

    @Override
    public ReviewState state(Publication publication) {
        Objects.requireNonNull(publication, "publication");
        GitRemote remote = GitRemote.parse(publication.repository());
        return withClone(remote, repo -> {
            fetch(repo, remote);
            return state(repo, remote, publication);
        });
    }

    @Override
    public void withdraw(Publication publication, String comment) {
        Objects.requireNonNull(publication, "publication");
        GitRemote remote = GitRemote.parse(publication.repository());
        withClone(remote, repo -> {
            fetch(repo, remote);
            Ref branch = repo.exactRef(REMOTE_PREFIX + publication.branch());
            if (branch == null || state(repo, remote, publication).state() == ReviewState.State.MERGED) {
                return null;
            }
            // A plain remote has nowhere to put the comment; the branch's deletion is the withdrawal. Expecting the
            // fetched head means a commit pushed meanwhile is never deleted unseen.
            RemoteRefUpdate.Status status = push(repo, remote, new RemoteRefUpdate(repo, (String) null,
                    Constants.R_HEADS + publication.branch(), false, null, branch.getObjectId()));
            if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.NON_EXISTING) {
                throw GitOpsException.retryable("GitUnavailable", "could not delete branch " + publication.branch()
                        + " of " + remote + ": " + status, null, null);
            }
            return null;
        });
    }

    /** Closes the local clones (they stay on disk for the next start). */
    @Override
    public void close() {
        synchronized (clones) {
            clones.values().forEach(c -> {
                if (c.repo != null) {
                    c.repo.close();
                }
            });
            clones.clear();
        }
    }

    // --- publish --------------------------------------------------------------------------------------------------

    private Optional<Publication> findOwn(Repository repo, GitRemote remote, ChangeRequest request, String branch)
            throws IOException {
        Ref ref = repo.exactRef(REMOTE_PREFIX + branch);
        if (ref == null) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit own = heal8sCommit(walk, ref.getObjectId(), request.remediation());
            if (own == null) {
                throw conflict(remote, branch, request);
            }
            return Optional.of(new Publication(request.repository(), branch, own.name(), null, null,
                    Publication.Outcome.FOUND, null));
        }
    }

    private ObjectId commit(Repository repo, GitRemote remote, ChangeRequest request, String path) throws IOException {
        String base = request.baseBranch();
        Ref baseRef = repo.exactRef(REMOTE_PREFIX + base);
        if (baseRef == null) {
            throw GitOpsException.permanent("ManifestNotFound", path + " cannot be read from " + remote
                    + ": it has no branch " + base);
        }
        try (RevWalk walk = new RevWalk(repo); ObjectInserter inserter = repo.newObjectInserter();
                ObjectReader reader = repo.newObjectReader()) {
            RevCommit baseCommit = walk.parseCommit(baseRef.getObjectId());
            TreeWalk file = TreeWalk.forPath(reader, path, baseCommit.getTree());
            if (file == null || (file.getFileMode(0).getObjectType() != Constants.OBJ_BLOB)) {
                throw GitOpsException.permanent("ManifestNotFound", path + " is not a file in " + remote
                        + " at branch " + base);
            }
            FileMode mode = file.getFileMode(0);
            String manifest = decode(reader, file.getObjectId(0), path);
            String patched;
            try {
                patched = patcher.apply(manifest, request.target(), request.result());
            } catch (ManifestPatchException e) {
                throw GitOpsException.permanent("PatchFailed", path + " in " + remote + " at branch " + base + ": "
                        + e.getMessage());
            }
            if (patched.equals(manifest)) {
                throw GitOpsException.permanent("NothingToChange", path + " in " + remote + " at branch " + base
                        + " already has the values " + request.result().action() + " would write");
            }
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, patched.getBytes(StandardCharsets.UTF_8));
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, baseCommit.getTree());
            builder.finish();
            DirCacheEditor editor = index.editor();
            editor.add(new DirCacheEditor.PathEdit(path) {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(mode);
                    entry.setObjectId(blob);
                }
            });
            editor.finish();
            PersonIdent ident = new PersonIdent(settings.authorName(), settings.authorEmail());
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setParentId(baseCommit);
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage(request.content().title() + "\n\n" + TRAILER + ": " + request.remediation() + "\n"
                    + BASE_TRAILER + ": " + base + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    private static String decode(ObjectReader reader, ObjectId blob, String path) throws IOException {
        byte[] bytes;
        try {
            bytes = reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(MAX_MANIFEST_BYTES);
        } catch (LargeObjectException e) {
            throw GitOpsException.permanent("PatchFailed", path + " is larger than " + MAX_MANIFEST_BYTES
                    + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw GitOpsException.permanent("PatchFailed", path + " is not UTF-8 text");
        }
    }

    private static GitOpsException conflict(GitRemote remote, String branch, ChangeRequest request) {
        return GitOpsException.permanent("BranchConflict", "branch " + branch + " of " + remote + " exists without "
                + "heal8s's commit for " + request.remediation() + " (no '" + TRAILER + ": " + request.remediation()
                + "' trailer in its last " + MAX_WALK + " commits): delete it to let heal8s push its own");
    }

    /** Refuses a path that would leave the repository; the executor has checked it already, this is the last guard. */
    private static String checkPath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\")
                || Stream.of(path.split("/", -1)).anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
            throw GitOpsException.permanent("InvalidManifestPath", "manifest path '" + path + "' must be relative to "
                    + "the repository root, without empty, '.' or '..' segments");
        }
        return path;
    }

    // --- state ----------------------------------------------------------------------------------------------------

    private ReviewState state(Repository repo, GitRemote remote, Publication publication) throws IOException {
        String branch = publication.branch();
        Ref branchRef = repo.exactRef(REMOTE_PREFIX + branch);
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit own = ownCommit(repo, walk, publication, branchRef);
            if (own == null) {
                return new ReviewState(ReviewState.State.CLOSED, null, "branch " + branch + " is gone from " + remote
                        + " and its commit is on no branch");
            }
            String base = trailer(own, BASE_TRAILER).orElse(GitOpsSpec.DEFAULT_BRANCH);
            Ref baseRef = repo.exactRef(REMOTE_PREFIX + base);
            if (baseRef != null) {
                RevCommit baseHead = walk.parseCommit(baseRef.getObjectId());
                if (walk.isMergedInto(own, baseHead)) {
                    ObjectId merge = mergeCommit(repo, baseHead, own);
                    return new ReviewState(ReviewState.State.MERGED, merge == null ? null : merge.name(),
                            "merged into " + base);
                }
                walk.reset();
                if (sameFiles(repo, walk, own, baseHead)) {
                    return new ReviewState(ReviewState.State.MERGED, null, base + " has the branch's manifest "
                            + "(squashed or applied by hand)");
                }
            }
            if (branchRef == null) {
                return new ReviewState(ReviewState.State.CLOSED, null, "branch " + branch + " was deleted from "
                        + remote + " without being merged into " + base);
            }
            Optional<String> newer = newerSibling(repo, branch, own);
            if (newer.isPresent()) {
                return new ReviewState(ReviewState.State.SUPERSEDED, null, newer.get());
            }
            return new ReviewState(ReviewState.State.OPEN, null, "branch " + branch + " waits to be merged into "
                    + base);
        }
    }

    /** The publication's commit, or heal8s's commit on the branch when the publication names none; null if unknown. */
    private static RevCommit ownCommit(Repository repo, RevWalk walk, Publication publication, Ref branchRef)
            throws IOException {
        if (publication.commitSha() != null) {
            ObjectId id;
            try {
                id = ObjectId.fromString(publication.commitSha());
            } catch (IllegalArgumentException e) {
                throw GitOpsException.permanent("InvalidPublication", "commit '" + publication.commitSha()
                        + "' is not a Git object id");
            }
            if (!repo.getObjectDatabase().has(id)) {
                return null;
            }
            return walk.parseCommit(id);
        }
        if (branchRef == null) {
            return null;
        }
        RevCommit tip = walk.parseCommit(branchRef.getObjectId());
        return trailer(tip, TRAILER).isPresent() ? tip : null;
    }

    /**
     * The commit of the base branch's first-parent history that is the change (a fast-forward, a rebase keeping it)
     * or merged it in; null when not found within {@value #MAX_WALK} times ten commits.
     */
    private static ObjectId mergeCommit(Repository repo, RevCommit baseHead, RevCommit own) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit change = walk.parseCommit(own);
            RevCommit c = walk.parseCommit(baseHead);
            for (int i = 0; i < MAX_WALK * 10 && c != null; i++) {
                if (c.equals(change)) {
                    return c;
                }
                for (int p = 1; p < c.getParentCount(); p++) {
                    if (walk.isMergedInto(change, walk.parseCommit(c.getParent(p)))) {
                        return c;
                    }
                }
                c = c.getParentCount() == 0 ? null : walk.parseCommit(c.getParent(0));
            }
            return null;
        }
    }

    /** Whether every file the change's commit touched has, at the base head, the content the commit gave it. */
    private static boolean sameFiles(Repository repo, RevWalk walk, RevCommit own, RevCommit baseHead)
            throws IOException {
        if (own.getParentCount() != 1) {
            return false;
        }
        RevCommit parent = walk.parseCommit(own.getParent(0));
        List<String> changed = new ArrayList<>();
        try (TreeWalk diff = new TreeWalk(repo)) {
            diff.setRecursive(true);
            diff.setFilter(TreeFilter.ANY_DIFF);
            diff.addTree(parent.getTree());
            diff.addTree(own.getTree());
            while (diff.next()) {
                changed.add(diff.getPathString());
            }
        }
        if (changed.isEmpty()) {
            return false;
        }
        try (ObjectReader reader = repo.newObjectReader()) {
            for (String path : changed) {
                TreeWalk mine = TreeWalk.forPath(reader, path, own.getTree());
                TreeWalk theirs = TreeWalk.forPath(reader, path, baseHead.getTree());
                if (mine == null ? theirs != null : theirs == null || !mine.getObjectId(0).equals(theirs.getObjectId(0))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A newer heal8s branch for the same target and action (same {@link ChangeRequest#sameChangePrefix()}), described
     * for people; empty when this branch is the newest. Newer means a later commit time; equal times are ordered by
     * commit id, so exactly one branch of a prefix is never superseded.
     */
    private static Optional<String> newerSibling(Repository repo, String branch, RevCommit own) throws IOException {
        String prefix = branch.substring(0, branch.lastIndexOf('-') + 1);
        String mine = trailer(own, TRAILER).orElse("");
        Comparator<RevCommit> order = Comparator.comparingInt(RevCommit::getCommitTime)
                .thenComparing(c -> c.getId().name());
        try (RevWalk walk = new RevWalk(repo)) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix(REMOTE_PREFIX + prefix)) {
                String other = ref.getName().substring(REMOTE_PREFIX.length());
                if (other.equals(branch) || other.lastIndexOf('-') != prefix.length() - 1) {
                    continue;
                }
                RevCommit tip = walk.parseCommit(ref.getObjectId());
                RevCommit theirs = heal8sCommit(walk, tip, null);
                if (theirs == null) {
                    continue;
                }
                String remediation = trailer(theirs, TRAILER).orElse("");
                if (!remediation.equals(mine) && order.compare(theirs, own) > 0) {
                    return Optional.of("superseded by branch " + other + " (Remediation " + remediation + ")");
                }
            }
        }
        return Optional.empty();
    }

    // --- commits and trailers -------------------------------------------------------------------------------------

    /** The newest heal8s commit within {@value #MAX_WALK} commits of {@code tip}, for {@code remediation} if not null. */
    private static RevCommit heal8sCommit(RevWalk walk, ObjectId tip, String remediation) throws IOException {
        walk.reset();
        walk.markStart(walk.parseCommit(tip));
        int seen = 0;
        for (RevCommit c : walk) {
            Optional<String> named = trailer(c, TRAILER);
            if (named.isPresent() && (remediation == null || named.get().equals(remediation))) {
                return c;
            }
            if (++seen >= MAX_WALK) {
                break;
            }
        }
        return null;
    }

    /** The value of a trailer line {@code key: value} in the commit's message. */
    static Optional<String> trailer(RevCommit commit, String key) {
        String prefix = key + ": ";
        for (String line : commit.getFullMessage().split("\n")) {
            if (line.startsWith(prefix)) {
                return Optional.of(line.substring(prefix.length()).strip());
            }
        }
        return Optional.empty();
    }

    // --- transport ------------------------------------------------------------------------------------------------

    private void fetch(Repository repo, GitRemote remote) {
        try (Transport transport = open(repo, remote)) {
            transport.setRemoveDeletedRefs(true);
            transport.fetch(NullProgressMonitor.INSTANCE,
                    List.of(new RefSpec("+" + Constants.R_HEADS + "*:" + REMOTE_PREFIX + "*")));
        } catch (IOException | RuntimeException e) {
            throw transportError("fetch from", remote, e);
        }
    }

    private RemoteRefUpdate.Status push(Repository repo, GitRemote remote, RemoteRefUpdate update) {
        try (Transport transport = open(repo, remote)) {
            PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
            RemoteRefUpdate.Status status = result.getRemoteUpdate(update.getRemoteName()).getStatus();
            if (status == RemoteRefUpdate.Status.OK && update.isDelete()) {
                RefUpdate local = repo.updateRef(REMOTE_PREFIX + update.getRemoteName()
                        .substring(Constants.R_HEADS.length()));
                local.setForceUpdate(true);
                local.delete();
            }
            return status;
        } catch (IOException | RuntimeException e) {
            if (e instanceof GitOpsException g) {
                throw g;
            }
            throw transportError("push to", remote, e);
        }
    }

    private Transport open(Repository repo, GitRemote remote) throws IOException {
        if (remote.ssh() && SshSessionFactory.getInstance() == null) {
            throw GitOpsException.permanent("GitSshUnsupported", remote + " is an SSH remote, and this build of "
                    + "heal8s has no SSH transport: use its https:// URL with " + GitSettings.PASSWORD_FILE);
        }
        Transport transport = Transport.open(repo, remote.uri());
        transport.setTimeout((int) settings.timeout().toSeconds());
        credentials().ifPresent(transport::setCredentialsProvider);
        return transport;
    }

    private Optional<CredentialsProvider> credentials() {
        return settings.password().map(p -> new UsernamePasswordCredentialsProvider(settings.username(), p));
    }

    private GitOpsException transportError(String what, GitRemote remote, Exception e) {
        if (e instanceof GitOpsException g) {
            return g;
        }
        String detail = redact(String.valueOf(e.getMessage()));
        String lower = detail.toLowerCase(Locale.ROOT);
        boolean refused = lower.contains("not authorized") || lower.contains("authentication")
                || lower.contains("auth fail") || lower.contains("not permitted") || lower.contains("forbidden");
        // The cause is left out: JGit's messages and stack traces may carry the URL with its credentials.
        return GitOpsException.retryable(refused ? "GitUnauthorized" : "GitUnavailable", "could not " + what + " "
                + remote + (refused ? " (credentials refused; check " + GitSettings.USERNAME + " and "
                        + GitSettings.PASSWORD_FILE + ")" : "") + ": " + detail, null, null);
    }

    private String redact(String text) {
        String redacted = GitRemote.redact(text);
        Optional<String> password = settings.password();
        return password.isPresent() ? redacted.replace(password.get(), "***") : redacted;
    }

    private static void setLocalRef(Repository repo, String name, ObjectId id) throws IOException {
        RefUpdate update = repo.updateRef(name);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        update.update();
    }

    // --- local clones ---------------------------------------------------------------------------------------------

    /** A body run under the remote's lock with its local clone. */
    @FunctionalInterface
    private interface GitWork<T> {
        T run(Repository repo) throws IOException;
    }

    private <T> T withClone(GitRemote remote, GitWork<T> work) {
        while (true) {
            Clone clone = cloneOf(remote);
            clone.lock.lock();
            try {
                if (clone.evicted) {
                    continue;
                }
                try {
                    if (clone.repo == null) {
                        clone.repo = openOrInit(clone.dir);
                    }
                    return work.run(clone.repo);
                } catch (MissingObjectException e) {
                    throw GitOpsException.retryable("GitUnavailable", "the local clone of " + remote + " lacks an "
                            + "object (" + e.getObjectId().name() + "): " + redact(String.valueOf(e.getMessage())), null,
                            null);
                } catch (IOException e) {
                    throw transportError("use the local clone of", remote, e);
                }
            } finally {
                clone.lock.unlock();
            }
        }
    }

    private Clone cloneOf(GitRemote remote) {
        String name = remote.cloneName();
        synchronized (clones) {
            Clone clone = clones.computeIfAbsent(name, n -> new Clone(settings.workDir().resolve(n)));
            if (clones.size() > maxClones) {
                evictOne(clone);
            }
            return clone;
        }
    }

    // Called holding clones' monitor: deletes the least recently used clone that no call is using.
    private void evictOne(Clone keep) {
        Iterator<Map.Entry<String, Clone>> it = clones.entrySet().iterator();
        while (it.hasNext()) {
            Clone candidate = it.next().getValue();
            if (candidate != keep && candidate.lock.tryLock()) {
                try {
                    candidate.evicted = true;
                    if (candidate.repo != null) {
                        candidate.repo.close();
                    }
                    deleteTree(candidate.dir);
                    it.remove();
                    return;
                } finally {
                    candidate.lock.unlock();
                }
            }
        }
    }

    private static Repository openOrInit(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try {
                Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true)
                        .build();
                if (repo.getObjectDatabase().exists()) {
                    return repo;
                }
                repo.close();
            } catch (IOException | RuntimeException e) {
                // Not a repository (a crash during init, a stray directory): start again below.
            }
            deleteTree(dir);
        }
        Files.createDirectories(dir.getParent());
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
        repo.create(true);
        return repo;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the local clone " + dir, e);
        }
    }

    /** One remote's local clone and the lock that serialises its use. */
    private static final class Clone {
        final Path dir;
        final ReentrantLock lock = new ReentrantLock();
        // Both guarded by lock.
        Repository repo;
        boolean evicted;

        Clone(Path dir) {
            this.dir = dir;
        }
    }
}
