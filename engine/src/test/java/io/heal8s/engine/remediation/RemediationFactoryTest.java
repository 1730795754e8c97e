package io.heal8s.engine.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertStatus;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.GitOpsSpec;
import io.heal8s.engine.playbook.LoadResult;
import io.heal8s.engine.playbook.PlaybookLoader;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.rules.Decision;
import io.heal8s.engine.rules.DecisionEngine;
import io.heal8s.engine.rules.Refusal;
import io.heal8s.engine.rules.TraceEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemediationFactoryTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00.250Z");
    static final Instant STARTS_AT = Instant.parse("2026-11-25T11:45:00Z");
    static final WorkloadRef CART = new WorkloadRef(WorkloadKind.Deployment, "shop", "cart", "app");

    static Alert oomAlert(Map<String, String> extraLabels, String fingerprint) {
        Map<String, String> labels = new LinkedHashMap<>(Map.of("alertname", "KubePodOOMKilled", "namespace", "shop",
                "deployment", "cart", "container", "app", "severity", "warning"));
        labels.putAll(extraLabels);
        return new Alert(AlertStatus.FIRING, labels, Map.of("summary", "app was OOMKilled"), STARTS_AT, null,
                "http://prometheus:9090/graph", fingerprint);
    }

    static Decision decision(Alert alert, String playbook, WorkloadRef target, GitOpsSpec gitops) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("percent", 25);
        params.put("minStep", "64Mi");
        params.put("max", "2Gi");
        params.put("requests", "keepRatio");
        return new Decision(Decision.Outcome.REMEDIATE, alert, playbook, ActionType.IncreaseMemory, params, target,
                new Strategy(Strategy.Mode.GitOps, true, Duration.ofHours(24)), gitops,
                "alert KubePodOOMKilled matches playbook " + playbook,
                List.of(new TraceEntry("playbook:" + playbook, "alert KubePodOOMKilled matches"),
                        new TraceEntry("select:winner", playbook + " won")));
    }

    /** The Remediation for an OOMKilled alert on shop/cart through playbook oom-increase-memory. */
    static Remediation fromOomDecision() {
        Alert alert = oomAlert(Map.of(), "8d2c6b1f0a9e7c35");
        GitOpsSpec gitops = new GitOpsSpec("acme/k8s-manifests", "main",
                "clusters/{environment}/{namespace}/{name}.yaml", List.of(), List.of(), List.of(), false, false);
        return RemediationFactory.from(decision(alert, "oom-increase-memory", CART, gitops), alert, NOW);
    }

    @Test
    void metadataHasTheDeterministicNameTheTargetsNamespaceAndSelectableLabels() {
        Remediation r = fromOomDecision();

        assertThat(r.getApiVersion()).isEqualTo("k8shealer.k8s-healer.io/v1alpha1");
        assertThat(r.getKind()).isEqualTo("Remediation");
        assertThat(r.getMetadata().getName())
                .isEqualTo(RemediationNames.forAlert("8d2c6b1f0a9e7c35", STARTS_AT, "oom-increase-memory"))
                .startsWith("oom-increase-memory-");
        assertThat(r.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(r.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "heal8s.io/playbook", "oom-increase-memory",
                "heal8s.io/action", "IncreaseMemory",
                "heal8s.io/target-kind", "Deployment",
                "heal8s.io/target-name", "cart",
                "heal8s.io/fingerprint", "8d2c6b1f0a9e7c35",
                "app.kubernetes.io/managed-by", "heal8s"));
        assertThat(r.getMetadata().getAnnotations()).containsEntry("heal8s.io/decided-at", "2026-11-25T12:00:00Z");
        assertThat(r.getStatus()).isNull();
    }

    @Test
    void specIsFilledAsTheGoHeal8sFillsItPlusPlaybookAndTrace() throws IOException {
        RemediationSpec spec = fromOomDecision().getSpec();

        assertThat(spec.getAlert().getName()).isEqualTo("KubePodOOMKilled");
        assertThat(spec.getAlert().getFingerprint()).isEqualTo("8d2c6b1f0a9e7c35");
        assertThat(spec.getAlert().getAlertId()).isEqualTo("8d2c6b1f0a9e7c35-" + STARTS_AT.getEpochSecond());
        assertThat(spec.getAlert().getSource()).isEqualTo("alertmanager");
        assertThat(spec.getAlert().getSeverity()).isEqualTo("warning");
        assertThat(spec.getTarget()).usingRecursiveComparison().isEqualTo(target("Deployment", "cart", "shop", "app"));
        assertThat(spec.getAction().getType()).isEqualTo("IncreaseMemory");
        assertThat(spec.getAction().getParams()).containsExactly(Map.entry("percent", "25"),
                Map.entry("minStep", "64Mi"), Map.entry("max", "2Gi"), Map.entry("requests", "keepRatio"));
        assertThat(spec.getStrategy().getMode()).isEqualTo(Strategy.Mode.GitOps);
        assertThat(spec.getStrategy().getRequireApproval()).isTrue();
        assertThat(spec.getStrategy().getTtl()).isEqualTo("24h");
        assertThat(spec.getStrategy().getEnvironment()).isNull();
        assertThat(spec.getGithub().getEnabled()).isTrue();
        assertThat(spec.getGithub().getOwner()).isEqualTo("acme");
        assertThat(spec.getGithub().getRepo()).isEqualTo("k8s-manifests");
        assertThat(spec.getGithub().getRepository()).isEqualTo("acme/k8s-manifests");
        assertThat(spec.getGithub().getBaseBranch()).isEqualTo("main");
        assertThat(spec.getGithub().getManifestPath()).isEqualTo("clusters/{environment}/{namespace}/{name}.yaml");
        assertThat(spec.getGithub().getPrReviewers()).as("no reviewers: left out of the spec").isNull();
        assertThat(spec.getGithub().getPrAssignees()).isNull();
        assertThat(spec.getGithub().getPrLabels()).isNull();
        assertThat(spec.getGithub().getPrDraft()).isFalse();
        assertThat(spec.getGithub().getAutoMerge()).isFalse();
        assertThat(spec.getPlaybook().getName()).isEqualTo("oom-increase-memory");
        assertThat(spec.getDecision().getReason())
                .isEqualTo("alert KubePodOOMKilled matches playbook oom-increase-memory");
        assertThat(spec.getDecision().getTrace()).extracting(TraceStep::getRule)
                .containsExactly("playbook:oom-increase-memory", "select:winner");
    }

    @Test
    void payloadIsTheAlertObjectAsJsonWithGosZeroTimeForNoEnd() throws IOException {
        JsonNode payload = new ObjectMapper().readTree(fromOomDecision().getSpec().getAlert().getPayload());

        assertThat(payload.get("status").asText()).isEqualTo("firing");
        assertThat(payload.get("labels").get("deployment").asText()).isEqualTo("cart");
        assertThat(payload.get("annotations").get("summary").asText()).isEqualTo("app was OOMKilled");
        assertThat(payload.get("startsAt").asText()).isEqualTo("2026-11-25T11:45:00Z");
        assertThat(payload.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(payload.get("generatorURL").asText()).isEqualTo("http://prometheus:9090/graph");
        assertThat(payload.get("fingerprint").asText()).isEqualTo("8d2c6b1f0a9e7c35");
        // Sorted keys: the same alert always gives the same text.
        assertThat(payload.get("labels").fieldNames()).toIterable()
                .containsExactly("alertname", "container", "deployment", "namespace", "severity");
    }

    @Test
    void theEnvironmentComesFromTheAlertsEnvironmentLabelAsInTheGoHeal8s() {
        Alert alert = oomAlert(Map.of("environment", "prod"), "fp");

        Remediation r = RemediationFactory.from(decision(alert, "oom", CART, null), alert, NOW);

        assertThat(r.getSpec().getStrategy().getEnvironment()).isEqualTo("prod");
        assertThat(r.getSpec().getGithub()).isNull();
    }

    @Test
    void hostileLabelValuesBecomeValidLabelValues() {
        String longName = "cart-" + "x".repeat(200);
        Alert alert = oomAlert(Map.of("deployment", longName), "fp/with spaces+and=signs");
        WorkloadRef target = new WorkloadRef(WorkloadKind.Deployment, "shop", longName, "");

        Remediation r = RemediationFactory.from(decision(alert, "Playbook With Spaces", target, null), alert, NOW);

        assertThat(r.getMetadata().getLabels().values()).allSatisfy(v ->
                assertThat(RemediationLabels.isValidValue(v)).as(v).isTrue());
        assertThat(r.getMetadata().getName()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
        assertThat(r.getSpec().getTarget().getName()).isEqualTo(longName);
        assertThat(r.getSpec().getTarget().getContainer()).isNull();
        assertThat(r.getSpec().getAlert().getFingerprint()).isEqualTo("fp/with spaces+and=signs");
    }

    @Test
    void anAlertWithoutFingerprintGetsAStandInFromItsLabels() {
        Alert alert = oomAlert(Map.of(), "");

        Remediation r = RemediationFactory.from(decision(alert, "oom", CART, null), alert, NOW);

        String fp = RemediationNames.fingerprintOf(alert.labels());
        assertThat(r.getSpec().getAlert().getFingerprint()).isEqualTo(fp);
        assertThat(r.getMetadata().getName()).isEqualTo(RemediationNames.forAlert(fp, STARTS_AT, "oom"));
    }

    @Test
    void aDecisionThatDoesNotRemediateIsRefused() {
        Alert alert = oomAlert(Map.of(), "fp");
        Decision noMatch = new Decision(Decision.Outcome.NO_MATCH, alert, null, null, Map.of(), null, null, null,
                "no playbook matches alert KubePodOOMKilled", List.of());

        assertThatThrownBy(() -> RemediationFactory.from(noMatch, alert, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NO_MATCH").hasMessageContaining("no playbook matches");
    }

    @Test
    void theSameAlertFiringAgainIsANewRemediationAndARedeliveryIsNot() {
        Alert first = oomAlert(Map.of(), "fp-episodes");
        Alert again = new Alert(AlertStatus.FIRING, first.labels(), first.annotations(),
                STARTS_AT.plus(Duration.ofDays(2)), null, first.generatorURL(), first.fingerprint());

        String name = RemediationFactory.from(decision(first, "oom", CART, null), first, NOW).getMetadata().getName();

        assertThat(RemediationFactory.from(decision(first, "oom", CART, null), first, NOW.plusSeconds(30))
                .getMetadata().getName()).isEqualTo(name);
        Remediation later = RemediationFactory.from(decision(again, "oom", CART, null), again, NOW);
        assertThat(later.getMetadata().getName()).isNotEqualTo(name);
        assertThat(later.getSpec().getAlert().getAlertId())
                .isEqualTo("fp-episodes-" + STARTS_AT.plus(Duration.ofDays(2)).getEpochSecond());
        assertThat(later.getMetadata().getLabels()).containsEntry("heal8s.io/fingerprint", "fp-episodes");
    }

    @Test
    void aRefusalIsTheRefusedChangeUnderItsNameWithTheRefusalInTheDecision() {
        Alert alert = oomAlert(Map.of(), "fp-refused");
        Decision d = decision(alert, "oom", CART, null);
        Decision refused = new Decision(Decision.Outcome.GUARDED, alert, d.playbook(), d.action(), d.params(),
                d.target(), d.strategy(), null, "Every playbook matching alert KubePodOOMKilled is blocked: ...",
                d.trace(), new Refusal("loop", "SuspectedLeak", "memory raised 3 times in 24h on Deployment shop/cart"));

        Remediation r = RemediationFactory.from(refused, alert, NOW);
        Remediation change = RemediationFactory.from(d, alert, NOW);

        assertThat(r.getMetadata().getName()).isEqualTo(change.getMetadata().getName());
        assertThat(r.getSpec().getTarget()).usingRecursiveComparison().isEqualTo(change.getSpec().getTarget());
        assertThat(r.getSpec().getAction()).usingRecursiveComparison().isEqualTo(change.getSpec().getAction());
        assertThat(r.getSpec().getDecision().getTrace()).usingRecursiveComparison()
                .isEqualTo(change.getSpec().getDecision().getTrace());
        RefusalInfo refusal = r.getSpec().getDecision().getRefusal();
        assertThat(refusal.getRail()).isEqualTo("loop");
        assertThat(refusal.getReason()).isEqualTo("SuspectedLeak");
        assertThat(refusal.getMessage()).isEqualTo("memory raised 3 times in 24h on Deployment shop/cart");
        assertThat(change.getSpec().getDecision().getRefusal()).isNull();
        assertThat(Serialization.asJson(change.getSpec())).doesNotContain("refusal");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "acme/k8s-manifests                               | acme | k8s-manifests",
        "https://github.com/acme/k8s-manifests.git        | acme | k8s-manifests",
        "https://github.com/acme/k8s-manifests            | acme | k8s-manifests",
        "git@github.com:acme/k8s-manifests.git            | acme | k8s-manifests",
        "ssh://git@github.com/acme/k8s-manifests.git      | acme | k8s-manifests",
        "https://gitlab.example.com/group/sub/manifests   | -    | -",
    })
    void githubOwnerAndRepoAreReadFromTheRepository(String repository, String owner, String repo) {
        Alert alert = oomAlert(Map.of(), "fp");
        GitOpsSpec gitops = new GitOpsSpec(repository, "main", "{namespace}/{name}.yaml", List.of(), List.of(),
                List.of(), false, false);

        GitHubConfig github = RemediationFactory.from(decision(alert, "oom", CART, gitops), alert, NOW)
                .getSpec().getGithub();

        assertThat(github.getOwner()).isEqualTo(owner);
        assertThat(github.getRepo()).isEqualTo(repo);
        assertThat(github.getRepository()).isEqualTo(repository);
    }

    @Test
    void thePlaybooksReviewSettingsFillThePullRequestFieldsOfSpecGithub() {
        Alert alert = oomAlert(Map.of(), "fp");
        GitOpsSpec gitops = new GitOpsSpec("acme/k8s-manifests", "main", "{namespace}/{name}.yaml",
                List.of("alice", "acme/sre"), List.of("bob"), List.of("team-shop", "needs review"), true, false);

        GitHubConfig github = RemediationFactory.from(decision(alert, "oom", CART, gitops), alert, NOW)
                .getSpec().getGithub();

        assertThat(github.getPrReviewers()).containsExactly("alice", "acme/sre");
        assertThat(github.getPrAssignees()).containsExactly("bob");
        assertThat(github.getPrLabels()).containsExactly("team-shop", "needs review");
        assertThat(github.getPrDraft()).isTrue();
        assertThat(github.getAutoMerge()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] autoMerge {0}, requireApproval {1} -> {2}")
    @CsvSource({"true, false, true", "true, true, false", "false, false, false", "false, true, false"})
    void autoMergeIsSetOnlyWhenThePlaybookAsksAndItsStrategyNeedsNoApproval(boolean autoMerge,
            boolean requireApproval, boolean expected) {
        Alert alert = oomAlert(Map.of(), "fp");
        GitOpsSpec gitops = new GitOpsSpec("acme/k8s-manifests", "main", "{namespace}/{name}.yaml", List.of(),
                List.of(), List.of(), false, autoMerge);
        Decision d = decision(alert, "oom", CART, gitops);
        Decision withStrategy = new Decision(d.outcome(), alert, d.playbook(), d.action(), d.params(), d.target(),
                new Strategy(Strategy.Mode.GitOps, requireApproval, Duration.ofHours(24)), gitops, d.reason(),
                d.trace());

        GitHubConfig github = RemediationFactory.from(withStrategy, alert, NOW).getSpec().getGithub();

        assertThat(github.getAutoMerge()).isEqualTo(expected);
    }

    @Test
    void thePlaybooksDryRunBecomesSpecDryRunAndIsAbsentOtherwise() {
        Alert alert = oomAlert(Map.of(), "fp");
        Decision d = decision(alert, "oom", CART, null);
        Decision dry = new Decision(d.outcome(), alert, d.playbook(), d.action(), d.params(), d.target(),
                d.strategy(), null, d.reason(), d.trace(), true);

        assertThat(RemediationFactory.from(dry, alert, NOW).getSpec().getDryRun()).isTrue();
        assertThat(RemediationFactory.from(d, alert, NOW).getSpec().getDryRun()).isNull();
    }

    @Test
    void reviewSettingsSurviveTheCrdSchema() throws IOException {
        Alert alert = oomAlert(Map.of(), "fp");
        GitOpsSpec gitops = new GitOpsSpec("acme/k8s-manifests", "main", "{namespace}/{name}.yaml",
                List.of("alice", "acme/sre"), List.of("bob"), List.of("team-shop"), true, false);

        Remediation r = RemediationFactory.from(decision(alert, "oom", CART, gitops), alert, NOW);

        JsonNode json = new ObjectMapper().readTree(Serialization.asJson(r));
        assertThat(json.at("/spec/github/prReviewers/1").asText()).isEqualTo("acme/sre");
        assertThat(GeneratedCrd.problems(json.get("spec"), GeneratedCrd.schema("spec"), "spec")).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({"PT24H, 24h", "PT1H30M, 1h30m", "PT0S, 0s", "PT90S, 1m30s", "P7D, 168h", "PT0.5S, 500ms"})
    void ttlAndDurationParametersAreWrittenAsGoDurations(Duration duration, String text) {
        assertThat(WireFormats.goDuration(duration)).isEqualTo(text).matches(RemediationStrategy.GO_DURATION);
        assertThat(RemediationFactory.paramText(duration)).isEqualTo(text);
    }

    @Test
    void anOomAlertThroughTheShippedPlaybooksBecomesARemediationTheCrdAccepts() throws IOException {
        LoadResult loaded = new PlaybookLoader().load(Path.of("..", "playbooks"));
        Alert alert = oomAlert(Map.of(), "8d2c6b1f0a9e7c35");
        Decision decision;
        try (DecisionEngine engine = DecisionEngine.build(loaded)) {
            decision = engine.decide(alert, List.of(), NOW);
        }

        Remediation r = RemediationFactory.from(decision, alert, NOW);

        assertThat(r.getSpec().getPlaybook().getName()).isEqualTo("oom-increase-memory");
        assertThat(r.getSpec().getAction().getParams()).containsEntry("percent", "25").containsEntry("max", "2Gi");
        assertThat(r.getSpec().getDecision().getTrace()).extracting(TraceStep::getRule)
                .containsExactly("playbook:oom-increase-memory", "target:resolved", "params:defaults", "select:winner");
        JsonNode json = new ObjectMapper().readTree(Serialization.asJson(r));
        assertThat(GeneratedCrd.problems(json.get("spec"), GeneratedCrd.schema("spec"), "spec")).isEmpty();
    }

    private static TargetResource target(String kind, String name, String namespace, String container) {
        TargetResource t = new TargetResource();
        t.setKind(WorkloadKind.valueOf(kind));
        t.setName(name);
        t.setNamespace(namespace);
        t.setContainer(container);
        return t;
    }
}
