package io.heal8s.engine.gitops.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
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
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real bare Git repository in a temporary directory, reached by {@code file://}, standing for the team's remote:
 * tests seed it, read its branches and play the people who merge, squash or delete branches.
 */
final class BareRemote implements AutoCloseable {

    private static final PersonIdent PERSON = new PersonIdent("A Reviewer", "reviewer@example.com");

    final Repository repo;
    final String url;

    private BareRemote(Repository repo, String url) {
        this.repo = repo;
        this.url = url;
    }

    static BareRemote create(Path dir, Map<String, String> files) throws IOException {
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
        repo.create(true);
        BareRemote remote = new BareRemote(repo, dir.toUri().toString());
        ObjectId seed = remote.commit(null, files, "Seed");
        remote.setBranch("main", seed);
        return remote;
    }

    /** A commit of the given files (the whole tree) with the given parents. */
    ObjectId commit(ObjectId parent, Map<String, String> files, String message, ObjectId... moreParents)
            throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            files.keySet().stream().sorted().forEach(path -> {
                try {
                    DirCacheEntry entry = new DirCacheEntry(path);
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(inserter.insert(Constants.OBJ_BLOB,
                            files.get(path).getBytes(StandardCharsets.UTF_8)));
                    builder.add(entry);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            List<ObjectId> parents = new ArrayList<>();
            if (parent != null) {
                parents.add(parent);
            }
            parents.addAll(List.of(moreParents));
            commit.setParentIds(parents);
            commit.setAuthor(PERSON);
            commit.setCommitter(PERSON);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    /** A commit with {@code parent}'s tree and one file changed. */
    ObjectId commitFile(ObjectId parent, String path, String text, String message) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>(files(parent));
        files.put(path, text);
        return commit(parent, files, message);
    }

    Map<String, String> files(ObjectId commitId) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(walk.parseCommit(commitId).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                files.put(tree.getPathString(), new String(repo.open(tree.getObjectId(0)).getBytes(),
                        StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    void setBranch(String branch, ObjectId id) throws IOException {
        RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        update.update();
    }

    void deleteBranch(String branch) throws IOException {
        RefUpdate update = repo.updateRef(Constants.R_HEADS + branch);
        update.setForceUpdate(true);
        update.delete();
    }

    ObjectId head(String branch) throws IOException {
        Ref ref = repo.exactRef(Constants.R_HEADS + branch);
        return ref == null ? null : ref.getObjectId();
    }

    RevCommit parse(ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id);
        }
    }

    String file(String branch, String path) throws IOException {
        return files(head(branch)).get(path);
    }

    /** The unified diff between two commits, as {@code git diff a b} prints it. */
    String diff(ObjectId a, ObjectId b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(out); RevWalk walk = new RevWalk(repo);
                ObjectReader reader = repo.newObjectReader()) {
            formatter.setRepository(repo);
            List<DiffEntry> entries = formatter.scan(walk.parseCommit(a).getTree(), walk.parseCommit(b).getTree());
            formatter.format(entries);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    List<String> branches() throws IOException {
        return repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                .map(r -> r.getName().substring(Constants.R_HEADS.length())).sorted().toList();
    }

    @Override
    public void close() {
        repo.close();
    }
}
