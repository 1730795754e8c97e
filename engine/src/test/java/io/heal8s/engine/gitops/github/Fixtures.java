package io.heal8s.engine.gitops.github;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.action.Patch;
import io.heal8s.engine.action.PatchTarget;
import io.heal8s.engine.action.PatchType;
import io.heal8s.engine.gitops.ChangeRequest;
import io.heal8s.engine.gitops.ExampleManifests;
import io.heal8s.engine.gitops.ManifestTarget;
import io.heal8s.engine.gitops.PullRequestContent;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.remediation.AlertInfo;
import io.heal8s.engine.remediation.DecisionInfo;
import io.heal8s.engine.remediation.PlaybookRef;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationAction;
import io.heal8s.engine.remediation.RemediationSpec;
import io.heal8s.engine.remediation.RemediationStrategy;
import io.heal8s.engine.remediation.TargetResource;
import java.util.List;
import java.util.Map;

/** The checkout OOM of {@code examples/manifests/checkout.yaml} as a GitOps change for the fake GitHub. */
final class Fixtures {

    static final String OWNER = "shop";
    static final String REPO = "manifests";
    static final String REPOSITORY = OWNER + "/" + REPO;
    static final String PATH = "apps/shop/checkout.yaml";
    static final ManifestTarget TARGET = new ManifestTarget("Deployment", "checkout", "shop");

    private Fixtures() {
    }

    /** The checkout example's manifest, as kept in Git: a comment to keep, two documents, flow mappings. */
    static String manifest() {
        return ExampleManifests.CHECKOUT;
    }

    /** Memory limit 256Mi → {@code limit}, request 128Mi → {@code request}. */
    static ActionResult memory(String limit, String request) {
        return new ActionResult(ActionType.IncreaseMemory, true, "memory limit 256Mi → " + limit,
                List.of(new FieldChange("spec.template.spec.containers[name=checkout].resources.limits.memory",
                                "256Mi", limit),
                        new FieldChange("spec.template.spec.containers[name=checkout].resources.requests.memory",
                                "128Mi", request)),
                new Patch(PatchTarget.WORKLOAD, PatchType.STRATEGIC_MERGE, Map.of("spec", Map.of())), "desc");
    }

    static ChangeRequest request(String remediationName, ActionResult result, List<String> reviewers,
            List<String> assignees, boolean autoMerge) {
        Remediation remediation = remediation(remediationName);
        PullRequestContent content = PullRequestContent.of(remediation, result, PATH, null);
        return new ChangeRequest(REPOSITORY, "main", PATH, TARGET, result, content, "heal8s-system/" + remediationName,
                reviewers, assignees, false, autoMerge);
    }

    static ChangeRequest request(String remediationName) {
        return request(remediationName, memory("320Mi", "160Mi"), List.of(), List.of(), false);
    }

    static Remediation remediation(String name) {
        Remediation r = new Remediation();
        r.setMetadata(new ObjectMetaBuilder().withNamespace("heal8s-system").withName(name).build());
        RemediationSpec spec = new RemediationSpec();
        AlertInfo alert = new AlertInfo();
        alert.setName("KubePodOOMKilled");
        alert.setSeverity("critical");
        alert.setFingerprint("5f1c2a9e0b7d3c41");
        alert.setPayload("{\"status\":\"firing\",\"labels\":{\"alertname\":\"KubePodOOMKilled\"},\"annotations\":{},"
                + "\"startsAt\":\"2026-11-26T09:12:03Z\",\"generatorURL\":\"http://prometheus:9090/graph\"}");
        spec.setAlert(alert);
        TargetResource target = new TargetResource();
        target.setKind(WorkloadKind.Deployment);
        target.setNamespace("shop");
        target.setName("checkout");
        target.setContainer("checkout");
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
        decision.setReason("The container was OOMKilled.");
        spec.setDecision(decision);
        r.setSpec(spec);
        return r;
    }
}
