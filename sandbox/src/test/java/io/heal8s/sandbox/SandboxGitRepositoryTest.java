package io.heal8s.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.action.Patch;
import io.heal8s.engine.action.PatchTarget;
import io.heal8s.engine.action.PatchType;
import io.heal8s.engine.config.GitSettings;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.engine.gitops.Publication;
import io.heal8s.engine.gitops.PullRequestContent;
import io.heal8s.engine.gitops.ReviewState;
import io.heal8s.engine.gitops.git.GitPushPublisher;
import io.heal8s.engine.playbook.ActionType;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxGitRepositoryTest {

    /** The example repository of this project, as the sandbox seeds it. */
    static final Path EXAMPLES = Path.of("..", "examples", "manifests-repo");

    @TempDir
    Path tmp;

    @Test
    void seedsMainWithOneCommitOfEveryExampleFile() throws Exception {
        Path bare = tmp.resolve("manifests.git");

        URI uri = SandboxGitRepository.seed(bare, EXAMPLES);

        assertThat(uri.getScheme()).isEqualTo("file");
        assertThat(Path.of(uri)).isEqualTo(bare.toAbsolutePath());
        try (Repository repo = open(bare)) {
            assertThat(repo.isBare()).isTrue();
            assertThat(repo.getFullBranch()).isEqualTo(Constants.R_HEADS + "main");
            RevCommit seed = head(repo);
            assertThat(seed.getParentCount()).isZero();
            assertThat(seed.getShortMessage()).isEqualTo("Seed from examples/manifests-repo");
            Map<String, String> files = files(repo, seed);
            assertThat(files).containsKeys("README.md", "apps/shop/checkout.yaml", "apps/shop/orders-db.yaml");
            assertThat(files.get("apps/shop/checkout.yaml"))
                    .isEqualTo(Files.readString(EXAMPLES.resolve("apps/shop/checkout.yaml")));
            assertThat(files).hasSize(countFiles(EXAMPLES));
        }
    }

    @Test
    void dotDirectoriesAreSeededAndAGitDirectoryIsNot() throws Exception {
        Path source = tmp.resolve("source");
        Files.createDirectories(source.resolve(".github/workflows"));
        Files.createDirectories(source.resolve(".git"));
        Files.createDirectories(source.resolve("apps/shop"));
        Files.writeString(source.resolve(".github/workflows/apply.yaml"), "on: push\n");
        Files.writeString(source.resolve(".git/config"), "[core]\n");
        Files.writeString(source.resolve("apps/shop/checkout.yaml"), "kind: Deployment\n");

        SandboxGitRepository.seed(tmp.resolve("r.git"), source);

        try (Repository repo = open(tmp.resolve("r.git"))) {
            assertThat(files(repo, head(repo))).containsOnlyKeys(".github/workflows/apply.yaml",
                    "apps/shop/checkout.yaml");
        }
    }

    @Test
    void anExistingRepositoryIsReusedWithWhatWasPushedToIt() throws Exception {
        Path bare = tmp.resolve("manifests.git");
        SandboxGitRepository.seed(bare, EXAMPLES);
        ObjectId seeded;
        try (Repository repo = open(bare)) {
            seeded = head(repo);
        }
        // A branch pushed as heal8s pushes it, through the file:// transport.
        Path work = tmp.resolve("work.git");
        try (Repository clone = new FileRepositoryBuilder().setGitDir(work.toFile()).setBare().build()) {
            clone.create(true);
            try (Transport t = Transport.open(clone, new URIish(bare.toUri().toString()))) {
                t.fetch(NullProgressMonitor.INSTANCE,
                        List.of(new RefSpec("+refs/heads/*:refs/remotes/origin/*")));
            }
            try (Transport t = Transport.open(clone, new URIish(bare.toUri().toString()))) {
                t.push(NullProgressMonitor.INSTANCE, List.of(
                        new RemoteRefUpdate(clone, (String) null, seeded,
                                "refs/heads/heal8s/increase-memory/shop-checkout-1a2b3c4d", false, null, null)));
            }
        }

        URI again = SandboxGitRepository.seed(bare, EXAMPLES);

        assertThat(Path.of(again)).isEqualTo(bare.toAbsolutePath());
        try (Repository repo = open(bare)) {
            assertThat(head(repo).getId()).isEqualTo(seeded);
            assertThat(repo.exactRef("refs/heads/heal8s/increase-memory/shop-checkout-1a2b3c4d")).isNotNull();
        }
    }

    @Test
    void heal8sPushesItsBranchToTheSeededRepositoryWithAOneLineDiff() throws Exception {
        Path bare = tmp.resolve("manifests.git");
        URI uri = SandboxGitRepository.seed(bare, EXAMPLES);
        ActionResult raise = new ActionResult(ActionType.IncreaseMemory, true, "memory limit 256Mi → 320Mi",
                List.of(new FieldChange("spec.template.spec.containers[name=checkout].resources.limits.memory",
                        "256Mi", "320Mi")),
                new Patch(PatchTarget.WORKLOAD, PatchType.STRATEGIC_MERGE, Map.of("spec", Map.of())), "d");
        String branch = "heal8s/increase-memory/shop-checkout-1a2b3c4d";
        ChangeRequest request = new ChangeRequest(uri.toString(), SandboxGitRepository.BRANCH,
                "apps/shop/checkout.yaml", new ManifestTarget("Deployment", "checkout", "shop"), raise,
                new PullRequestContent(branch, "heal8s: IncreaseMemory on Deployment shop/checkout", "body", List.of()),
                "shop/checkout-oom-1", List.of(), List.of(), false, false);

        try (GitPushPublisher publisher = new GitPushPublisher(GitSettings.fromMap(Map.of(GitSettings.WORK_DIR,
                tmp.resolve("clones").toString())))) {
            Publication p = publisher.publish(request);

            assertThat(p.outcome()).isEqualTo(Publication.Outcome.CREATED);
            assertThat(publisher.state(p).state()).isEqualTo(ReviewState.State.OPEN);
        }
        try (Repository repo = open(bare)) {
            String before = files(repo, head(repo)).get("apps/shop/checkout.yaml");
            String after;
            try (RevWalk walk = new RevWalk(repo)) {
                after = files(repo, walk.parseCommit(repo.resolve(branch))).get("apps/shop/checkout.yaml");
            }
            assertThat(after).isEqualTo(before.replace("memory: 256Mi   #", "memory: 320Mi   #"));
            assertThat(after).isNotEqualTo(before);
        }
    }

    @Test
    void anEmptyDirectoryIsSeeded() throws Exception {
        Path bare = Files.createDirectories(tmp.resolve("empty"));

        SandboxGitRepository.seed(bare, EXAMPLES);

        try (Repository repo = open(bare)) {
            assertThat(head(repo).getShortMessage()).isEqualTo(SandboxGitRepository.SEED_MESSAGE);
        }
    }

    @Test
    void aDirectoryThatIsNotARepositoryIsNeverTouched() throws IOException {
        Path notRepo = Files.createDirectories(tmp.resolve("photos"));
        Path photo = Files.writeString(notRepo.resolve("cat.jpg"), "meow");

        assertThatThrownBy(() -> SandboxGitRepository.seed(notRepo, EXAMPLES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(notRepo.toAbsolutePath().toString())
                .hasMessageContaining("neither empty nor a bare Git repository");
        assertThat(photo).hasContent("meow");
        assertThatThrownBy(() -> SandboxGitRepository.seed(tmp.resolve("x.git"), tmp.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sourceDir");
    }

    private static Repository open(Path bare) throws IOException {
        return new FileRepositoryBuilder().setGitDir(bare.toFile()).setBare().setMustExist(true).build();
    }

    private static RevCommit head(Repository repo) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(repo.resolve(Constants.HEAD));
        }
    }

    private static Map<String, String> files(Repository repo, RevCommit commit) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                files.put(tree.getPathString(), new String(repo.open(tree.getObjectId(0)).getBytes(),
                        StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static int countFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return (int) walk.filter(Files::isRegularFile).count();
        }
    }
}
