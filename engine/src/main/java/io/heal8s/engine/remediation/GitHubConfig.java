package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.List;

/**
 * {@code spec.github}: the repository holding the workload's manifests and how the pull request is opened. The Go
 * heal8s' fields keep their names; {@code repository}, {@code prReviewers}, {@code prAssignees} and
 * {@code prDraft} are additions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitHubConfig {

    @Default("true")
    @JsonPropertyDescription("Whether the GitHub integration is used.")
    private Boolean enabled;

    @JsonPropertyDescription("The repository's owner (user or organisation).")
    private String owner;

    @JsonPropertyDescription("The repository's name.")
    private String repo;

    @JsonPropertyDescription("The repository as the playbook names it: owner/name or a Git URL.")
    private String repository;

    @Default("main")
    @JsonPropertyDescription("The branch pull requests target.")
    private String baseBranch;

    @JsonPropertyDescription("The manifest's path, a template over {environment}, {namespace}, {kind} and {name}.")
    private String manifestPath;

    @JsonPropertyDescription("The pull request's title template.")
    private String prTitleTemplate;

    @JsonPropertyDescription("Labels added to the pull request.")
    private List<String> prLabels;

    @JsonPropertyDescription("GitHub users or teams asked to review the pull request.")
    private List<String> prReviewers;

    @JsonPropertyDescription("GitHub users the pull request is assigned to.")
    private List<String> prAssignees;

    @JsonPropertyDescription("Whether the pull request is opened as a draft.")
    private Boolean prDraft;

    @Default("false")
    @JsonPropertyDescription("Whether the pull request merges itself once its checks pass.")
    private Boolean autoMerge;

    public Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(Boolean enabled) {
        this.enabled = enabled;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    public String getRepo() {
        return repo;
    }

    public void setRepo(String repo) {
        this.repo = repo;
    }

    public String getRepository() {
        return repository;
    }

    public void setRepository(String repository) {
        this.repository = repository;
    }

    public String getBaseBranch() {
        return baseBranch;
    }

    public void setBaseBranch(String baseBranch) {
        this.baseBranch = baseBranch;
    }

    public String getManifestPath() {
        return manifestPath;
    }

    public void setManifestPath(String manifestPath) {
        this.manifestPath = manifestPath;
    }

    public String getPrTitleTemplate() {
        return prTitleTemplate;
    }

    public void setPrTitleTemplate(String prTitleTemplate) {
        this.prTitleTemplate = prTitleTemplate;
    }

    public List<String> getPrLabels() {
        return prLabels;
    }

    public void setPrLabels(List<String> prLabels) {
        this.prLabels = prLabels;
    }

    public List<String> getPrReviewers() {
        return prReviewers;
    }

    public void setPrReviewers(List<String> prReviewers) {
        this.prReviewers = prReviewers;
    }

    public List<String> getPrAssignees() {
        return prAssignees;
    }

    public void setPrAssignees(List<String> prAssignees) {
        this.prAssignees = prAssignees;
    }

    public Boolean getPrDraft() {
        return prDraft;
    }

    public void setPrDraft(Boolean prDraft) {
        this.prDraft = prDraft;
    }

    public Boolean getAutoMerge() {
        return autoMerge;
    }

    public void setAutoMerge(Boolean autoMerge) {
        this.autoMerge = autoMerge;
    }
}
