package io.heal8s.engine.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.GitOpsSpec;
import io.heal8s.engine.playbook.WorkloadRef;
import io.heal8s.engine.rules.Decision;
import io.heal8s.engine.rules.TraceEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the Remediation for a decision that remediates: a deterministic name ({@link RemediationNames}) in the
 * target's namespace, selectable labels, and a spec filled as the Go heal8s fills it (source {@code alertmanager},
 * the alert object as the JSON payload, the environment from the alert's {@code environment} label) plus the
 * playbook and the decision trace. The status is left empty: the API server ignores it on create.
 */
public final class RemediationFactory {

    /** Go's zero {@code time.Time}, which the Go heal8s' payload carries for an alert without an end. */
    static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OWNER_NAME = Pattern.compile("([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)");
    private static final Pattern URL_OWNER_NAME = Pattern.compile(
            "(?:[a-z+]+://(?:[^/@]+@)?[^/]+/|[^@/]+@[^:/]+:)([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?");

    private RemediationFactory() {
    }

    /**
     * The Remediation to create for {@code decision}, which must remediate or be a guard's refusal; {@code alert} is
     * the alert as received (usually {@code decision.alert()}) and {@code now} is recorded as the decision time. A
     * refusal gets the same name and spec as the change it refuses, plus {@code spec.decision.refusal}.
     *
     * @throws IllegalArgumentException for a decision that neither remediates nor records a refusal
     */
    public static Remediation from(Decision decision, Alert alert, Instant now) {
        if (!decision.remediates() && !decision.refused()) {
            throw new IllegalArgumentException("decision " + decision.outcome() + " for alert " + alert.name()
                    + " proposes no remediation: " + decision.reason());
        }
        WorkloadRef target = decision.target();
        String fingerprint = alert.fingerprint().isEmpty()
                ? RemediationNames.fingerprintOf(alert.labels()) : alert.fingerprint();

        Remediation remediation = new Remediation();
        remediation.setMetadata(new ObjectMetaBuilder()
                .withName(RemediationNames.forAlert(fingerprint, alert.startsAt(), decision.playbook()))
                .withNamespace(target.namespace())
                .addToLabels(RemediationLabels.PLAYBOOK, RemediationLabels.value(decision.playbook()))
                .addToLabels(RemediationLabels.ACTION, decision.action().name())
                .addToLabels(RemediationLabels.TARGET_KIND, target.kind().name())
                .addToLabels(RemediationLabels.TARGET_NAME, RemediationLabels.value(target.name()))
                .addToLabels(RemediationLabels.FINGERPRINT, RemediationLabels.value(fingerprint))
                .addToLabels(RemediationLabels.MANAGED_BY, RemediationLabels.MANAGER)
                .addToAnnotations(RemediationLabels.DECIDED_AT, WireFormats.timestamp(now))
                .build());

        RemediationSpec spec = new RemediationSpec();
        spec.setAlert(alertInfo(alert, fingerprint));
        spec.setTarget(target(target));
        spec.setAction(action(decision));
        spec.setStrategy(strategy(decision, alert));
        if (decision.gitops() != null) {
            spec.setGithub(github(decision.gitops(), decision.strategy().requireApproval()));
        }
        spec.setPlaybook(new PlaybookRef(decision.playbook()));
        spec.setDecision(decisionInfo(decision));
        if (decision.dryRun()) {
            spec.setDryRun(Boolean.TRUE);
        }
        if (decision.verify() != null) {
            spec.setVerification(VerificationSpec.of(decision.verify()));
        }
        remediation.setSpec(spec);
        return remediation;
    }

    /** A parameter as the spec stores it: durations in Go's form, everything else as its text. */
    static String paramText(Object value) {
        if (value instanceof Duration d) {
            return WireFormats.goDuration(d);
        }
        return String.valueOf(value);
    }

    private static AlertInfo alertInfo(Alert alert, String fingerprint) {
        AlertInfo info = new AlertInfo();
        info.setName(alert.name());
        info.setFingerprint(fingerprint);
        info.setSource(AlertInfo.SOURCE_ALERTMANAGER);
        info.setSeverity(alert.severity());
        if (alert.startsAt() != null) {
            info.setAlertId(RemediationNames.alertId(fingerprint, alert.startsAt()));
        }
        info.setPayload(payload(alert));
        return info;
    }

