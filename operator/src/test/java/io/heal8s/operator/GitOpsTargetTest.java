package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.config.GitOpsSettings;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.remediation.GitHubConfig;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a change goes: spec.github field by field over the server's defaults, and the rendered manifest path. */
class GitOpsTargetTest {

    static final WorkloadRef CHECKOUT = new WorkloadRef(WorkloadKind.StatefulSet, "shop", "checkout", "app");
    static final GitOpsSettings DEFAULTS = GitOpsSettings.fromMap(Map.of(
            GitOpsSettings.REPOSITORY, "acme/defaults",
            GitOpsSettings.BASE_BRANCH, "trunk",
            GitOpsSettings.MANIFEST_PATH, "{environment}/{namespace}/{kind}/{name}.yaml",
            GitOpsSettings.ENVIRONMENT_DEFAULT, "dev"));

    static Remediation remediation(GitHubConfig github, String environment) {
        Remediation r = MockApi.remediation("oom", WorkloadKind.Pod, "checkout-0", Strategy.Mode.GitOps, "24h",
                Instant.parse("2026-11-26T12:00:00Z"));
        r.getSpec().setGithub(github);
        r.getSpec().getStrategy().setEnvironment(environment);
        r.setStatus(new RemediationStatus());
        return r;
    }

    static GitHubConfig github(String repository, String owner, String repo, String branch, String path) {
        GitHubConfig g = new GitHubConfig();
        g.setRepository(repository);
        g.setOwner(owner);
        g.setRepo(repo);
        g.setBaseBranch(branch);
        g.setManifestPath(path);
        return g;
    }

    @Test
    void theSpecWinsFieldByFieldAndTheKindIsWrittenInLowerCase() throws Exception {
        GitOpsTarget t = GitOpsTarget.resolve(remediation(github("acme/shop", null, null, "release", null), "prod"),
                CHECKOUT, DEFAULTS);

        assertThat(t).isEqualTo(new GitOpsTarget("acme/shop", "release", "prod/shop/statefulset/checkout.yaml"));
    }

    @Test
    void ownerAndRepoMakeTheRepositoryWhenRepositoryIsAbsent() throws Exception {
        assertThat(GitOpsTarget.repository(remediation(github(null, "acme", "legacy", null, null), null), DEFAULTS))
                .isEqualTo("acme/legacy");
    }

    @Test
    void withoutSpecGithubOrWithItSwitchedOffTheDefaultsHold() throws Exception {
        GitHubConfig off = github("acme/shop", null, null, "release", "x/{name}.yaml");
        off.setEnabled(false);

        for (Remediation r : new Remediation[] {remediation(null, null), remediation(off, null)}) {
            assertThat(GitOpsTarget.resolve(r, CHECKOUT, DEFAULTS))
                    .isEqualTo(new GitOpsTarget("acme/defaults", "trunk", "dev/shop/statefulset/checkout.yaml"));
        }
    }

    @Test
    void noRepositoryAnywhereIsNoRepository() {
        assertThatThrownBy(() -> GitOpsTarget.repository(remediation(null, null), GitOpsSettings.defaults()))
                .isInstanceOf(GitOpsTarget.Unresolvable.class)
                .hasMessage("No repository for the change: spec.github.repository is not set and "
                        + "heal8s.gitops.repository names no default.")
                .satisfies(e -> assertThat(((GitOpsTarget.Unresolvable) e).reason()).isEqualTo("NoRepository"));
    }

    @Test
    void aBadRepositoryOrBranchInTheSpecIsInvalidRepositoryNamingTheField() {
        assertThatThrownBy(() -> GitOpsTarget.resolve(remediation(github("not a repo", null, null, null, null), null),
                CHECKOUT, DEFAULTS))
                .hasMessageStartingWith("spec.github.repository: invalid repository 'not a repo'")
                .satisfies(e -> assertThat(((GitOpsTarget.Unresolvable) e).reason()).isEqualTo("InvalidRepository"));
        assertThatThrownBy(() -> GitOpsTarget.resolve(remediation(github("acme/shop", null, null, "a..b", null), null),
                CHECKOUT, DEFAULTS))
                .hasMessage("spec.github.baseBranch: invalid branch name 'a..b'.");
    }

