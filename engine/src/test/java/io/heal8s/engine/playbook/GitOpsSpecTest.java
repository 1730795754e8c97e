package io.heal8s.engine.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitOpsSpecTest {

    private final GitOpsSpec spec = new GitOpsSpec("acme/k8s-manifests", "main",
            "clusters/{environment}/{namespace}/{kind}-{name}.yaml", List.of(), List.of(), List.of(), false, false);

    @Test
    void rendersTheManifestPath() {
        assertThat(spec.manifestPathFor("prod", "shop", "deployment", "cart"))
                .isEqualTo("clusters/prod/shop/deployment-cart.yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "a/b", "a\\b", ""})
    void refusesValuesThatAreNotOnePathSegment(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> spec.manifestPathFor("prod", "shop", "deployment", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod\n", "pro d", "prod;rm", "prød", "$(id)", "prod%2F..", "\u202eprod", "a:b"})
    void refusesAnEnvironmentFromAnAlertLabelOutsideTheSafeSetAndQuotesItInertly(String environment) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> spec.manifestPathFor(environment, "shop", "deployment", "cart"))
                .withMessageContaining("{environment}")
                .satisfies(e -> assertThat(e.getMessage()).matches("[\\x20-\\x7e…]*"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{name}.yaml", "apps/{namespace}/{name}/deployment.yaml", "a/./{kind}.yml",
        "{environment}-{namespace}-{kind}-{name}.yaml"})
    void acceptsRelativeTemplates(String template) {
        GitOpsSpec.checkManifestPath(template);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs/{name}.yaml", "../{name}.yaml", "a/../../{name}.yaml", "a\\{name}.yaml",
        "C:/{name}.yaml", "{cluster}/{name}.yaml", "{name.yaml", "name}.yaml", "a//{name}.yaml", "a/", " ",
        "apps/{name} copy.yaml", "apps/$HOME/{name}.yaml", "apps/{name}.yaml\n"})
    void refusesTemplatesThatLeaveTheRepositoryOrUseUnknownPlaceholders(String template) {
        assertThatIllegalArgumentException().isThrownBy(() -> GitOpsSpec.checkManifestPath(template));
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme/manifests", "https://github.com/acme/manifests.git", "git@github.com:acme/m.git",
        "ssh://git@example.com/acme/m.git", "file:///srv/git/m.git"})
    void acceptsOwnerNameAndGitUrls(String repository) {
        GitOpsSpec.checkRepository(repository);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "acme/manifests/extra", "not a repo", "ftp://x/y"})
    void refusesOtherRepositories(String repository) {
        assertThatIllegalArgumentException().isThrownBy(() -> GitOpsSpec.checkRepository(repository));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-main", "a..b", "a b", "a~1", "a:b", "x.lock", "/main", "main/", "a@{1}"})
    void refusesInvalidBranchNames(String branch) {
        assertThatIllegalArgumentException().isThrownBy(() -> GitOpsSpec.checkBranch(branch));
    }

    @Test
    void theThreeArgumentFormHasNoReviewSettings() {
        GitOpsSpec plain = new GitOpsSpec("acme/k8s-manifests", "main", "{name}.yaml");

        assertThat(plain.reviewers()).isEmpty();
        assertThat(plain.assignees()).isEmpty();
        assertThat(plain.labels()).isEmpty();
        assertThat(plain.draft()).isFalse();
        assertThat(plain.autoMerge()).isFalse();
    }

    @Test
    void reviewListsAreCopiedAndNullMeansEmpty() {
        List<String> reviewers = new ArrayList<>(List.of("alice"));
        GitOpsSpec s = new GitOpsSpec("acme/m", "main", "{name}.yaml", reviewers, null, null, true, false);
        reviewers.add("mallory");

        assertThat(s.reviewers()).containsExactly("alice");
        assertThat(s.assignees()).isEmpty();
        assertThat(s.labels()).isEmpty();
        assertThat(s.draft()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "Bob-2", "a", "x23456789012345678901234567890123456789", "acme/sre",
        "acme/platform_team", "Acme-Inc/on-call.eu"})
    void acceptsLoginsAndTeamsAsReviewers(String reviewer) {
        GitOpsSpec.checkReviewer(reviewer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@alice", "alice smith", "x234567890123456789012345678901234567890", "acme/", "/sre",
        "acme/sre/eu", "acme/.sre", "al_ice", "alice\n", "ａlice"})
    void refusesOtherReviewers(String reviewer) {
        assertThatIllegalArgumentException().isThrownBy(() -> GitOpsSpec.checkReviewer(reviewer))
                .withMessageStartingWith("invalid reviewer '");
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme/sre", "@bob", "bob.smith", ""})
    void assigneesAreLoginsOnly(String assignee) {
        assertThatIllegalArgumentException().isThrownBy(() -> GitOpsSpec.checkLogin(assignee))
                .withMessage("invalid GitHub login '" + assignee + "': use 1 to 39 letters, digits or '-'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " padded", "a,b", "tab\there", "line\u2028break", "evil\u202egnp",
        "x12345678901234567890123456789012345678901234567890"})
    void refusesLabelsGitHubOrPeopleCannotUse(String label) {
        assertThatIllegalArgumentException().isThrownBy(() -> GitOpsSpec.checkLabel(label))
                .withMessageContaining("use 1 to 50 characters");
    }

    @Test
    void acceptsLabelsWithSpacesAndPunctuation() {
        GitOpsSpec.checkLabel("needs review: SRE");
        GitOpsSpec.checkLabel("x".repeat(GitOpsSpec.MAX_LABEL));
    }

    @Test
    void aLoginListedTwiceIsRefusedWhateverItsCase() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GitOpsSpec("acme/m", "main", "{name}.yaml", List.of("alice", "Alice"),
                        List.of(), List.of(), false, false))
                .withMessage("'Alice' is listed twice in reviewers");
    }
}
