package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * What a Remediation proposes: the alert it answers, the workload, the action and how to apply it. The first five
 * fields are the Go heal8s spec; {@code playbook} and {@code decision} are heal8s-Java additions, optional.
 *
 * <p>A mutable bean rather than a record, like every class of this API: Jackson and the CRD generator read and
 * write custom resources through getters and setters, and the operator updates a status in place.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemediationSpec {

    @Required
    @JsonPropertyDescription("The Alertmanager alert that triggered the remediation.")
    private AlertInfo alert;

    @Required
    @JsonPropertyDescription("The workload to change.")
    private TargetResource target;

    @Required
    @JsonPropertyDescription("The action to take and its parameters.")
    private RemediationAction action;

    @Required
    @JsonPropertyDescription("How the change is applied: a pull request (GitOps) or a patch (Direct).")
    private RemediationStrategy strategy;

    @JsonPropertyDescription("Where the workload's manifests live on GitHub, for GitOps remediations.")
    private GitHubConfig github;

    @JsonPropertyDescription("The playbook that proposed the remediation.")
    private PlaybookRef playbook;

    @JsonPropertyDescription("Why the rules chose this remediation: the reason and every rule that fired.")
    private DecisionInfo decision;

    @JsonPropertyDescription("Dry-run, from the playbook's spec.dryRun: the operator decides and records the change it "
            + "would make (status.plannedChange), then ends in Skipped with reason DryRun, changing nothing.")
    private Boolean dryRun;

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    @JsonPropertyDescription("How the change is verified after the rollout (the playbook's verify section); absent: "
            + "Succeeded as soon as the change is in the cluster.")
    private VerificationSpec verification;

    public AlertInfo getAlert() {
        return alert;
    }

    public void setAlert(AlertInfo alert) {
        this.alert = alert;
    }

    public TargetResource getTarget() {
        return target;
    }

    public void setTarget(TargetResource target) {
        this.target = target;
    }

    public RemediationAction getAction() {
        return action;
    }

    public void setAction(RemediationAction action) {
        this.action = action;
    }

    public RemediationStrategy getStrategy() {
        return strategy;
    }

    public void setStrategy(RemediationStrategy strategy) {
        this.strategy = strategy;
    }

    public GitHubConfig getGithub() {
        return github;
    }

    public void setGithub(GitHubConfig github) {
        this.github = github;
    }

    public PlaybookRef getPlaybook() {
        return playbook;
    }

    public void setPlaybook(PlaybookRef playbook) {
        this.playbook = playbook;
    }

    public DecisionInfo getDecision() {
        return decision;
    }

    public void setDecision(DecisionInfo decision) {
        this.decision = decision;
    }

    public VerificationSpec getVerification() {
        return verification;
    }

    public void setVerification(VerificationSpec verification) {
        this.verification = verification;
    }
}
