package io.heal8s.fakegithub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * One repository of the fake: a bare JGit repository written without a work tree (commits are built from trees in
 * memory), so that what the API reports (blob shas, commit shas, refs) is what real Git computes.
 */
final class GitRepo implements AutoCloseable {

    /** A file at a commit: its blob id and bytes. */
    record Blob(String path, ObjectId id, byte[] bytes) {
    }

    /** An entry of a directory listing. */
    record Entry(String name, String path, ObjectId id, boolean directory, long size) {
    }

    private final Git git;
    private final Repository repository;

    private GitRepo(Git git) {
        this.git = git;
        this.repository = git.getRepository();
    }

    static GitRepo init(Path dir, String defaultBranch) {
        try {
            return new GitRepo(Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch(defaultBranch)
                    .call());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a bare repository in " + dir, e);
        }
    }

    Repository repository() {
        return repository;
    }

    /** The commit a branch points at, or null when the branch does not exist. */
    ObjectId branchHead(String branch) {
        try {
            Ref ref = repository.exactRef(Constants.R_HEADS + branch);
            return ref == null ? null : ref.getObjectId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Branch names, sorted. */
    List<String> branches() {
        try {
            List<String> names = new ArrayList<>();
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                names.add(ref.getName().substring(Constants.R_HEADS.length()));
            }
            Collections.sort(names);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resolves a branch name or a (full or abbreviated) commit sha to a commit, or null. */
    RevCommit resolveCommit(String shaOrBranch) {
        try {
            ObjectId id = branchHead(shaOrBranch);
            if (id == null) {
                if (!shaOrBranch.matches("[0-9a-fA-F]{4,40}")) {
                    return null;
                }
                id = repository.resolve(shaOrBranch);
            }
            if (id == null) {
                return null;
            }
            try (RevWalk walk = new RevWalk(repository)) {
                return walk.parseCommit(id);
            }
        } catch (org.eclipse.jgit.errors.MissingObjectException
                 | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file at {@code path} in {@code commit}, or null when there is no such file. */
    Blob file(RevCommit commit, String path) {
        try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
            if (walk == null || walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                return null;
            }
            ObjectId id = walk.getObjectId(0);
            return new Blob(path, id, repository.open(id, Constants.OBJ_BLOB).getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of directory {@code path} ("" for the root), or null when it is not a directory. */
    List<Entry> directory(RevCommit commit, String path) {
        try (ObjectReader reader = repository.newObjectReader()) {
            ObjectId tree;
            if (path.isEmpty()) {
                tree = commit.getTree();
            } else {
                try (TreeWalk at = TreeWalk.forPath(reader, path, commit.getTree())) {
                    if (at == null || at.getFileMode(0) != FileMode.TREE) {
                        return null;
                    }
                    tree = at.getObjectId(0);
                }
            }
            List<Entry> entries = new ArrayList<>();
            try (TreeWalk walk = new TreeWalk(reader)) {
                walk.addTree(tree);
                walk.setRecursive(false);
                while (walk.next()) {
                    boolean dir = walk.getFileMode(0) == FileMode.TREE;
                    ObjectId id = walk.getObjectId(0);
                    long size = dir ? 0 : reader.getObjectSize(id, Constants.OBJ_BLOB);
                    String child = path.isEmpty() ? walk.getPathString() : path + "/" + walk.getPathString();
                    entries.add(new Entry(walk.getNameString(), child, id, dir, size));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Commits {@code files} (path to content; a null content deletes the path) on top of {@code parent} (null for a
     * root commit) and moves {@code branch} to the new commit, refusing when the branch moved meanwhile.
     */
    RevCommit commit(String branch, RevCommit parent, Map<String, byte[]> files, String message, PersonIdent author,
                     PersonIdent committer) {
        try (ObjectInserter inserter = repository.newObjectInserter();
             ObjectReader reader = repository.newObjectReader()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (parent != null) {
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
            }
            builder.finish();
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                if (file.getValue() == null) {
                    editor.add(new DirCacheEditor.DeletePath(file.getKey()));
                    continue;
                }
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
                editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                    @Override
                    public void apply(DirCacheEntry entry) {
                        entry.setFileMode(FileMode.REGULAR_FILE);
                        entry.setObjectId(blob);
                    }
                });
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            return writeCommit(inserter, branch, tree, parent == null ? List.of() : List.of(parent), message, author,
                    committer, parent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome of a merge attempt: the new commit on the base, or null when the trees conflict. */
    RevCommit merge(String baseBranch, RevCommit head, boolean squash, String message, PersonIdent person) {
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            RevCommit base = walk.parseCommit(branchHead(baseBranch));
            ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(repository, true);
            if (!merger.merge(base, head)) {
                return null;
            }
            List<RevCommit> parents = squash ? List.of(base) : List.of(base, head);
            return writeCommit(inserter, baseBranch, merger.getResultTreeId(), parents, message, person, person, base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the trees of base and head merge without conflicts (what GitHub shows as "mergeable"). */
    boolean mergeable(String baseBranch, ObjectId head) {
        try (RevWalk walk = new RevWalk(repository)) {
            ObjectId baseId = branchHead(baseBranch);
            if (baseId == null || head == null) {
                return false;
            }
            ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(repository, true);
            return merger.merge(walk.parseCommit(baseId), walk.parseCommit(head));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits reachable from head and not from base (GitHub's "commits ahead"). */
    int commitsAhead(ObjectId base, ObjectId head) {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(head));
            walk.markUninteresting(walk.parseCommit(base));
            int n = 0;
            for (RevCommit ignored : walk) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code ancestor} is reachable from {@code descendant}. */
    boolean isAncestor(ObjectId ancestor, ObjectId descendant) {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(descendant));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether an object of any type exists with this id. */
    boolean hasCommit(String sha) {
        return sha != null && sha.matches("[0-9a-fA-F]{40}") && resolveCommit(sha) != null;
    }

    /** Creates, moves (with {@code expectedOld} as the compare-and-swap value) or deletes (null target) a branch. */
    RefUpdate.Result setBranch(String branch, ObjectId expectedOld, ObjectId target) {
        try {
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setExpectedOldObjectId(expectedOld == null ? ObjectId.zeroId() : expectedOld);
            update.setForceUpdate(true);
            if (target == null) {
                return update.delete();
            }
            update.setNewObjectId(target);
            update.setRefLogMessage("fake-github", false);
            return update.update();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RevCommit writeCommit(ObjectInserter inserter, String branch, ObjectId tree, List<RevCommit> parents,
                                  String message, PersonIdent author, PersonIdent committer, RevCommit expectedOld)
            throws IOException {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentIds(parents.toArray(new ObjectId[0]));
        commit.setAuthor(author);
        commit.setCommitter(committer);
        commit.setMessage(message);
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        RefUpdate.Result result = setBranch(branch, expectedOld, id);
        if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD
                && result != RefUpdate.Result.FORCED) {
            throw new IllegalStateException("branch " + branch + " moved while committing: " + result);
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(id);
        }
    }

    static PersonIdent person(String name, String email, Instant when) {
        return new PersonIdent(name, email, when, ZoneOffset.UTC);
    }

    @Override
    public void close() {
        repository.close();
        git.close();
    }
}
