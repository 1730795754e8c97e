package io.heal8s.engine.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.alert.AlertStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {

    @TempDir
    Path dir;

    private final PlaybookLoader loader = new PlaybookLoader();

    /** A minimal valid playbook; tests append or replace lines. Line numbers are noted for positions below. */
    private static final String MINIMAL = """
            apiVersion: heal8s.io/v1alpha1
            kind: Playbook
            metadata:
              name: oom
            spec:
              match:
                alertNames: [KubePodOOMKilled]
              action:
                type: IncreaseMemory
            """;

    private LoadResult load(String file, String yaml) throws IOException {
        Files.writeString(dir.resolve(file), yaml);
        return loader.load(dir);
    }

    private PlaybookError onlyError(LoadResult result) {
        assertThat(result.errors()).as("errors").hasSize(1);
        assertThat(result.ok()).isFalse();
        return result.errors().get(0);
    }

    @Test
    void minimalPlaybookGetsEveryDefault() throws IOException {
        LoadResult result = load("oom.yaml", MINIMAL);

        assertThat(result.errors()).isEmpty();
        assertThat(result.ok()).isTrue();
        Playbook p = result.playbooks().get(0);
        assertThat(p.name()).isEqualTo("oom");
        assertThat(p.description()).isEmpty();
        assertThat(p.priority()).isZero();
        assertThat(p.match().alertNames()).containsExactly("KubePodOOMKilled");
        assertThat(p.match().severities()).isEmpty();
        assertThat(p.match().matchers()).isEmpty();
        assertThat(p.target()).isEqualTo(TargetSpec.DEFAULT);
        assertThat(p.action()).isEqualTo(ActionSpec.defaults(ActionType.IncreaseMemory));
        assertThat(p.guards()).isEqualTo(Guards.DEFAULT);
        assertThat(p.strategy()).isEqualTo(Strategy.DEFAULT);
        assertThat(p.gitops()).isNull();
        assertThat(p.source()).isEqualTo(new Playbook.Source(dir.resolve("oom.yaml"), 2));
    }

    @Test
    void everyFieldOfTheFormatIsRead() throws IOException {
        LoadResult result = load("full.yaml", """
                apiVersion: heal8s.io/v1alpha1
                kind: Playbook
                metadata:
                  name: oom-increase-memory
                  description: Raise memory after an OOM kill
                spec:
                  priority: 100
                  match:
                    alertNames: [KubePodOOMKilled, ContainerOOMKilled]
                    severities: [warning, critical]
                    labels:
                      - 'namespace!~"kube-system|kube-public"'
                      - severity=critical
                  target:
                    kind: Deployment
                    labels:
                      container: container_name
                  action:
                    type: IncreaseMemory
                    params:
                      percent: 25
                      max: 2Gi
                      requests: equalLimit
                  guards:
                    cooldown: 1h30m
                    maxAttempts: 5
                    window: 7d
                  strategy:
                    mode: Direct
                    requireApproval: false
                    ttl: 90s
                  gitops:
                    repository: acme/k8s-manifests
                    baseBranch: release/1.x
                    manifestPath: "clusters/{environment}/{namespace}/{kind}-{name}.yaml"
                """);

        assertThat(result.errors()).isEmpty();
        Playbook p = result.playbooks().get(0);
        assertThat(p.description()).isEqualTo("Raise memory after an OOM kill");
        assertThat(p.priority()).isEqualTo(100);
        assertThat(p.match().alertNames()).containsExactlyInAnyOrder("KubePodOOMKilled", "ContainerOOMKilled");
        assertThat(p.match().severities()).containsExactlyInAnyOrder("warning", "critical");
        assertThat(p.match().matchers()).containsExactly(
                LabelMatcher.of("namespace", LabelMatcher.Op.NRE, "kube-system|kube-public"),
                LabelMatcher.of("severity", LabelMatcher.Op.EQ, "critical"));
        assertThat(p.target().kind()).isEqualTo(WorkloadKind.Deployment);
        assertThat(p.target().containerLabel()).isEqualTo("container_name");
        assertThat(p.target().namespaceLabel()).isEqualTo("namespace");
        assertThat(p.action().params())
                .containsEntry("percent", 25)
                .containsEntry("max", "2Gi")
                .containsEntry("requests", "equalLimit")
                .containsEntry("minStep", "64Mi");
        assertThat(p.action().quantityParam("max").amount()).isEqualByComparingTo("2147483648");
        assertThat(p.guards()).isEqualTo(new Guards(Duration.ofMinutes(90), 5, Duration.ofDays(7)));
        assertThat(p.strategy()).isEqualTo(new Strategy(Strategy.Mode.Direct, false, Duration.ofSeconds(90)));
        assertThat(p.gitops()).isEqualTo(new GitOpsSpec("acme/k8s-manifests", "release/1.x",
                "clusters/{environment}/{namespace}/{kind}-{name}.yaml"));
    }

    @Test
    void loadedPlaybookMatchesAlertsLikeAlertmanager() throws IOException {
        LoadResult result = load("p.yaml", """
                apiVersion: heal8s.io/v1alpha1
                kind: Playbook
                metadata:
                  name: oom
                spec:
                  match:
                    alertNames: [KubePodOOMKilled]
                    labels: ['namespace!~"kube-.*"']
                  action:
                    type: IncreaseMemory
                """);

        Playbook p = result.playbooks().get(0);
        assertThat(p.matches(alert(Map.of("alertname", "KubePodOOMKilled", "namespace", "shop")))).isTrue();
        assertThat(p.matches(alert(Map.of("alertname", "KubePodOOMKilled", "namespace", "kube-system")))).isFalse();
        assertThat(p.matches(alert(Map.of("alertname", "CPUThrottlingHigh", "namespace", "shop")))).isFalse();
    }

    @Test
    void yamlSyntaxErrorIsReportedWhereTheParserGaveUp() throws IOException {
        PlaybookError e = onlyError(load("bad.yaml", """
                apiVersion: heal8s.io/v1alpha1
                kind: Playbook
                metadata:
                  name: oom
                   description: indented one space too far
                """));

        assertThat(tuple(e.line(), e.column(), e.field())).isEqualTo(tuple(5, 15, ""));
        assertThat(e.message()).startsWith("YAML syntax error: ").contains("mapping values are not allowed here");
        assertThat(e).hasToString(dir.resolve("bad.yaml") + ":5:15: " + e.message());
    }

    @Test
    void unclosedFlowListIsASyntaxErrorAtTheNextToken() throws IOException {
        PlaybookError e = onlyError(load("bad.yaml", """
                apiVersion: heal8s.io/v1alpha1
                kind: Playbook
                metadata:
                  name: oom
                spec:
                  match:
                    alertNames: [KubePodOOMKilled
                  action:
                    type: IncreaseMemory
                """));

        assertThat(tuple(e.line(), e.column())).isEqualTo(tuple(8, 9));
        assertThat(e.message()).contains("while parsing a flow sequence").contains("expected ',' or ']'");
    }

    @Test
    void unknownTopLevelFieldIsReportedAtItsKeyWithASuggestion() throws IOException {
        LoadResult result = load("typo.yaml", MINIMAL.replace("spec:", "spce:"));

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field)
                .containsExactly(
                        // the missing spec is blamed on the document, which has no better place
                        tuple(1, 1, "spec"),
                        tuple(5, 1, "spce"));
        assertThat(result.errors().get(0).message()).isEqualTo("required field is missing");
        assertThat(result.errors().get(1).message())
                .isEqualTo("unknown field 'spce' (did you mean 'spec'?); known fields: apiVersion, kind, metadata, spec");
        assertThat(result.playbooks()).isEmpty();
    }

    @Test
    void unknownNestedFieldsAreReportedAtEveryLevel() throws IOException {
        LoadResult result = load("typo.yaml", """
                apiVersion: heal8s.io/v1alpha1
                kind: Playbook
                metadata:
                  name: oom
                spec:
                  mach:
                    alertNames: [KubePodOOMKilled]
                  action:
                    type: IncreaseMemory
                    parms:
                      percent: 25
                """);

        assertThat(result.errors()).extracting(PlaybookError::toString).containsExactly(
                dir.resolve("typo.yaml") + ":5:1: spec.match: required field is missing",
                dir.resolve("typo.yaml") + ":6:3: spec.mach: unknown field 'mach' (did you mean 'match'?); "
                        + "known fields: priority, match, target, action, guards, strategy, gitops, dryRun, verify",
                dir.resolve("typo.yaml") + ":10:5: spec.action.parms: unknown field 'parms' (did you mean 'params'?); "
                        + "known fields: type, params");
    }

    @Test
    void wrongTypesAreReportedAtTheValue() throws IOException {
        LoadResult result = load("types.yaml", """
                apiVersion: heal8s.io/v1alpha1
                kind: Playbook
                metadata:
                  name: oom
                spec:
                  priority: high
                  match:
                    alertNames: KubePodOOMKilled
                  action:
                    type: IncreaseMemory
                    params: [percent, 25]
                  guards:
                    maxAttempts: "3"
                  strategy:
                    requireApproval: sometimes
                """);

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field,
                PlaybookError::message).containsExactly(
                tuple(6, 13, "spec.priority", "expected an integer, found a string (\"high\")"),
                tuple(8, 17, "spec.match.alertNames", "expected a list, found a string (\"KubePodOOMKilled\"); "
                        + "write [KubePodOOMKilled]"),
                tuple(11, 13, "spec.action.params", "expected a mapping, found a list"),
                tuple(13, 18, "spec.guards.maxAttempts", "expected an integer, found a string (\"3\"); remove the quotes"),
                tuple(15, 22, "spec.strategy.requireApproval", "expected true or false, found a string (\"sometimes\")"));
    }

    @Test
    void mappingWhereAListIsExpectedAndViceVersa() throws IOException {
        LoadResult result = load("types.yaml", """
                apiVersion: heal8s.io/v1alpha1
                kind: Playbook
                metadata: [oom]
                spec:
                  match:
                    alertNames: [KubePodOOMKilled]
                    labels:
                      - namespace: prod
                  action:
                    type: IncreaseMemory
                """);

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field)
                .containsExactly(tuple(3, 11, "metadata"), tuple(8, 9, "spec.match.labels[0]"));
        assertThat(result.errors().get(0).message()).isEqualTo("expected a mapping, found a list");
        assertThat(result.errors().get(1).message()).startsWith("expected a matcher string such as 'namespace=\"prod\"'");
    }

    @Test
    void missingRequiredFieldsAreReportedAtTheirParent() throws IOException {
        LoadResult result = load("missing.yaml", """
                apiVersion: heal8s.io/v1alpha1
                kind: Playbook
                metadata:
                  description: no name
                spec:
                  match:
                    alertNames: [KubePodOOMKilled]
                  action:
                    params: {percent: 10}
                  gitops:
                    repository: acme/manifests
                """);

        assertThat(result.errors()).extracting(PlaybookError::toString).containsExactly(
                dir.resolve("missing.yaml") + ":3:1: metadata.name: required field is missing",
                dir.resolve("missing.yaml") + ":8:3: spec.action.type: required field is missing",
                dir.resolve("missing.yaml") + ":10:3: spec.gitops.manifestPath: required field is missing");
    }

    @Test
    void emptyRequiredFieldIsReportedAtItsKey() throws IOException {
        PlaybookError e = onlyError(load("empty.yaml", MINIMAL.replace("type: IncreaseMemory", "type:")));

        assertThat(e).hasToString(dir.resolve("empty.yaml") + ":9:5: spec.action.type: required field is empty");
    }

    @Test
    void wrongApiVersionAndKind() throws IOException {
        LoadResult result = load("api.yaml", MINIMAL
                .replace("heal8s.io/v1alpha1", "heal8s.io/v1")
                .replace("kind: Playbook", "kind: Deployment"));

        assertThat(result.errors()).extracting(PlaybookError::toString).containsExactly(
                dir.resolve("api.yaml") + ":1:13: apiVersion: unsupported apiVersion 'heal8s.io/v1'; "
                        + "expected heal8s.io/v1alpha1",
                dir.resolve("api.yaml") + ":2:7: kind: unsupported kind 'Deployment'; expected Playbook");
    }

    @Test
    void unknownActionTypeListsTheKnownOnes() throws IOException {
        PlaybookError e = onlyError(load("action.yaml", MINIMAL.replace("IncreaseMemory", "increaseMemory")));

        assertThat(tuple(e.line(), e.column(), e.field())).isEqualTo(tuple(9, 11, "spec.action.type"));
        assertThat(e.message()).isEqualTo("unknown action type 'increaseMemory' (did you mean 'IncreaseMemory'?); "
                + "known types: IncreaseMemory, IncreaseCPU, ScaleUp, RollbackImage, RolloutRestart, ExpandVolume");
    }

    @Test
    void unknownParameterNamesTheActionsParameters() throws IOException {
        LoadResult result = load("param.yaml", MINIMAL + """
                    params:
                      percnt: 10
                """);

        PlaybookError e = onlyError(result);
        assertThat(tuple(e.line(), e.column(), e.field())).isEqualTo(tuple(11, 7, "spec.action.params.percnt"));
        assertThat(e.message()).isEqualTo("unknown parameter 'percnt' of IncreaseMemory (did you mean 'percent'?); "
                + "its parameters are percent, minStep, roundTo, max, default, requests");
    }

    @Test
    void parametersOfAnActionWithoutAnyAreRefused() throws IOException {
        PlaybookError e = onlyError(load("param.yaml", MINIMAL.replace("IncreaseMemory", "RollbackImage") + """
                    params:
                      revision: 2
                """));

        assertThat(e).hasToString(dir.resolve("param.yaml")
                + ":11:7: spec.action.params.revision: RollbackImage takes no parameters");
    }

    @Test
    void badParameterValuesSayWhatIsValid() throws IOException {
        LoadResult result = load("values.yaml", MINIMAL + """
                    params:
                      percent: 0
                      max: 2GB
                      minStep: 1m
                      requests: always
                      roundTo: 64 Mi
                """);

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field)
                .containsExactly(
                        tuple(11, 16, "spec.action.params.percent"),
                        tuple(12, 12, "spec.action.params.max"),
                        tuple(13, 16, "spec.action.params.minStep"),
                        tuple(14, 17, "spec.action.params.requests"),
                        tuple(15, 16, "spec.action.params.roundTo"));
        assertThat(result.errors()).extracting(PlaybookError::message).containsExactly(
                "percent must be between 1 and 1000 (percent), got 0",
                "invalid quantity '2GB': expected a number with an optional suffix: binary Ki, Mi, Gi, Ti, Pi, Ei "
                        + "(powers of 1024), decimal k, M, G, T, P, E (powers of 1000) or m (1/1000), or an exponent "
                        + "such as 129e6; did you mean '2G' or '2Gi'?",
                "memory quantity '1m' is 0.001 bytes, not a whole number of bytes; 'm' means milli (1/1000): "
                        + "did you mean '1Mi' or '1M'?",
                "'always' is not allowed; use one of keepRatio, equalLimit, unchanged",
                "invalid quantity '64 Mi': expected a number with an optional suffix: binary Ki, Mi, Gi, Ti, Pi, Ei "
                        + "(powers of 1024), decimal k, M, G, T, P, E (powers of 1000) or m (1/1000), or an exponent "
                        + "such as 129e6; did you mean '64Mi'?");
    }

    @Test
    void percentAboveTheRangeAndQuotedPercentAreRefused() throws IOException {
        LoadResult result = load("values.yaml", MINIMAL.replace("IncreaseMemory", "ScaleUp") + """
                    params:
                      percent: 5000
                      minIncrement: 25%
                      maxReplicas: 0
                """);

        assertThat(result.errors()).extracting(PlaybookError::field, PlaybookError::message).containsExactly(
                tuple("spec.action.params.percent", "percent must be between 1 and 1000 (percent), got 5000"),
                tuple("spec.action.params.minIncrement",
                        "expected an integer, found a string (\"25%\"); write the number without '%'"),
                tuple("spec.action.params.maxReplicas",
                        "maxReplicas must be at least 1, got 0"));
    }

    @Test
    void cpuParametersAcceptCoresAndMillicoresButNotBinarySuffixes() throws IOException {
        LoadResult good = load("cpu.yaml", MINIMAL.replace("IncreaseMemory", "IncreaseCPU") + """
                    params:
                      max: 1.5
                      minStep: 250m
                      default: 2
                """);
        assertThat(good.errors()).isEmpty();
        assertThat(good.playbooks().get(0).action().params())
                .containsEntry("max", "1.5").containsEntry("minStep", "250m").containsEntry("default", "2");

        PlaybookError e = onlyError(load("cpu.yaml", MINIMAL.replace("IncreaseMemory", "IncreaseCPU") + """
                    params:
                      max: 2Gi
                """));
        assertThat(e.field()).isEqualTo("spec.action.params.max");
        assertThat(e.message()).isEqualTo("CPU quantity '2Gi' uses a binary suffix; use cores such as 0.5 or 2, "
                + "or millicores such as 250m");
    }

    @Test
    void memoryParametersAcceptEveryKubernetesForm() throws IOException {
        for (String form : List.of("134217728", "129e6", "129M", "123Mi", "1Gi", "1Ti", "1k", "1Ki", "0.5Gi")) {
            LoadResult result = load("mem.yaml", MINIMAL + "    params:\n      max: " + form + "\n");
            assertThat(result.errors()).as(form).isEmpty();
            assertThat(result.playbooks().get(0).action().params()).as(form).containsEntry("max", form);
        }
    }

    @Test
    void invalidRegularExpressionInAMatcherIsReportedWithTheRegexError() throws IOException {
        PlaybookError e = onlyError(load("re.yaml", MINIMAL.replace("alertNames: [KubePodOOMKilled]", """
                alertNames: [KubePodOOMKilled]
                    labels:
                      - severity="critical"
                      - 'namespace=~"(kube-system"'""")));

        assertThat(tuple(e.line(), e.column(), e.field())).isEqualTo(tuple(10, 9, "spec.match.labels[1]"));
        assertThat(e.message()).isEqualTo("invalid regular expression '(kube-system' in matcher "
                + "'namespace=~\"(kube-system\"': Unclosed group at index 12");
    }

    @Test
    void malformedMatchersAreReported() throws IOException {
        LoadResult result = load("m.yaml", MINIMAL.replace("alertNames: [KubePodOOMKilled]", """
                alertNames: [KubePodOOMKilled]
                    labels:
                      - namespace
                      - 'namespace="prod'
                      - 'namespace="a"b"'
                      - '1abel="x"'"""));

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field)
                .containsExactly(
                        tuple(9, 9, "spec.match.labels[0]"),
                        tuple(10, 9, "spec.match.labels[1]"),
                        tuple(11, 9, "spec.match.labels[2]"),
                        tuple(12, 9, "spec.match.labels[3]"));
        assertThat(result.errors()).extracting(PlaybookError::message).containsExactly(
                "malformed matcher 'namespace': expected " + LabelMatcher.FORMS,
                "malformed matcher 'namespace=\"prod': the value's closing quote is missing",
                "malformed matcher 'namespace=\"a\"b\"': unescaped double quote in the value "
                        + "(write \\\" inside a quoted value)",
                "malformed matcher '1abel=\"x\"': expected " + LabelMatcher.FORMS);
    }

    @Test
    void matchWithNeitherAlertNamesNorLabelsIsRefused() throws IOException {
        PlaybookError e = onlyError(load("any.yaml", MINIMAL.replace("alertNames: [KubePodOOMKilled]",
                "severities: [critical]")));

        assertThat(tuple(e.line(), e.column(), e.field())).isEqualTo(tuple(6, 3, "spec.match"));
        assertThat(e.message()).startsWith("needs alertNames or labels");
    }

    @Test
    void badDurationsAreReported() throws IOException {
        LoadResult result = load("d.yaml", MINIMAL + """
                  guards:
                    cooldown: 30 min
                    window: 0
                  strategy:
                    ttl: 1.5h
                """);

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field,
                PlaybookError::message).containsExactly(
                tuple(11, 15, "spec.guards.cooldown", "invalid duration '30 min': expected " + Durations.FORMS),
                tuple(12, 13, "spec.guards.window", "must be longer than zero"),
                tuple(14, 10, "spec.strategy.ttl", "invalid duration '1.5h': expected " + Durations.FORMS));
    }

    @Test
    void dryRunIsOffByDefaultAndReadFromSpecDryRun() throws IOException {
        assertThat(load("a.yaml", MINIMAL).playbooks().get(0).dryRun()).isFalse();

        LoadResult result = load("a.yaml", MINIMAL + """
                  dryRun: true
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.playbooks().get(0).dryRun()).isTrue();
    }

    @Test
    void aDryRunThatIsNotABooleanIsReportedAtItsValue() throws IOException {
        PlaybookError error = onlyError(load("a.yaml", MINIMAL + """
                  dryRun: "yes"
                """));

        assertThat(error.field()).isEqualTo("spec.dryRun");
        assertThat(error.message()).contains("expected true or false");
        assertThat(error.line()).isEqualTo(10);
    }

    @Test
    void loopGuardIsReadAndUnsetFieldsKeepTheirDefaults() throws IOException {
        LoadResult result = load("loop.yaml", MINIMAL + """
                  guards:
                    maxAttempts: 5
                    loop:
                      maxChanges: 4
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.playbooks().get(0).guards()).isEqualTo(new Guards(Duration.ofMinutes(30), 5,
                Duration.ofHours(24), 4, Duration.ofHours(24)));
    }

    @Test
    void loopMaxChangesOfZeroDisablesTheCheck() throws IOException {
        LoadResult result = load("loop.yaml", MINIMAL + """
                  guards:
                    loop: {maxChanges: 0, window: 12h}
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.playbooks().get(0).guards().loopMaxChanges()).isZero();
        assertThat(result.playbooks().get(0).guards().loopWindow()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void loopErrorsNameTheFieldWithFileAndLine() throws IOException {
        LoadResult result = load("loop.yaml", MINIMAL + """
                  guards:
                    loop:
                      maxChanges: -1
                      window: 0
                      windw: 1h
                """);

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field,
                PlaybookError::message).containsExactly(
                tuple(12, 19, "spec.guards.loop.maxChanges", "maxChanges must be 0 (no loop check) or more, got -1"),
                tuple(13, 15, "spec.guards.loop.window", "must be longer than zero"),
                tuple(14, 7, "spec.guards.loop.windw", "unknown field 'windw' (did you mean 'window'?); known fields:"
                        + " maxChanges, window"));
        assertThat(result.errors().get(0).toString()).startsWith(dir.resolve("loop.yaml") + ":12:19: ");
    }

    @Test
    void loopMustBeAMapping() throws IOException {
        PlaybookError e = onlyError(load("loop.yaml", MINIMAL + """
                  guards:
                    loop: 3
                """));

        assertThat(e.field()).isEqualTo("spec.guards.loop");
        assertThat(e.line()).isEqualTo(11);
    }

    @Test
    void theLoadersDefaultGuardsApplyFieldByField() throws IOException {
        Guards configured = new Guards(Duration.ofHours(1), 2, Duration.ofHours(12), 5, Duration.ofDays(2));
        Files.writeString(dir.resolve("a.yaml"), MINIMAL);
        Files.writeString(dir.resolve("b.yaml"), MINIMAL.replace("name: oom", "name: oom-b") + """
                  guards:
                    cooldown: 5m
                    loop:
                      window: 6h
                """);

        LoadResult result = new PlaybookLoader(configured).load(dir);

        assertThat(result.errors()).isEmpty();
        assertThat(result.playbooks()).extracting(Playbook::guards).containsExactly(configured,
                new Guards(Duration.ofMinutes(5), 2, Duration.ofHours(12), 5, Duration.ofHours(6)));
    }

    @Test
    void zeroCooldownMeansNone() throws IOException {
        LoadResult result = load("d.yaml", MINIMAL + """
                  guards:
                    cooldown: 0
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.playbooks().get(0).guards().cooldown()).isZero();
    }

    @Test
    void unknownStrategyModeIsReported() throws IOException {
        PlaybookError e = onlyError(load("s.yaml", MINIMAL + """
                  strategy:
                    mode: gitops
                """));

        assertThat(e).hasToString(dir.resolve("s.yaml") + ":11:11: spec.strategy.mode: unknown mode 'gitops' "
                + "(did you mean 'GitOps'?); use GitOps or Direct");
    }

    @Test
    void targetKindMustBeOneTheActionCanChange() throws IOException {
        LoadResult result = load("t.yaml", MINIMAL + """
                  target:
                    kind: PersistentVolumeClaim
                """);

        PlaybookError e = onlyError(result);
        assertThat(e).hasToString(dir.resolve("t.yaml") + ":11:11: spec.target.kind: IncreaseMemory cannot act on a "
                + "PersistentVolumeClaim; it acts on Deployment, StatefulSet, DaemonSet, Pod");
    }

    @Test
    void unknownTargetKindAndBadLabelOverridesAreReported() throws IOException {
        LoadResult result = load("t.yaml", MINIMAL + """
                  target:
                    kind: ReplicaSet
                    labels:
                      deployment: "app name"
                      replicaset: rs
                """);

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field)
                .containsExactly(
                        tuple(11, 11, "spec.target.kind"),
                        tuple(13, 19, "spec.target.labels.deployment"),
                        tuple(14, 7, "spec.target.labels.replicaset"));
        assertThat(result.errors().get(0).message())
                .isEqualTo("unknown kind 'ReplicaSet'; use one of Deployment, StatefulSet, DaemonSet, Pod, "
                        + "PersistentVolumeClaim");
        assertThat(result.errors().get(1).message())
                .isEqualTo("'app name' is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)");
    }

    @Test
    void actionWithASingleTargetKindNeedsNoInference() throws IOException {
        LoadResult result = load("pvc.yaml", MINIMAL.replace("IncreaseMemory", "ExpandVolume"));

        assertThat(result.playbooks().get(0).target().kind()).isEqualTo(WorkloadKind.PersistentVolumeClaim);
    }

    @Test
    void manifestPathMayUseOnlyTheFourPlaceholdersAndStayInTheRepository() throws IOException {
        LoadResult result = load("g.yaml", MINIMAL + """
                  gitops:
                    repository: acme/manifests
                    manifestPath: "clusters/{cluster}/{namespace}/{name}.yaml"
                ---
                """ + MINIMAL.replace("name: oom", "name: oom2") + """
                  gitops:
                    repository: git@github.com:acme/manifests.git
                    manifestPath: ../other/{name}.yaml
                ---
                """ + MINIMAL.replace("name: oom", "name: oom3") + """
                  gitops:
                    repository: not a repo
                    baseBranch: "feature..x"
                    manifestPath: /etc/{name}.yaml
                """);

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field,
                PlaybookError::message).containsExactly(
                tuple(12, 19, "spec.gitops.manifestPath", "unknown placeholder {cluster} in manifest path; "
                        + "use {environment}, {namespace}, {kind} and {name}"),
                tuple(25, 19, "spec.gitops.manifestPath", "manifest path '../other/{name}.yaml' must not contain '..': "
                        + "it would leave the repository"),
                tuple(37, 17, "spec.gitops.repository", "invalid repository 'not a repo': expected owner/name "
                        + "(such as acme/k8s-manifests) or a Git URL (https://…, ssh://…, git@host:path)"),
                tuple(38, 17, "spec.gitops.baseBranch", "invalid branch name 'feature..x'"),
                tuple(39, 19, "spec.gitops.manifestPath", "manifest path '/etc/{name}.yaml' must be relative to the "
                        + "repository root (no leading '/', no drive, no backslash)"));
    }

    @Test
    void reviewSettingsAreRead() throws IOException {
        LoadResult result = load("r.yaml", MINIMAL + """
                  strategy:
                    requireApproval: false
                  gitops:
                    repository: acme/manifests
                    manifestPath: "apps/{namespace}/{name}.yaml"
                    reviewers: [alice, acme/sre]
                    assignees: [bob]
                    labels: [team-shop, "needs review"]
                    draft: true
                    autoMerge: true
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.playbooks().get(0).gitops()).isEqualTo(new GitOpsSpec("acme/manifests", "main",
                "apps/{namespace}/{name}.yaml", List.of("alice", "acme/sre"), List.of("bob"),
                List.of("team-shop", "needs review"), true, true));
    }

    @Test
    void reviewSettingsDefaultToNoneAndNoDraftNoAutoMerge() throws IOException {
        LoadResult result = load("r.yaml", MINIMAL + """
                  gitops:
                    repository: acme/manifests
                    manifestPath: "apps/{namespace}/{name}.yaml"
                    reviewers:
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(result.playbooks().get(0).gitops())
                .isEqualTo(new GitOpsSpec("acme/manifests", "main", "apps/{namespace}/{name}.yaml"));
    }

    @Test
    void badReviewSettingsAreReportedAtEachValue() throws IOException {
        LoadResult result = load("r.yaml", MINIMAL + """
                  gitops:
                    repository: acme/manifests
                    manifestPath: "apps/{namespace}/{name}.yaml"
                    reviewers: ["@alice", acme/sre/eu, bob, Bob]
                    assignees: acme/sre
                    labels: ["a,b", ok]
                    draft: yes please
                    autoMerge: 1
                """);

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field,
                PlaybookError::message).containsExactly(
                tuple(13, 17, "spec.gitops.reviewers[0]", "invalid reviewer '@alice': use a GitHub login (1 to 39 "
                        + "letters, digits or '-') or a team as org/team-slug"),
                tuple(13, 27, "spec.gitops.reviewers[1]", "invalid reviewer 'acme/sre/eu': use a GitHub login (1 to "
                        + "39 letters, digits or '-') or a team as org/team-slug"),
                tuple(13, 45, "spec.gitops.reviewers[3]", "'Bob' is already listed at spec.gitops.reviewers[2]"),
                tuple(14, 16, "spec.gitops.assignees", "expected a list, found a string (\"acme/sre\"); "
                        + "write [acme/sre]"),
                tuple(15, 14, "spec.gitops.labels[0]", "invalid label 'a,b': use 1 to 50 characters without "
                        + "commas, control characters or surrounding spaces"),
                tuple(16, 12, "spec.gitops.draft", "expected true or false, found a string (\"yes please\")"),
                tuple(17, 16, "spec.gitops.autoMerge", "expected true or false, found an integer (1)"));
    }

    @Test
    void autoMergeIsRefusedWhileThePlaybookRequiresApproval() throws IOException {
        LoadResult result = load("r.yaml", MINIMAL + """
                  gitops:
                    repository: acme/manifests
                    manifestPath: "apps/{namespace}/{name}.yaml"
                    autoMerge: true
                """);

        PlaybookError e = onlyError(result);
        assertThat(e).hasToString(dir.resolve("r.yaml") + ":13:16: spec.gitops.autoMerge: autoMerge has no effect "
                + "while spec.strategy.requireApproval is true (its default): a change that waits for approval is "
                + "never merged without it; set requireApproval: false or remove autoMerge");
    }

    @Test
    void invalidNamesAreReported() throws IOException {
        String tooLong = "a".repeat(64);
        LoadResult result = load("n.yaml", MINIMAL.replace("name: oom", "name: Oom_Kill") + "---\n"
                + MINIMAL.replace("name: oom", "name: " + tooLong) + "---\n"
                + MINIMAL.replace("name: oom", "name: -oom"));

        assertThat(result.errors()).extracting(PlaybookError::line, PlaybookError::column, PlaybookError::field)
                .containsExactly(tuple(4, 9, "metadata.name"), tuple(14, 9, "metadata.name"),
                        tuple(24, 9, "metadata.name"));
        assertThat(result.errors().get(0).message()).isEqualTo("invalid name 'Oom_Kill': use at most 63 lowercase "
                + "letters, digits and '-', starting and ending with a letter or digit (a DNS-1123 label)");
        assertThat(result.playbooks()).isEmpty();
    }

    @Test
    void sixtyThreeCharacterNameIsTheLongestAllowed() throws IOException {
        LoadResult result = load("n.yaml", MINIMAL.replace("name: oom", "name: " + "a".repeat(63)));

        assertThat(result.errors()).isEmpty();
    }

    @Test
    void duplicateNameAcrossFilesIsReportedAtTheSecondWithTheFirstsPlace() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), MINIMAL);
        LoadResult result = load("b.yaml", "# the same name again\n" + MINIMAL);

        PlaybookError e = onlyError(result);
        assertThat(e).hasToString(dir.resolve("b.yaml") + ":5:9: metadata.name: duplicate playbook name 'oom': "
                + "first defined at " + dir.resolve("a.yaml") + ":4");
        assertThat(result.playbooks()).extracting(p -> p.source().file()).containsExactly(dir.resolve("a.yaml"));
    }

    @Test
    void duplicateNameWithinAMultiDocumentFileIsReported() throws IOException {
        LoadResult result = load("multi.yaml", MINIMAL + "---\n" + MINIMAL);

        PlaybookError e = onlyError(result);
        assertThat(e).hasToString(dir.resolve("multi.yaml") + ":14:9: metadata.name: duplicate playbook name 'oom': "
                + "first defined at " + dir.resolve("multi.yaml") + ":4");
    }

    @Test
    void duplicateNameIsFoundEvenWhenTheFirstPlaybookIsBroken() throws IOException {
        LoadResult result = load("multi.yaml", MINIMAL.replace("IncreaseMemory", "Nope") + "---\n" + MINIMAL);

        assertThat(result.errors()).extracting(PlaybookError::field)
                .containsExactly("spec.action.type", "metadata.name");
    }

    @Test
    void multiDocumentFileHoldsSeveralPlaybooksAndSkipsEmptyDocuments() throws IOException {
        LoadResult result = load("multi.yaml", "---\n" + MINIMAL + "---\n# nothing here\n---\n"
                + MINIMAL.replace("name: oom", "name: oom-two") + "...\n");

        assertThat(result.errors()).isEmpty();
        assertThat(result.playbooks()).extracting(Playbook::name).containsExactly("oom", "oom-two");
        assertThat(result.playbooks()).extracting(p -> p.source().line()).containsExactly(3, 15);
    }

    @Test
    void errorsOfEveryFileAndDocumentAreCollectedAndValidPlaybooksStillListed() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), MINIMAL.replace("IncreaseMemory", "Nope"));
        Files.writeString(dir.resolve("b.yml"), MINIMAL.replace("name: oom", "name: good") + "---\n"
                + MINIMAL.replace("name: oom", "name: other") + "  priority: x\n");
        Files.writeString(dir.resolve("c.yaml"), "key: [unclosed\n");
        Files.writeString(dir.resolve("notes.txt"), "not a playbook");

        LoadResult result = loader.load(dir);

        assertThat(result.errors()).extracting(e -> e.file().getFileName().toString(), PlaybookError::field)
                .containsExactly(tuple("a.yaml", "spec.action.type"), tuple("b.yml", "spec.priority"),
                        tuple("c.yaml", ""));
        assertThat(result.playbooks()).extracting(Playbook::name).containsExactly("good");
        assertThat(result.ok()).isFalse();
    }

    @Test
    void duplicateKeysAreReported() throws IOException {
        PlaybookError e = onlyError(load("dup.yaml", MINIMAL + "  priority: 1\n  priority: 2\n"));

        assertThat(e).hasToString(dir.resolve("dup.yaml") + ":11:3: spec.priority: duplicate key 'priority' "
                + "(first at line 10)");
    }

    @Test
    void aliasesAreRefusedBecauseTheirValueIsNotAvailable() throws IOException {
        PlaybookError e = onlyError(load("alias.yaml", MINIMAL.replace("name: oom", "name: &n oom")
                + "  guards:\n    cooldown: *n\n"));

        assertThat(e).hasToString(dir.resolve("alias.yaml") + ":11:15: spec.guards.cooldown: YAML aliases (*n) are "
                + "not supported in playbooks; write the value out");
    }

    @Test
    void documentThatIsNotAMappingIsReported() throws IOException {
        PlaybookError e = onlyError(load("list.yaml", "- apiVersion: heal8s.io/v1alpha1\n"));

        assertThat(e).hasToString(dir.resolve("list.yaml") + ":1:1: expected a playbook (a mapping with apiVersion, "
                + "kind, metadata and spec), found a list");
    }

    @Test
    void rulesAreReadAsTextSortedAndOtherFilesIgnored() throws IOException {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("b.drl"), "rule \"b\" when then end");
        Files.writeString(rules.resolve("a.drl"), "rule \"a\" when then end");
        Files.writeString(rules.resolve("README.md"), "not a rule");
        Files.writeString(dir.resolve("oom.yaml"), MINIMAL);
        Files.writeString(dir.resolve(".#oom.yaml"), "editor lock file, not YAML: [");

        LoadResult result = loader.load(dir);

        assertThat(result.errors()).isEmpty();
        assertThat(result.rules()).containsExactly(
                new RuleSource(rules.resolve("a.drl"), "rule \"a\" when then end"),
                new RuleSource(rules.resolve("b.drl"), "rule \"b\" when then end"));
    }

    @Test
    void missingDirectoryIsAnError() {
        Path missing = dir.resolve("nope");

        LoadResult result = loader.load(missing);

        assertThat(result.errors()).extracting(PlaybookError::toString)
                .containsExactly(missing + ":1:1: playbook directory does not exist or is not a directory");
    }

    @Test
    void emptyDirectoryLoadsNothingWithoutErrors() {
        assertThat(loader.load(dir)).isEqualTo(LoadResult.EMPTY);
    }

    @Test
    void loadFileValidatesOneFileOnItsOwn() throws IOException {
        Path file = Files.writeString(dir.resolve("one.yaml"), MINIMAL + "  priority: nope\n");

        LoadResult result = loader.loadFile(file);

        assertThat(result.errors()).extracting(PlaybookError::toString)
                .containsExactly(file + ":10:13: spec.priority: expected an integer, found a string (\"nope\")");
    }

    private static Alert alert(Map<String, String> labels) {
        return new Alert(AlertStatus.FIRING, labels, Map.of(), Instant.EPOCH, null, "", "");
    }
}
