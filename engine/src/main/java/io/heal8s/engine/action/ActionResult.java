package io.heal8s.engine.action;

import io.heal8s.engine.playbook.ActionType;
import java.util.List;
import java.util.Objects;

/**
 * What an action calculator decided: the changes with a patch for the live object, or no change and why (for example
 * "at cap", so the caller escalates instead of looping). Both carry a Markdown description for a pull request body.
 *
 * @param reason a short sentence: the summary of a change, or why nothing changes
 * @param changes empty when nothing changes
 * @param patch {@code null} when nothing changes
 * @param description Markdown, with every value from the cluster or an alert escaped
 */
public record ActionResult(ActionType action, boolean changed, String reason, List<FieldChange> changes, Patch patch,
        String description) {

    public ActionResult {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(description, "description");
        changes = List.copyOf(changes);
        if (changed == changes.isEmpty() || changed == (patch == null)) {
            throw new IllegalArgumentException("a changed result needs changes and a patch, an unchanged one neither");
        }
    }

    static ActionResult changed(ActionType action, String reason, List<FieldChange> changes, Patch patch,
            String description) {
        return new ActionResult(action, true, reason, changes, patch, description);
    }

    static ActionResult unchanged(ActionType action, String reason, String description) {
        return new ActionResult(action, false, reason, List.of(), null, description);
    }
}