    @Test
    void aPathThatLeavesTheRepositoryOrAnEnvironmentThatIsNotASegmentIsInvalidManifestPath() {
        assertThatThrownBy(() -> GitOpsTarget.resolve(remediation(github("acme/shop", null, null, null,
                "../{name}.yaml"), null), CHECKOUT, DEFAULTS))
                .hasMessageStartingWith(
                        "spec.github.manifestPath: manifest path '../{name}.yaml' must not contain '..'")
                .satisfies(e -> assertThat(((GitOpsTarget.Unresolvable) e).reason())
                        .isEqualTo("InvalidManifestPath"));
        assertThatThrownBy(() -> GitOpsTarget.resolve(remediation(null, "prod/../../etc"), CHECKOUT, DEFAULTS))
                .hasMessage("heal8s.gitops.manifest-path: value 'prod/../../etc' for {environment} is not a path "
                        + "segment of letters, digits, '.', '_' and '-' (at most 253).");
    }

    @Test
    void theRecordedTargetWinsOverTheSpecAndTheDefaults() throws Exception {
        Remediation r = remediation(github("acme/shop", null, null, "release", null), "prod");
        new GitOpsTarget("acme/published", "main", "apps/shop/checkout.yaml").record(r.getStatus());

        assertThat(GitOpsTarget.published(r, CHECKOUT, DEFAULTS))
                .isEqualTo(new GitOpsTarget("acme/published", "main", "apps/shop/checkout.yaml"));
        assertThat(GitOpsTarget.publishedRepository(r, GitOpsSettings.defaults())).isEqualTo("acme/published");
    }

    @Test
    void withoutARecordedTargetItIsResolvedAsBeforeAndWhatIsRecordedStillWins() throws Exception {
        Remediation legacy = remediation(null, null);

        assertThat(GitOpsTarget.published(legacy, CHECKOUT, DEFAULTS))
                .isEqualTo(GitOpsTarget.resolve(legacy, CHECKOUT, DEFAULTS));
        assertThat(GitOpsTarget.publishedRepository(legacy, DEFAULTS)).isEqualTo("acme/defaults");

        legacy.getStatus().setRepository("acme/published");
        assertThat(GitOpsTarget.published(legacy, CHECKOUT, DEFAULTS))
                .isEqualTo(new GitOpsTarget("acme/published", "trunk", "dev/shop/statefulset/checkout.yaml"));
    }

    @Test
    void anInvalidRecordedValueFailsNamingItsStatusField() {
        Remediation badRepository = remediation(null, null);
        badRepository.getStatus().setRepository("not a repo");
        Remediation badPath = remediation(null, null);
        new GitOpsTarget("acme/published", "main", "../etc/passwd").record(badPath.getStatus());

        assertThatThrownBy(() -> GitOpsTarget.publishedRepository(badRepository, DEFAULTS))
                .hasMessageStartingWith("status.repository: invalid repository 'not a repo'")
                .satisfies(e -> assertThat(((GitOpsTarget.Unresolvable) e).reason()).isEqualTo("InvalidRepository"));
        assertThatThrownBy(() -> GitOpsTarget.published(badPath, CHECKOUT, DEFAULTS))
                .hasMessageStartingWith("status.manifestPath: manifest path '../etc/passwd' must not contain '..'")
                .satisfies(e -> assertThat(((GitOpsTarget.Unresolvable) e).reason())
                        .isEqualTo("InvalidManifestPath"));
    }

    @Test
    void aTemplateWithoutEnvironmentNeedsNone() throws Exception {
        GitHubConfig config = github("acme/shop", null, null, null, "{namespace}/{name}.yml");

        GitOpsTarget t = GitOpsTarget.resolve(remediation(config, null), CHECKOUT, GitOpsSettings.defaults());

        assertThat(t.manifestPath()).isEqualTo("shop/checkout.yml");
        assertThat(t.baseBranch()).isEqualTo("main");
    }
}
