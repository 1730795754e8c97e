package io.heal8s.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code helm lint} passes for every values variant, and values that cannot work fail with the key's name. */
class ChartLintTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void lintPassesWithAndWithoutTheSecrets(Variant variant) {
        for (List<String> sets : List.of(variant.sets(), variant.setsWithSecrets())) {
            List<String> args = new ArrayList<>(List.of("lint", "--strict", Helm.CHART.toString()));
            for (String set : sets) {
                args.add("--set");
                args.add(set);
            }
            Helm.Result result = Helm.run(args);
            assertThat(result.exitCode()).as("helm lint %s:%n%s%s", sets, result.stdout(), result.stderr()).isZero();
            assertThat(result.stdout()).contains("1 chart(s) linted, 0 chart(s) failed");
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void templateRendersWithoutTheSecretsToo(Variant variant) {
        assertThat(Helm.template(variant.sets())).isNotEmpty();
    }

    @Test
    void anUnknownModeIsRefusedNamingTheKey() {
        assertFailsNaming(List.of("mode=both"), "mode: must be combined or split");
    }

    @Test
    void namespacedRbacWithoutNamespacesIsRefusedNamingTheKey() {
        assertFailsNaming(List.of("rbac.scope=namespaced"), "watchNamespaces: must name the watched namespaces");
    }

    @Test
    void aGitHubAppKeyWithoutTheAppIdIsRefusedNamingTheKey() {
        assertFailsNaming(List.of("secrets.githubAppKey.existingSecret=key", "github.installationId=1"),
                "github.appId: required");
    }

    private static void assertFailsNaming(List<String> sets, String message) {
        Helm.Result result = Helm.run(Helm.templateArgs(sets));
        assertThat(result.exitCode()).as("helm template %s", sets).isNotZero();
        assertThat(result.stderr()).contains(message);
    }
}
