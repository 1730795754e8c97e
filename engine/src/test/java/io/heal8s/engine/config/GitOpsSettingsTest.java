package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitOpsSettingsTest {

    @Test
    void absentKeysMeanNoRepositoryMainAndTheAppsNamespaceNameTemplate() {
        GitOpsSettings settings = GitOpsSettings.fromMap(Map.of());

        assertThat(settings.defaultRepository()).isEmpty();
        assertThat(settings.baseBranch()).isEqualTo("main");
        assertThat(settings.manifestPath()).isEqualTo("apps/{namespace}/{name}.yaml");
        assertThat(settings.defaultEnvironment()).isEmpty();
        assertThat(GitOpsSettings.defaults()).isEqualTo(settings);
    }

    @Test
    void everyKeyIsReadAndTrimmed() {
        GitOpsSettings settings = GitOpsSettings.fromMap(Map.of(
                GitOpsSettings.REPOSITORY, " acme/k8s-manifests ",
                GitOpsSettings.BASE_BRANCH, "release/2026",
                GitOpsSettings.MANIFEST_PATH, "clusters/{environment}/{namespace}/{kind}-{name}.yaml",
                GitOpsSettings.ENVIRONMENT_DEFAULT, "prod"));

        assertThat(settings.defaultRepository()).contains("acme/k8s-manifests");
        assertThat(settings.baseBranch()).isEqualTo("release/2026");
        assertThat(settings.manifestPath()).isEqualTo("clusters/{environment}/{namespace}/{kind}-{name}.yaml");
        assertThat(settings.defaultEnvironment()).contains("prod");
    }

    @Test
    void aGitUrlIsARepositoryToo() {
        assertThat(GitOpsSettings.fromMap(Map.of(GitOpsSettings.REPOSITORY, "https://git.example/ops/manifests.git"))
                .repository()).isEqualTo("https://git.example/ops/manifests.git");
    }

    @Test
    void blankValuesTakeTheDefaults() {
        GitOpsSettings settings = GitOpsSettings.fromMap(Map.of(GitOpsSettings.REPOSITORY, "  ",
                GitOpsSettings.BASE_BRANCH, "", GitOpsSettings.MANIFEST_PATH, " ",
                GitOpsSettings.ENVIRONMENT_DEFAULT, ""));

        assertThat(settings).isEqualTo(GitOpsSettings.defaults());
    }

    @ParameterizedTest(name = "{0}=''{1}'' is refused: {2}")
    @CsvSource(delimiter = '|', value = {
        "heal8s.gitops.repository    | not a repo           | expected owner/name",
        "heal8s.gitops.base-branch   | feature..x           | invalid branch name 'feature..x'",
        "heal8s.gitops.base-branch   | -main                | invalid branch name '-main'",
        "heal8s.gitops.manifest-path | ../{name}.yaml       | must not contain '..'",
        "heal8s.gitops.manifest-path | /etc/{name}.yaml     | must be relative",
        "heal8s.gitops.manifest-path | apps/{team}/x.yaml   | unknown placeholder {team}",
        "heal8s.gitops.environment-default | prod/eu        | not a single path segment",
        "heal8s.gitops.environment-default | ..             | not a single path segment"
    })
    void aWrongValueIsAConfigExceptionNamingItsKey(String key, String value, String says) {
        assertThatThrownBy(() -> GitOpsSettings.fromMap(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(says)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }
}
