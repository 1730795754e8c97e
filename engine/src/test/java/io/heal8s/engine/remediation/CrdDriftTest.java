package io.heal8s.engine.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CRD committed in {@code crds/} is the one the build generates from the Java classes (the crd-generator plugin
 * writes {@code engine/target/crds/} in {@code process-classes}, before the tests), and it says what the API means.
 */
class CrdDriftTest {

    static final String FILE = GeneratedCrd.FILE;
    static final Path GENERATED = GeneratedCrd.GENERATED;
    static final Path COMMITTED = Path.of("..", "crds", FILE);
    static final String UPDATE = "mvn -B -pl engine process-classes && cp engine/target/crds/" + FILE + " crds/";

    private static CustomResourceDefinition crd;

    @BeforeAll
    static void load() {
        crd = GeneratedCrd.crd();
    }

    @Test
    void committedCrdIsTheGeneratedOne() throws IOException {
        assertThat(COMMITTED).as("crds/" + FILE + " is missing; run " + UPDATE).exists();
        List<String> generated = Files.readString(GENERATED).lines().toList();
        List<String> committed = Files.readString(COMMITTED).lines().toList();
        if (!generated.equals(committed)) {
            int line = 0;
            while (line < Math.min(generated.size(), committed.size())
                    && generated.get(line).equals(committed.get(line))) {
                line++;
            }
            fail("crds/" + FILE + " drifted from the Java classes in io.heal8s.engine.remediation (first difference at"
                    + " line " + (line + 1) + ": committed '" + at(committed, line) + "', generated '"
                    + at(generated, line) + "'); run " + UPDATE + " to update it");
        }
    }

    @Test
    void crdNamesTheGoHeal8sGroupVersionKindAndShortName() {
        assertThat(crd.getMetadata().getName()).isEqualTo(Remediation.CRD_NAME);
        assertThat(crd.getSpec().getGroup()).isEqualTo("k8shealer.k8s-healer.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("Remediation");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("remediations");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("rem");
        assertThat(crd.getSpec().getVersions()).extracting(CustomResourceDefinitionVersion::getName)
                .containsExactly("v1alpha1");
        assertThat(version().getServed()).isTrue();
        assertThat(version().getStorage()).isTrue();
    }

    @Test
    void statusIsASubresource() {
        assertThat(version().getSubresources().getStatus()).isNotNull();
    }

    @Test
    void printerColumnsShowPhaseActionTargetModePrAndAge() {
        assertThat(version().getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath)
                .contains(
                        tuple("Phase", ".status.phase"),
                        tuple("Action", ".spec.action.type"),
                        tuple("Target", ".spec.target.name"),
                        tuple("Mode", ".spec.strategy.mode"),
                        tuple("PR", ".status.prNumber"),
                        tuple("Age", ".metadata.creationTimestamp"));
    }

    @Test
    void enumsListExactlyTheJavaConstants() {
        assertThat(enumOf("status", "phase")).containsExactlyInAnyOrder(
                Arrays.stream(RemediationPhase.values()).map(Enum::name).toArray(String[]::new));
        assertThat(enumOf("spec", "strategy", "mode")).containsExactlyInAnyOrder("GitOps", "Direct");
        assertThat(enumOf("spec", "target", "kind")).containsExactlyInAnyOrder(
                Arrays.stream(WorkloadKind.values()).map(Enum::name).toArray(String[]::new));
        assertThat(Strategy.Mode.values()).hasSize(2);
    }

    @Test
    void specRequiresTheFieldsTheGoHeal8sRequires() {
        JSONSchemaProps spec = GeneratedCrd.schema("spec");
        assertThat(spec.getRequired()).containsExactlyInAnyOrder("alert", "target", "action", "strategy");
        assertThat(GeneratedCrd.schema("spec", "target").getRequired())
                .containsExactlyInAnyOrder("kind", "name", "namespace");
        assertThat(GeneratedCrd.schema("spec", "action").getRequired()).containsExactly("type");
        assertThat(GeneratedCrd.schema("spec", "strategy", "ttl").getDefault().asText()).isEqualTo("24h");
        assertThat(GeneratedCrd.schema("spec", "action", "params").getAdditionalProperties().getSchema().getType())
                .isEqualTo("string");
    }

    private static CustomResourceDefinitionVersion version() {
        return crd.getSpec().getVersions().get(0);
    }

    private static List<String> enumOf(String... path) {
        return GeneratedCrd.schema(path).getEnum().stream().map(j -> j.asText()).toList();
    }

    private static String at(List<String> lines, int i) {
        return i < lines.size() ? lines.get(i) : "<end of file>";
    }
}
