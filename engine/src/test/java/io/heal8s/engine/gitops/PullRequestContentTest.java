package io.heal8s.engine.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.action.Patch;
import io.heal8s.engine.action.PatchTarget;
import io.heal8s.engine.action.PatchType;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.remediation.AlertInfo;
import io.heal8s.engine.remediation.ApprovalInfo;
import io.heal8s.engine.remediation.DecisionInfo;
import io.heal8s.engine.remediation.PlaybookRef;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationAction;
import io.heal8s.engine.remediation.RemediationSpec;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.RemediationStrategy;
import io.heal8s.engine.remediation.TargetResource;
import io.heal8s.engine.remediation.TraceStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PullRequestContentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String payload(Map<String, String> labels, Map<String, String> annotations, String generatorUrl) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", "firing");
        node.set("labels", JSON.valueToTree(labels));
        node.set("annotations", JSON.valueToTree(annotations));
        node.put("startsAt", "2026-11-26T09:12:03Z");
        node.put("endsAt", "0001-01-01T00:00:00Z");
        node.put("generatorURL", generatorUrl);
        node.put("fingerprint", "5f1c2a9e0b7d3c41");
        return node.toString();
    }

    static Remediation checkout() {
        Remediation r = new Remediation();
        r.setMetadata(new ObjectMetaBuilder().withNamespace("heal8s-system").withName("checkout-oom-5f1c2a9e").build());
        RemediationSpec spec = new RemediationSpec();
        AlertInfo alert = new AlertInfo();
        alert.setName("KubePodOOMKilled");
        alert.setSeverity("critical");
        alert.setFingerprint("5f1c2a9e0b7d3c41");
        alert.setPayload(payload(Map.of("alertname", "KubePodOOMKilled", "namespace", "shop"),
                Map.of("summary", "Container app of checkout was OOMKilled"),
                "http://prometheus.monitoring:9090/graph?g0.expr=kube_pod_container_status_last_terminated_reason"));
        spec.setAlert(alert);
        TargetResource target = new TargetResource();
        target.setKind(WorkloadKind.Deployment);
        target.setNamespace("shop");
        target.setName("checkout");
        target.setContainer("app");
        spec.setTarget(target);
        RemediationAction action = new RemediationAction();
        action.setType("IncreaseMemory");
        spec.setAction(action);
        RemediationStrategy strategy = new RemediationStrategy();
        strategy.setMode(Strategy.Mode.GitOps);
        strategy.setEnvironment("production");
        spec.setStrategy(strategy);
        PlaybookRef playbook = new PlaybookRef();
        playbook.setName("oom-increase-memory");
        spec.setPlaybook(playbook);
        DecisionInfo decision = new DecisionInfo();
        decision.setReason("The container was OOMKilled and its memory limit is below the playbook's cap.");
        decision.setTrace(new ArrayList<>(List.of(
                new TraceStep("playbook:oom-increase-memory", "matched KubePodOOMKilled on Deployment shop/checkout"),
                new TraceStep("guard:cooldown", "no remediation of this target in the last 30m"))));
        spec.setDecision(decision);
        r.setSpec(spec);
        RemediationStatus status = new RemediationStatus();
        status.setApproval(new ApprovalInfo("GitOps", true, "opa-rest", false));
        status.setPolicyReasons(new ArrayList<>(List.of("production changes go through a reviewed pull request")));
        r.setStatus(status);
        return r;
    }

    static ActionResult oomResult() {
        return new ActionResult(ActionType.IncreaseMemory, true, "memory limit 512Mi → 640Mi (+25%)",
                List.of(new FieldChange("spec.template.spec.containers[name=app].resources.limits.memory", "512Mi",
                                "640Mi"),
                        new FieldChange("spec.template.spec.containers[name=app].resources.requests.memory", "256Mi",
                                "320Mi")),
                new Patch(PatchTarget.WORKLOAD, PatchType.STRATEGIC_MERGE, Map.of("spec", Map.of())), "desc");
    }

    static final String GOLDEN = """
            ## What fired

            - **Alert**: `KubePodOOMKilled`
            - **Severity**: `critical`
            - **Fingerprint**: `5f1c2a9e0b7d3c41`
            - **Started at**: `2026-11-26T09:12:03Z`
            - **Target**: `Deployment shop/checkout (container app)`
            - **Summary**: Container app of checkout was OOMKilled
            - **Source**: [open the alert's source](http://prometheus.monitoring:9090/graph?g0.expr=kube_pod_container_status_last_terminated_reason)

            ## What heal8s decided, and why

            - **Playbook**: `oom-increase-memory`
            - **Action**: `IncreaseMemory`: memory limit 512Mi → 640Mi \\(\\+25%\\)
            - **Reason**: The container was OOMKilled and its memory limit is below the playbook\\'s cap\\.
            - **Policy**: mode `GitOps`, requireApproval `true`, decided by `opa-rest`
              - production changes go through a reviewed pull request

            <details><summary>Decision trace (2 rules)</summary>

            1. `playbook:oom-increase-memory`: matched KubePodOOMKilled on Deployment shop/checkout
            1. `guard:cooldown`: no remediation of this target in the last 30m

            </details>

            ## The change

            In `apps/production/shop/checkout.yaml`:

            | Field | Old | New |
            |---|---|---|
            | `spec.template.spec.containers[name=app].resources.limits.memory` | `512Mi` | `640Mi` |
            | `spec.template.spec.containers[name=app].resources.requests.memory` | `256Mi` | `320Mi` |

            ## How to roll back

            Revert this pull request once merged (or close it unmerged to reject the change); the old values are in the table above.

            <!-- heal8s:remediation=heal8s-system/checkout-oom-5f1c2a9e -->
            """;

    static PullRequestContent content(Remediation r) {
        return PullRequestContent.of(r, oomResult(), "apps/production/shop/checkout.yaml", null);
    }

    @Test
    void goldenBodyForTheCheckoutOom() {
        PullRequestContent c = content(checkout());
        assertThat(c.body()).isEqualTo(GOLDEN);
        assertThat(c.title()).isEqualTo("heal8s: IncreaseMemory on Deployment shop/checkout (KubePodOOMKilled)");
        assertThat(c.branch()).matches("heal8s/increase-memory/shop-checkout-[0-9a-f]{8}");
        assertThat(c.branch()).endsWith(PullRequestContent.shortId("heal8s-system", "checkout-oom-5f1c2a9e"));
        assertThat(c.labels()).containsExactly("heal8s", "increase-memory", "production");
    }

    @Test
    void shortIdIsTheSha256OfNamespaceSlashName() {
        // printf 'a/b' | sha256sum, first 8 hex digits.
        assertThat(PullRequestContent.shortId("a", "b")).isEqualTo("c14cddc0");
    }

    @Test
    void hostileAlertTextStaysInert() {
        Remediation r = checkout();
        String evil = "</details><script>alert(1)</script> | x | ``` `tick` @org/team --> <!-- \n\n# heading [x](javascript:y)";
        r.getSpec().getAlert().setName(evil);
        r.getSpec().getAlert().setSeverity(evil);
        r.getSpec().getAlert().setFingerprint(evil);
        r.getSpec().getAlert().setPayload(payload(Map.of("x", evil), Map.of("summary", evil, "description", evil),
                "javascript:alert(1)"));
        r.getSpec().getDecision().setReason(evil);
        r.getSpec().getDecision().getTrace().add(new TraceStep(evil, evil));
        r.getStatus().getPolicyReasons().add(evil);
        PullRequestContent c = PullRequestContent.of(r, new ActionResult(ActionType.IncreaseMemory, true, evil,
                List.of(new FieldChange("a|b", evil, evil)),
                new Patch(PatchTarget.WORKLOAD, PatchType.MERGE, Map.of()), "d"), "apps/x.yaml", null);
        String body = c.body();
        // Only heal8s's own HTML: one details block, one marker.
        assertThat(body).doesNotContain("<script", "</details><", "@org", "<!-- \n");
        // Outside code spans (where Markdown is literal) no link, no scheme, no raw backtick.
        String prose = body.replaceAll("(`+)(?!`).*?(?<!`)\\1(?!`)", "CODE");
        assertThat(prose).doesNotContain("](", "javascript:").doesNotContainPattern("(?<!\\\\)`");
        assertThat(count(body, "<details>")).isEqualTo(1);
        assertThat(count(body, "</details>")).isEqualTo(1);
        assertThat(count(body, "<!--")).isEqualTo(1);
        assertThat(count(body, "-->")).isEqualTo(1);
        // Every < and > in the body is heal8s's own markup: details, summary and the marker.
        assertThat(count(body, "<")).isEqualTo(5);
        assertThat(count(body, ">")).isEqualTo(5);
        assertThat(body).contains("\uFF1Cscript\uFF1E", "&lt;script&gt;");
        assertThat(body).contains("@\u2060org/team");
        // No heading injected: every line starting with # is heal8s's own.
        assertThat(body.lines().filter(l -> l.startsWith("#"))).allMatch(l -> l.startsWith("## "))
                .hasSize(4);
        // Every table row still has exactly four unescaped pipes (three cells).
        List<String> rows = body.lines().filter(l -> l.startsWith("| ")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows).allMatch(l -> l.replace("\\|", "").chars().filter(ch -> ch == '|').count() == 4);
        // Lines are heal8s's: no line starts with untrusted HTML.
        assertThat(body.lines()).noneMatch(l -> l.startsWith("<") && !l.startsWith("<details><summary>")
                && !l.equals("</details>") && !l.startsWith("<!-- heal8s:"));
        assertThat(PullRequestContent.remediationOf(body)).contains("heal8s-system/checkout-oom-5f1c2a9e");
        assertThat(c.title()).doesNotContain("\n", "\r").hasSizeLessThanOrEqualTo(PullRequestContent.MAX_TITLE);
    }

    @Test
    void titleIsOneLineAndBounded() {
        Remediation r = checkout();
        r.getSpec().getAlert().setName("Line1\nLine2\r\n\u2028" + "x".repeat(300));
        String title = content(r).title();
        assertThat(title).doesNotContain("\n", "\r", "\u2028").hasSize(PullRequestContent.MAX_TITLE).endsWith("…");
        assertThat(title).startsWith("heal8s: IncreaseMemory on Deployment shop/checkout (Line1 Line2 x");
    }

    @Test
    void hugeTraceIsTruncatedWithANoteAndTheBodyStaysBounded() {
        Remediation r = checkout();
        List<TraceStep> trace = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            trace.add(new TraceStep("rule:" + i, "<b>" + "m".repeat(100) + "</b>"));
        }
        r.getSpec().getDecision().setTrace(trace);
        String body = content(r).body();
        assertThat(body.length()).isLessThanOrEqualTo(PullRequestContent.MAX_BODY);
        assertThat(body).containsPattern("_\\d+ more steps not shown: the full trace is in the Remediation's spec\\.decision\\.trace\\._");
        assertThat(body).contains("`rule:0`", "## The change", "## How to roll back");
        assertThat(body).endsWith("<!-- heal8s:remediation=heal8s-system/checkout-oom-5f1c2a9e -->\n");
        assertThat(body).doesNotContain("<b>");
    }

    @Test
    void hugePolicyReasonsAndChangesStillFitTheBound() {
        Remediation r = checkout();
        String amp = "&".repeat(10_000);
        r.getSpec().getDecision().setReason(amp);
        r.getSpec().getAlert().setPayload(payload(Map.of(), Map.of("summary", amp, "description", amp), null));
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            reasons.add(amp);
        }
        r.getStatus().setPolicyReasons(reasons);
        List<FieldChange> changes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            changes.add(new FieldChange("f" + i + "|".repeat(300), "|".repeat(300), "|".repeat(300)));
        }
        String body = PullRequestContent.of(r, new ActionResult(ActionType.IncreaseMemory, true, amp, changes,
                new Patch(PatchTarget.WORKLOAD, PatchType.MERGE, Map.of()), "d"), "a.yaml", null).body();
        assertThat(body.length()).isLessThanOrEqualTo(PullRequestContent.MAX_BODY);
        assertThat(body).containsPattern("\\d{3} more changed fields not shown").contains("## How to roll back")
                .endsWith("<!-- heal8s:remediation=heal8s-system/checkout-oom-5f1c2a9e -->\n");
        assertThat(PullRequestContent.remediationOf(body)).isPresent();
    }

    @Test
    void oneHugeTraceMessageIsShortened() {
        Remediation r = checkout();
        r.getSpec().getDecision().setTrace(List.of(new TraceStep("r", "y".repeat(100_000))));
        String body = content(r).body();
        assertThat(body.length()).isLessThan(5_000);
        assertThat(body).contains("y…");
    }

    @Test
    void sourceLinkOnlyWhenHttp() {
        Remediation r = checkout();
        assertThat(PullRequestContent.of(r, oomResult(), "a.yaml", "https://grafana.example/d/x").body())
                .contains("[open the alert's source](https://grafana.example/d/x)");
        for (String bad : List.of("javascript:alert(1)", "file:///etc/passwd", "https://x/a)(b", "http:/nohost",
                "https://x y", "data:text/html,<b>")) {
            assertThat(PullRequestContent.of(r, oomResult(), "a.yaml", bad).body()).as(bad)
                    .doesNotContain("open the alert's source");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "shop;checkout;heal8s/increase-memory/shop-checkout-",
            "Shop..Prod;a.b.c;heal8s/increase-memory/shop-prod-a-b-c-",
            "--x--;@{y}.lock;heal8s/increase-memory/x-y-lock-",
            "ns;'a~^:?*[\\ b';heal8s/increase-memory/ns-a-b-",
            "'';'';heal8s/increase-memory/"})
    void branchNamesAreSanitisedAndValidRefs(String namespace, String name, String prefix) {
        Remediation r = checkout();
        r.getSpec().getTarget().setNamespace(namespace);
        r.getSpec().getTarget().setName(name);
        String branch = content(r).branch();
        assertThat(branch).startsWith(prefix);
        assertValidRef(branch);
    }

    @Test
    void longBranchNamesAreCutTo100AndStayValid() {
        Remediation r = checkout();
        r.getSpec().getTarget().setNamespace("n".repeat(63));
        r.getSpec().getTarget().setName("a-".repeat(120) + "z");
        String branch = content(r).branch();
        assertThat(branch).hasSizeLessThanOrEqualTo(PullRequestContent.MAX_BRANCH).matches(".*-[0-9a-f]{8}");
        assertValidRef(branch);
        assertThat(PullRequestContent.kebab("IncreaseCPU")).isEqualTo("increase-cpu");
        assertThat(PullRequestContent.kebab("RollbackImage")).isEqualTo("rollback-image");
    }

    /** git check-ref-format's rules, plus the task's alphabet. */
    static void assertValidRef(String ref) {
        assertThat(ref).matches("[a-z0-9/-]+").doesNotContain("..", "@{", "//", "/-", "--").doesNotEndWith(".lock")
                .doesNotEndWith("/").doesNotEndWith(".").doesNotEndWith("-").doesNotStartWith("-")
                .hasSizeLessThanOrEqualTo(PullRequestContent.MAX_BRANCH);
        for (String component : ref.split("/")) {
            assertThat(component).isNotEmpty().doesNotStartWith(".");
        }
        assertThat(ref.chars()).allMatch(c -> c > ' ' && c != 0x7f && "~^:?*[\\ ".indexOf(c) < 0);
    }

    @Test
    void markerRoundTrips() {
        String body = content(checkout()).body();
        assertThat(PullRequestContent.remediationOf(body)).contains("heal8s-system/checkout-oom-5f1c2a9e");
        assertThat(PullRequestContent.remediationOf("text\n" + PullRequestContent.marker("ns/a.b-c") + "\n"))
                .contains("ns/a.b-c");
    }

    @Test
    void markerParsingIsStrict() {
        assertThat(PullRequestContent.remediationOf(null)).isEmpty();
        assertThat(PullRequestContent.remediationOf("no marker")).isEmpty();
        assertThat(PullRequestContent.remediationOf("<!-- heal8s:remediation=NS/a -->")).isEmpty();
        assertThat(PullRequestContent.remediationOf("<!-- heal8s:remediation=ns/-a -->")).isEmpty();
        assertThat(PullRequestContent.remediationOf("<!-- heal8s:remediation=ns.x/a -->")).isEmpty();
        assertThat(PullRequestContent.remediationOf("<!-- heal8s:remediation=" + "n".repeat(64) + "/a -->")).isEmpty();
        assertThat(PullRequestContent.remediationOf("<!--heal8s:remediation=ns/a-->")).isEmpty();
        assertThat(PullRequestContent.remediationOf("<!-- heal8s:remediation=ns/a/b -->")).isEmpty();
        assertThat(PullRequestContent.remediationOf(
                "<!-- heal8s:remediation=ns/a -->\n<!-- heal8s:remediation=ns/b -->")).isEmpty();
    }

    @Test
    void labelsFollowGitHubRules() {
        Remediation r = checkout();
        r.getSpec().getStrategy().setEnvironment("Prod/EU West, " + "x".repeat(80));
        PullRequestContent c = content(r);
        assertThat(c.labels()).hasSize(3).allMatch(l -> l.length() <= PullRequestContent.MAX_LABEL
                && l.matches("[a-z0-9]+(-[a-z0-9]+)*"));
        assertThat(c.labels().get(2)).startsWith("prod-eu-west-x");
        r.getSpec().getStrategy().setEnvironment(null);
        assertThat(content(r).labels()).containsExactly("heal8s", "increase-memory");
        r.getSpec().getStrategy().setEnvironment("!!!");
        assertThat(content(r).labels()).containsExactly("heal8s", "increase-memory");
    }

    @Test
    void invalidInputsAreRejectedNamingTheField() {
        Remediation r = checkout();
        r.getMetadata().setNamespace("Bad NS");
        assertThatThrownBy(() -> content(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("metadata.namespace");
        Remediation r2 = checkout();
        r2.getMetadata().setName(null);
        assertThatThrownBy(() -> content(r2)).hasMessageContaining("metadata.name");
        Remediation r3 = checkout();
        assertThatThrownBy(() -> PullRequestContent.of(r3, new ActionResult(ActionType.IncreaseMemory, false,
                "at cap", List.of(), null, "d"), "a.yaml", null)).hasMessageContaining("result").hasMessageContaining("at cap");
    }

    private static int count(String s, String needle) {
        return s.split(Pattern.quote(needle), -1).length - 1;
    }
}
