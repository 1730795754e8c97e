package io.heal8s.engine.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitOpsSpecTest {

    private final GitOpsSpec spec = new GitOpsSpec("acme/k8s-manifests", "main",
            "clusters/{environment}/{namespace}/{kind}-{name}.yaml");

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
    @ValueSource(strings = {"{name}.yaml", "apps/{namespace}/{name}/deployment.yaml", "a/./{kind}.yml",
        "{environment}-{namespace}-{kind}-{name}.yaml"})
    void acceptsRelativeTemplates(String template) {
        GitOpsSpec.checkManifestPath(template);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs/{name}.yaml", "../{name}.yaml", "a/../../{name}.yaml", "a\\{name}.yaml",
        "C:/{name}.yaml", "{cluster}/{name}.yaml", "{name.yaml", "name}.yaml", "a//{name}.yaml", "a/", " "})
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
}
