package io.heal8s.engine.action;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restores, per container, the image of the newest healthy revision older than the current one, read from the
 * workload's revision history (ReplicaSets, ControllerRevisions) rather than from an annotation someone must maintain.
 */
public final class RollbackImage {

    private RollbackImage() {
    }

    /** The calculator for a playbook's action, which must be a RollbackImage. */
    public static RollbackImage of(ActionSpec spec) {
        Actions.requireType(spec, ActionType.RollbackImage);
        return withParams(spec.params());
    }

    /** The calculator; RollbackImage has no parameters, so the map must be empty. */
    public static RollbackImage withParams(Map<String, Object> params) {
        Params.of(ActionType.RollbackImage, params);
        return new RollbackImage();
    }

    /** The image changes back to the previous healthy revision, or no change and why. */
    public ActionResult apply(RevisionHistory history) {
        String subject = "**RollbackImage**: ";
        Optional<Revision> found = history.revision(history.currentRevision());
        if (found.isEmpty()) {
            return ActionResult.unchanged(ActionType.RollbackImage, "current revision " + history.currentRevision()
                    + " not in the history", subject + "nothing to change. The current revision "
                    + history.currentRevision() + " is not in the workload's revision history, so heal8s cannot tell"
                    + " which images it runs.\n");
        }
        Revision current = found.get();
        List<Revision> skipped = new ArrayList<>();
        Revision target = null;
        for (Revision r : history.previous()) {
            if (r.healthy()) {
                target = r;
                break;
            }
            skipped.add(r);
        }
        if (target == null) {
            return ActionResult.unchanged(ActionType.RollbackImage, "no healthy previous revision",
                    subject + "nothing to change. No revision older than the current revision " + current.number()
                    + " was healthy" + (skipped.isEmpty() ? " (there is none: the history holds no older revision)"
                            : " (" + describe(skipped) + ")") + ", so there is nothing known-good to go back to.\n");
        }

        List<FieldChange> changes = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, String> e : current.containerImages().entrySet()) {
            String name = e.getKey();
            String previous = target.containerImages().get(name);
            if (previous == null) {
                notes.add("Container " + Markdown.code(name) + " did not exist in revision " + target.number()
                        + "; its image stays " + Markdown.code(e.getValue()) + ".");
            } else if (!previous.equals(e.getValue())) {
                changes.add(new FieldChange(Paths.container(name) + ".image", e.getValue(), previous));
                entries.add(Paths.containerEntry(name, Map.of("image", previous)));
            }
        }
        for (String name : target.containerImages().keySet()) {
            if (!current.containerImages().containsKey(name)) {
                notes.add("Container " + Markdown.code(name) + " of revision " + target.number()
                        + " is no longer in the pod template; heal8s does not add it back.");
            }
        }
        String why = "Revision " + target.number() + " (" + Markdown.code(target.source()) + ", created "
                + DateTimeFormatter.ISO_INSTANT.format(target.createdAt()) + ") is the newest revision older than the"
                + " current revision " + current.number() + " (" + Markdown.code(current.source()) + ") that was"
                + " healthy" + (skipped.isEmpty() ? "." : "; skipped: " + describe(skipped) + ".");
        if (changes.isEmpty()) {
            return ActionResult.unchanged(ActionType.RollbackImage, "revision " + target.number()
                    + " runs the same images as the current revision " + current.number(),
                    subject + "nothing to change. " + why + " It runs the same images as the current revision, so"
                    + " the images are not what changed; rolling them back would do nothing.\n");
        }
        Patch patch = new Patch(PatchTarget.WORKLOAD, PatchType.STRATEGIC_MERGE, Paths.containersPatch(entries));
        StringBuilder d = new StringBuilder(subject).append("back to the images of revision ")
                .append(target.number()).append(".\n\n").append(why).append("\n\n");
        for (FieldChange fc : changes) {
            d.append(Markdown.bullet(fc)).append('\n');
        }
        if (!notes.isEmpty()) {
            d.append('\n');
            notes.forEach(n -> d.append(n).append('\n'));
        }
        return ActionResult.changed(ActionType.RollbackImage, "images of revision " + target.number()
                + ", the newest healthy revision before " + current.number(), changes, patch, d.toString());
    }

    private static String describe(List<Revision> unhealthy) {
        StringBuilder sb = new StringBuilder();
        for (Revision r : unhealthy) {
            sb.append(sb.length() == 0 ? "" : ", ").append("revision ").append(r.number()).append(" (")
                    .append(Markdown.code(r.source())).append(") was not healthy");
        }
        return sb.toString();
    }
}
