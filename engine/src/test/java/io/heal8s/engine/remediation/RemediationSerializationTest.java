package io.heal8s.engine.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire format: Go heal8s resources read into our types, and ours write exactly the Go field names. */
class RemediationSerializationTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String goSample() throws IOException {
        try (InputStream in = RemediationSerializationTest.class.getResourceAsStream(
                "/remediation/go-heal8s-remediation.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRemediationWrittenByTheGoHeal8sReadsIntoOurTypes() throws IOException {
        Remediation r = Serialization.unmarshal(goSample(), Remediation.class);

        assertThat(r.getApiVersion()).isEqualTo("k8shealer.k8s-healer.io/v1alpha1");
        assertThat(r.getKind()).isEqualTo("Remediation");
        assertThat(r.getMetadata().getName()).isEqualTo("rem-KubePodOOMKilled-20261125-114500");
        RemediationSpec spec = r.getSpec();
        assertThat(spec.getAlert().getName()).isEqualTo("KubePodOOMKilled");
        assertThat(spec.getAlert().getAlertId()).isEqualTo("8d2c6b1f0a9e7c35-1795607100");
        assertThat(spec.getAlert().getFingerprint()).isEqualTo("8d2c6b1f0a9e7c35");
        assertThat(spec.getAlert().getSource()).isEqualTo("alertmanager");
        assertThat(spec.getAlert().getSeverity()).isEqualTo("warning");
        assertThat(JSON.readTree(spec.getAlert().getPayload()).path("labels").path("deployment").asText())
                .isEqualTo("cart");
        assertThat(spec.getTarget().getKind()).isEqualTo(WorkloadKind.Deployment);
        assertThat(spec.getTarget().getName()).isEqualTo("cart");
        assertThat(spec.getTarget().getNamespace()).isEqualTo("shop");
        assertThat(spec.getTarget().getContainer()).isEqualTo("app");
        assertThat(spec.getAction().getType()).isEqualTo("IncreaseMemory");
        assertThat(spec.getAction().getParams()).containsExactly(Map.entry("memoryIncreasePercent", "25"),
                Map.entry("maxMemory", "2Gi"));
        assertThat(spec.getStrategy().getMode()).isEqualTo(Strategy.Mode.GitOps);
        assertThat(spec.getStrategy().getRequireApproval()).isTrue();
        assertThat(spec.getStrategy().getEnvironment()).isEqualTo("prod");
        assertThat(spec.getStrategy().getTtl()).isEqualTo("24h");
        GitHubConfig github = spec.getGithub();
        assertThat(github.getEnabled()).isTrue();
        assertThat(github.getOwner()).isEqualTo("acme");
        assertThat(github.getRepo()).isEqualTo("k8s-manifests");
        assertThat(github.getBaseBranch()).isEqualTo("main");
        assertThat(github.getManifestPath()).isEqualTo("clusters/{environment}/{namespace}/{name}.yaml");
        assertThat(github.getPrTitleTemplate()).isEqualTo("heal8s: {action} for {namespace}/{name}");
        assertThat(github.getPrLabels()).containsExactly("heal8s", "auto-remediation");
        assertThat(github.getAutoMerge()).isFalse();
        assertThat(spec.getPlaybook()).isNull();
        assertThat(spec.getDecision()).isNull();
        RemediationStatus status = r.getStatus();
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.PRCreated);
        assertThat(status.getReason()).isEqualTo("Pull request opened for review");
        assertThat(status.getPrNumber()).isEqualTo(42);
        assertThat(status.getPrUrl()).isEqualTo("https://github.com/acme/k8s-manifests/pull/42");
        assertThat(status.getCommitSHA()).isEqualTo("3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
        assertThat(status.getAppliedAt()).isEqualTo("2026-11-25T11:46:10Z");
        assertThat(status.getResolvedAt()).isEqualTo("2026-11-25T12:30:00Z");
        assertThat(status.getAttempts()).isEqualTo(1);
        assertThat(status.getLastUpdateTime()).isEqualTo("2026-11-25T11:46:10Z");
        assertThat(status.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("PRCreated");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getObservedGeneration()).isEqualTo(1L);
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T11:46:10Z");
            assertThat(c.getReason()).isEqualTo("PullRequestOpened");
        });
    }

    @Test
    void aGoRemediationWrittenBackByUsLosesAndAddsNothing() throws IOException {
        JsonNode original = YAML.readTree(goSample());
        Remediation r = Serialization.unmarshal(goSample(), Remediation.class);

        JsonNode rewritten = YAML.readTree(Serialization.asYaml(r));

        assertThat(rewritten).isEqualTo(original);
    }

    @Test
    void aGoRemediationPassesOurCrdSchemaWithNothingPruned() throws IOException {
        JsonNode go = YAML.readTree(goSample());

        assertThat(GeneratedCrd.problems(go.get("spec"), GeneratedCrd.schema("spec"), "spec")).isEmpty();
        assertThat(GeneratedCrd.problems(go.get("status"), GeneratedCrd.schema("status"), "status")).isEmpty();
    }

    @Test
    void everyFieldWeWriteHasItsGoNameAndPassesTheSchema() throws IOException {
        JsonNode json = JSON.readTree(Serialization.asJson(full()));

        assertThat(fieldNames(json.get("spec"))).containsExactlyInAnyOrder(
                "alert", "alert.name", "alert.alertId", "alert.fingerprint", "alert.source", "alert.severity",
                "alert.payload",
                "target", "target.kind", "target.name", "target.namespace", "target.container",
                "action", "action.type", "action.params", "action.params.percent", "action.params.max",
                "strategy", "strategy.mode", "strategy.requireApproval", "strategy.environment", "strategy.ttl",
                "github", "github.enabled", "github.owner", "github.repo", "github.repository", "github.baseBranch",
                "github.manifestPath", "github.prTitleTemplate", "github.prLabels", "github.prReviewers",
                "github.prAssignees", "github.prDraft", "github.autoMerge",
                "playbook", "playbook.name",
                "decision", "decision.reason", "decision.trace");
        assertThat(fieldNames(json.get("status"))).containsExactlyInAnyOrder(
                "phase", "reason", "message", "prNumber", "prUrl", "commitSHA", "repository", "baseBranch",
                "manifestPath", "appliedAt", "resolvedAt",
                "alertResolvedAt", "attempts", "lastUpdateTime", "phaseSince", "observedGeneration", "policyReasons", "conditions");
        assertThat(json.at("/spec/strategy/mode").asText()).isEqualTo("Direct");
        assertThat(json.at("/status/phase").asText()).isEqualTo("Succeeded");
        assertThat(json.at("/spec/decision/trace/0/rule").asText()).isEqualTo("playbook:oom-increase-memory");
        assertThat(GeneratedCrd.problems(json.get("spec"), GeneratedCrd.schema("spec"), "spec")).isEmpty();
        assertThat(GeneratedCrd.problems(json.get("status"), GeneratedCrd.schema("status"), "status")).isEmpty();
    }

    @Test
    void aRemediationRoundTripsThroughYamlAndJson() {
        Remediation original = full();

        Remediation fromYaml = Serialization.unmarshal(Serialization.asYaml(original), Remediation.class);
        Remediation fromJson = Serialization.unmarshal(Serialization.asJson(original), Remediation.class);

        assertThat(fromYaml).usingRecursiveComparison().isEqualTo(original);
        assertThat(fromJson).usingRecursiveComparison().isEqualTo(original);
        assertThat(Serialization.asYaml(fromYaml)).isEqualTo(Serialization.asYaml(original));
    }

    @Test
    void unsetOptionalFieldsAreLeftOutAsGoOmitsEmptyOnes() throws IOException {
        Remediation r = new Remediation();
        r.setSpec(new RemediationSpec());
        r.getSpec().setAction(new RemediationAction());
        r.getSpec().getAction().setType("ScaleUp");

        JsonNode json = JSON.readTree(Serialization.asJson(r));

        assertThat(json.get("spec").toString()).isEqualTo("{\"action\":{\"type\":\"ScaleUp\"}}");
    }

    @Test
    void anActionOnlyTheGoHeal8sKnowsStillReads() {
        RemediationAction action = new RemediationAction();
        action.setType("CustomScript");

        assertThat(action.actionType()).isEmpty();
    }

    /** A Remediation with every field set. */
    static Remediation full() {
        Remediation r = RemediationFactoryTest.fromOomDecision();
        r.getSpec().getStrategy().setMode(Strategy.Mode.Direct);
        r.getSpec().getStrategy().setEnvironment("prod");
        r.getSpec().getAction().setParams(Map.of("percent", "25", "max", "2Gi"));
        GitHubConfig github = r.getSpec().getGithub();
        github.setPrTitleTemplate("heal8s: {action} {namespace}/{name}");
        github.setPrLabels(List.of("heal8s"));
        github.setPrReviewers(List.of("acme/sre"));
        github.setPrAssignees(List.of("oncall"));
        github.setPrDraft(false);
        github.setAutoMerge(false);
        RemediationStatus status = new RemediationStatus();
        Instant t = Instant.parse("2026-11-25T12:00:00Z");
        status.transition(RemediationPhase.Pending, "Created", "", 1, t);
        status.transition(RemediationPhase.Analyzing, "TargetResolved", "deployment shop/cart", 1, t.plusSeconds(1));
        status.transition(RemediationPhase.PRCreated, "PullRequestOpened", "#42", 1, t.plusSeconds(5));
        status.setPrNumber(42);
        status.setPrUrl("https://github.com/acme/k8s-manifests/pull/42");
        status.setCommitSHA("3b18e512dba79e4c8300dd08aeb37f8e728b8dad");
        status.setRepository("acme/k8s-manifests");
        status.setBaseBranch("main");
        status.setManifestPath("apps/shop/cart.yaml");
        status.transition(RemediationPhase.Applying, "Merged", "", 1, t.plusSeconds(60));
        status.setAppliedAt(WireFormats.timestamp(t.plusSeconds(61)));
        status.setAttempts(1);
        status.transition(RemediationPhase.Succeeded, "Verified", "no OOMKill for 10m", 1, t.plusSeconds(700));
        status.setAlertResolvedAt(WireFormats.timestamp(t.plusSeconds(650)));
        status.setPolicyReasons(List.of("prod changes need review"));
        r.setStatus(status);
        return r;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, List<String> out) {
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String name = prefix + f.getKey();
            out.add(name);
            if (f.getValue().isObject()) {
                collect(f.getValue(), name + ".", out);
            }
        }
    }
}