    /** The alert object as Alertmanager sent it, with sorted keys so the same alert always gives the same text. */
    static String payload(Alert alert) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", alert.status().wire());
        node.set("labels", JSON.valueToTree(new TreeMap<>(alert.labels())));
        node.set("annotations", JSON.valueToTree(new TreeMap<>(alert.annotations())));
        node.put("startsAt", alert.startsAt() == null ? GO_ZERO_TIME : alert.startsAt().toString());
        node.put("endsAt", alert.endsAt() == null ? GO_ZERO_TIME : alert.endsAt().toString());
        node.put("generatorURL", alert.generatorURL());
        node.put("fingerprint", alert.fingerprint());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private static TargetResource target(WorkloadRef ref) {
        TargetResource target = new TargetResource();
        target.setKind(ref.kind());
        target.setName(ref.name());
        target.setNamespace(ref.namespace());
        target.setContainer(ref.container().isEmpty() ? null : ref.container());
        return target;
    }

    private static RemediationAction action(Decision decision) {
        RemediationAction action = new RemediationAction();
        action.setType(decision.action().name());
        Map<String, String> params = new LinkedHashMap<>();
        decision.params().forEach((name, value) -> params.put(name, paramText(value)));
        action.setParams(params.isEmpty() ? null : params);
        return action;
    }

    private static RemediationStrategy strategy(Decision decision, Alert alert) {
        RemediationStrategy strategy = new RemediationStrategy();
        strategy.setMode(decision.strategy().mode());
        strategy.setRequireApproval(decision.strategy().requireApproval());
        String environment = alert.label("environment");
        strategy.setEnvironment(environment.isEmpty() ? null : environment);
        strategy.setTtl(WireFormats.goDuration(decision.strategy().ttl()));
        return strategy;
    }

    /**
     * {@code spec.github} from the playbook's {@code gitops} section. Empty review lists are left out (null) so the
     * stored spec stays as small as before; {@code autoMerge} is true only when the playbook asks for it and its own
     * strategy needs no approval. The policy has the last word: the publisher honours it only when
     * {@code status.approval.requireApproval} is false as well.
     */
    private static GitHubConfig github(GitOpsSpec gitops, boolean requireApproval) {
        GitHubConfig github = new GitHubConfig();
        github.setEnabled(true);
        github.setRepository(gitops.repository());
        Matcher m = OWNER_NAME.matcher(gitops.repository());
        if (!m.matches()) {
            m = URL_OWNER_NAME.matcher(gitops.repository());
        }
        // A URL with a deeper path (GitLab subgroups, for example) names no GitHub owner/repo: only repository is set.
        if (m.matches()) {
            github.setOwner(m.group(1));
            github.setRepo(m.group(2));
        }
        github.setBaseBranch(gitops.baseBranch());
        github.setManifestPath(gitops.manifestPath());
        github.setPrReviewers(gitops.reviewers().isEmpty() ? null : gitops.reviewers());
        github.setPrAssignees(gitops.assignees().isEmpty() ? null : gitops.assignees());
        github.setPrLabels(gitops.labels().isEmpty() ? null : gitops.labels());
        github.setPrDraft(gitops.draft());
        github.setAutoMerge(gitops.autoMerge() && !requireApproval);
        return github;
    }

    private static DecisionInfo decisionInfo(Decision decision) {
        DecisionInfo info = new DecisionInfo();
        info.setReason(decision.reason());
        List<TraceStep> steps = new ArrayList<>(decision.trace().size());
        for (TraceEntry entry : decision.trace()) {
            steps.add(new TraceStep(entry.rule(), entry.message()));
        }
        info.setTrace(steps);
        if (decision.refusal() != null) {
            info.setRefusal(new RefusalInfo(decision.refusal().rail(), decision.refusal().reason(),
                    decision.refusal().message()));
        }
        return info;
    }
}
