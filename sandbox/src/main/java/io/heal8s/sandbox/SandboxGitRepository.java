package io.heal8s.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The sandbox's manifests repository: a local bare Git repository whose {@code main} starts as one commit of
 * {@code examples/manifests-repo/}, so that heal8s's plain Git target has a remote to push its branches to without any
 * Git host, and people can look at what it pushed with {@code git --git-dir <dir> log --oneline --all}.
 */
public final class SandboxGitRepository {

    /** The branch the seed commit is on, and the repository's {@code HEAD}. */
    public static final String BRANCH = "main";
    /** The seed commit's message. */
    public static final String SEED_MESSAGE = "Seed from examples/manifests-repo";

    private static final PersonIdent SEEDER = new PersonIdent("heal8s sandbox", "heal8s@users.noreply.local");

    private SandboxGitRepository() {
    }

    /**
     * Creates the bare repository at {@code bareRepoDir} with {@code main} holding every regular file under
     * {@code sourceDir} (dot-directories such as {@code .github/} included, {@code .git/} left out) in one commit,
     * {@value #SEED_MESSAGE}. A directory that already is a bare repository with a {@code main} is reused as it is,
     * with the branches heal8s pushed and whatever was merged since, so a restarted sandbox keeps its history.
     *
     * @return the repository's {@code file://} URI, the {@code repository} a GitOps playbook or {@code spec.github} names
     * @throws IllegalArgumentException when {@code sourceDir} is not a directory, or {@code bareRepoDir} exists and is
     *     neither empty nor a Git repository (it is never deleted)
     * @throws UncheckedIOException when the repository cannot be written
     */
    public static URI seed(Path bareRepoDir, Path sourceDir) {
        if (!Files.isDirectory(sourceDir)) {
            throw new IllegalArgumentException("sourceDir '" + sourceDir + "' is not a directory");
        }
        Path dir = bareRepoDir.toAbsolutePath().normalize();
        try {
            boolean exists = Files.isDirectory(dir) && !isEmpty(dir);
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("bareRepoDir '" + dir + "' is a file, not a directory");
            }
            if (exists && !Files.isDirectory(dir.resolve("objects")) || exists && !Files.isRegularFile(dir.resolve("HEAD"))) {
                throw new IllegalArgumentException("bareRepoDir '" + dir + "' is neither empty nor a bare Git "
                        + "repository: remove it or choose another directory");
            }
            try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build()) {
                if (!exists) {
                    repo.create(true);
                }
                if (repo.exactRef(Constants.R_HEADS + BRANCH) == null) {
                    ObjectId commit = commitFiles(repo, sourceDir);
                    RefUpdate main = repo.updateRef(Constants.R_HEADS + BRANCH);
                    main.setNewObjectId(commit);
                    main.setExpectedOldObjectId(ObjectId.zeroId());
                    check(main.update(), "create " + BRANCH + " in " + dir);
                }
                check(repo.updateRef(Constants.HEAD).link(Constants.R_HEADS + BRANCH), "point HEAD of " + dir
                        + " at " + BRANCH);
            }
            return dir.toUri();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seed the sandbox's Git repository " + dir + " from " + sourceDir,
                    e);
        }
    }

    private static ObjectId commitFiles(Repository repo, Path sourceDir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sourceDir)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !gitPath(sourceDir, p).equals(".git") && !gitPath(sourceDir, p).startsWith(".git/")
                            && !gitPath(sourceDir, p).contains("/.git/"))
                    .forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("sourceDir '" + sourceDir + "' holds no files to seed");
        }
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            // The index must be sorted by path as Git sorts it (bytewise), which DirCacheBuilder checks.
            files.stream().sorted((a, b) -> gitPath(sourceDir, a).compareTo(gitPath(sourceDir, b))).forEach(file -> {
                try {
                    DirCacheEntry entry = new DirCacheEntry(gitPath(sourceDir, file));
                    entry.setFileMode(Files.isExecutable(file) ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
                    entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, Files.readAllBytes(file)));
                    builder.add(entry);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setAuthor(SEEDER);
            commit.setCommitter(SEEDER);
            commit.setMessage(SEED_MESSAGE + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String gitPath(Path root, Path file) {
        List<String> names = new ArrayList<>();
        root.relativize(file).forEach(n -> names.add(n.toString()));
        return String.join("/", names);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void check(RefUpdate.Result result, String what) throws IOException {
        switch (result) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {
            }
            default -> throw new IOException("could not " + what + ": " + result);
        }
    }
}
