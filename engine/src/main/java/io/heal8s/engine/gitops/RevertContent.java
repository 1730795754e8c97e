package io.heal8s.engine.gitops;

import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.action.Patch;
import io.heal8s.engine.action.PatchTarget;
import io.heal8s.engine.action.PatchType;
import io.heal8s.engine.cluster.KubernetesNames;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.RollbackRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pull request that undoes a GitOps Remediation's merged change after it failed verification: the same change with
 * old and new values swapped, on its own branch ({@code heal8s/revert-<action>/...}), titled "Revert: ...", its body
 * saying why the change did not verify and linking the original pull request. Pure, like {@link PullRequestContent}:
 * everything that came from outside heal8s is escaped here.
 */
public final class RevertContent {

    private static final int WHY_MAX = 1000;
    private static final int VALUE_MAX = 200;

    private RevertContent() {
    }

    /**
     * The change that restores the recorded old values.
     *
     * @throws IllegalArgumentException when a field was added by the change (no old value to write back), or the
     *     record names no change
     */
    public static ActionResult result(ActionType action, RollbackRecord record) {
        Objects.requireNonNull(action, "action");
        if (record == null || record.getChanges() == null || record.getChanges().isEmpty()) {
            throw new IllegalArgumentException("status.rollback records no change to revert");
        }
        List<FieldChange> swapped = new ArrayList<>();
        for (RollbackRecord.Change c : record.getChanges()) {
            if (c.getOldValue() == null) {
                throw new IllegalArgumentException(c.getPath() + " did not exist before the change; a revert pull "
                        + "request cannot remove it, a person has to");
            }
            swapped.add(new FieldChange(c.getPath(), c.getNewValue(), c.getOldValue()));
        }
        PatchTarget target = "HorizontalPodAutoscaler".equals(record.getKind())
                ? PatchTarget.HORIZONTAL_POD_AUTOSCALER : PatchTarget.WORKLOAD;
        // The publishers write the changes into the manifest; the live-object patch is not used for a revert.
        return new ActionResult(action, true, "Revert " + action + " on " + record.getKind() + " "
                + record.getNamespace() + "/" + record.getName(), swapped, new Patch(target, PatchType.MERGE, Map.of()),
                "Restores the values from before heal8s's change.");
    }

    /**
     * The revert's branch, title, body and labels.
     *
     * @param why one or more sentences on why the verification failed (shown escaped)
     * @throws IllegalArgumentException naming the missing or invalid field
     */
    public static PullRequestContent of(Remediation remediation, ActionResult revert, String manifestPath,
            String why) {
        String ns = remediation.getMetadata() == null ? null : remediation.getMetadata().getNamespace();
        String name = remediation.getMetadata() == null ? null : remediation.getMetadata().getName();
        if (!KubernetesNames.isLabel(ns) || !KubernetesNames.isSubdomain(name)) {
            throw new IllegalArgumentException("metadata.namespace and metadata.name must be Kubernetes names");
        }
        if (remediation.getSpec() == null || remediation.getSpec().getTarget() == null) {
            throw new IllegalArgumentException("spec.target is required for a revert pull request");
        }
        var target = remediation.getSpec().getTarget();
        String action = PullRequestContent.kebab(revert.action().name());
        String branch = PullRequestContent.branch("revert-" + action, target.getNamespace(), target.getName(),
                PullRequestContent.shortId(ns, name));
        String alert = remediation.getSpec().getAlert() == null ? "" : " (" + remediation.getSpec().getAlert()
                .getName() + ")";
        String title = PrText.oneLine("Revert: heal8s: " + revert.action().name() + " on " + target.getKind() + " "
                + target.getNamespace() + "/" + target.getName() + alert, PullRequestContent.MAX_TITLE);
        RemediationStatus status = remediation.getStatus();
        String original = status == null ? null : status.getPrUrl();
        StringBuilder body = new StringBuilder();
        body.append("## Why\n\nheal8s merged a change to ").append(PrText.code(target.getKind() + " "
                + target.getNamespace() + "/" + target.getName(), VALUE_MAX, false)).append(" and it did not verify: ")
                .append(PrText.text(why, WHY_MAX)).append("\n\n");
        if (status != null && status.getPrNumber() != null) {
            String link = PullRequestContent.httpLink(original);
            body.append("This reverts pull request ").append(link == null ? "#" + status.getPrNumber()
                    : "[#" + status.getPrNumber() + "](" + link + ")").append(".\n\n");
        } else if (status != null && status.getBranch() != null) {
            body.append("This reverts branch ").append(PrText.code(status.getBranch(), VALUE_MAX, false))
                    .append(".\n\n");
        }
        body.append("## What changes back\n\nFile ").append(PrText.code(manifestPath, VALUE_MAX, false))
                .append(":\n\n| Field | Now | Restored |\n|---|---|---|\n");
        for (FieldChange c : revert.changes()) {
            body.append("| ").append(PrText.code(c.path(), VALUE_MAX, true)).append(" | ")
                    .append(PrText.code(c.oldValue(), VALUE_MAX, true)).append(" | ")
                    .append(PrText.code(c.newValue(), VALUE_MAX, true)).append(" |\n");
        }
        body.append("\nMerge it to undo the change, or close it to keep the change.\n\n")
                .append(PullRequestContent.marker(ns + "/" + name)).append('\n');
        return new PullRequestContent(branch, title, body.toString(), List.of("heal8s",
                PullRequestContent.label("revert"), PullRequestContent.label(action)));
    }
}
