package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What a GitOps change did to a manifest, line by line: the ITs check that heal8s' branch differs from the base only in
 * the lines its change names (a reviewer's minimal diff), reading the repositories with JGit as {@code git} would.
 */
final class ManifestDiff {

    private ManifestDiff() {
    }

    /** A line that differs: its number (from 1), the base's text and the branch's. */
    record Changed(int line, String before, String after) {
    }

    /** The lines that differ between two versions of a file; fails when lines were added or removed. */
    static List<Changed> changedLines(String base, String branch) {
        List<String> a = base.lines().toList();
        List<String> b = branch.lines().toList();
        assertThat(b).as("the branch's file has as many lines as the base's").hasSameSizeAs(a);
        List<Changed> changed = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                changed.add(new Changed(i + 1, a.get(i), b.get(i)));
            }
        }
        return changed;
    }

    /** The file {@code path} at the tip of {@code branch} of the (bare) repository at {@code gitDir}. */
    static String file(Path gitDir, String branch, String path) throws IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build()) {
            return file(repo, branch, path);
        }
    }

    /** The file {@code path} at the tip of {@code branch} of {@code repo}. */
    static String file(Repository repo, String branch, String path) throws IOException {
        ObjectId tip = repo.resolve("refs/heads/" + branch);
        assertThat(tip).as("branch %s in %s", branch, repo.getDirectory()).isNotNull();
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(tip);
            try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
                assertThat(tree).as("%s on branch %s", path, branch).isNotNull();
                return new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
