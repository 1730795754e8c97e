package io.heal8s.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Helm packages only what is inside the chart's folder, so the chart holds copies of {@code crds/}, the playbooks and
 * the approval policy. One source for each: a copy that differs from its source fails here; {@code helm/sync.sh}
 * refreshes them.
 */
class ChartCopiesTest {

    private static final String FIX = " differs from its source: run helm/sync.sh";

    /** The regular files directly in {@code dir} whose names end with one of {@code suffixes}, by name. */
    private static Map<String, byte[]> files(Path dir, List<String> suffixes, String excludedSuffix) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (suffixes.stream().anyMatch(name::endsWith) && (excludedSuffix == null || !name.endsWith(excludedSuffix))) {
                    files.put(name, Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    private static void assertSameFiles(String source, String copy, List<String> suffixes, String excluded) throws IOException {
        Map<String, byte[]> expected = files(Helm.REPO.resolve(source), suffixes, excluded);
        Map<String, byte[]> actual = files(Helm.REPO.resolve(copy), suffixes, excluded);
        assertThat(expected).as("files in %s", source).isNotEmpty();
        assertThat(actual.keySet()).as(copy + FIX).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(copy + "/" + name + FIX).isEqualTo(bytes));
    }

    @Test
    void theChartsCrdIsTheGeneratedOne() throws IOException {
        assertSameFiles("crds", "helm/heal8s/crds", List.of(".yml", ".yaml"), null);
    }

    @Test
    void theChartsPlaybooksAndRulesAreTheRepositorysOnes() throws IOException {
        assertSameFiles("playbooks", "helm/heal8s/files/playbooks", List.of(".yml", ".yaml"), null);
        assertSameFiles("playbooks/rules", "helm/heal8s/files/playbooks/rules", List.of(".drl"), null);
    }

    @Test
    void theChartsPolicyIsTheRepositorysWithoutItsTests() throws IOException {
        assertSameFiles("policies", "helm/heal8s/files/policies", List.of(".rego", ".json"), "_test.rego");
        assertThat(Helm.REPO.resolve("helm/heal8s/files/policies/approval_test.rego")).doesNotExist();
    }
}
