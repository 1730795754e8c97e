package io.heal8s.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every value of the chart is in docs/install.md's values table, so an operator never has to read the templates. */
class ValuesDocumentedTest {

    /** Values passed to Kubernetes as they are: their fields are Kubernetes', documented there. */
    private static final Set<String> KUBERNETES_OBJECTS = Set.of("podSecurityContext", "securityContext");

    @Test
    void everyValueUpToTheSecondLevelIsInTheValuesTable() throws IOException {
        JsonNode values = new YAMLMapper().readTree(Helm.CHART.resolve("values.yaml").toFile());
        String docs = Files.readString(Helm.REPO.resolve("docs/install.md"));
        String table = docs.substring(docs.indexOf("## Values"), docs.indexOf("## Split roles"));
        List<String> missing = new ArrayList<>();
        values.fields().forEachRemaining(top -> {
            String key = top.getKey();
            if (!table.contains("`" + key)) {
                missing.add(key);
            }
            if (top.getValue().isObject() && !top.getValue().isEmpty() && !KUBERNETES_OBJECTS.contains(key)) {
                top.getValue().fieldNames().forEachRemaining(child -> {
                    String path = key + "." + child;
                    if (!table.contains(path) && !table.contains(key + ".*") && !table.contains("`." + child)) {
                        missing.add(path);
                    }
                });
            }
        });
        assertThat(missing).as("values missing from docs/install.md's values table").isEmpty();
    }
}
