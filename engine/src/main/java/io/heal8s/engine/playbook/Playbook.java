package io.heal8s.engine.playbook;

import io.heal8s.engine.alert.Alert;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A validated playbook: which alerts it answers, how it finds the workload, what it does, under which guards and
 * with which proposed strategy. Loaded from YAML by {@link PlaybookLoader}.
 *
 * @param gitops null when the playbook does not say where its manifests live
 * @param dryRun {@code spec.dryRun}: its Remediations are decided and recorded, never carried out (a playbook can
 *     only add dry-run; it cannot turn off the operator's global one)
 * @param source the file it came from and the line of its {@code kind:}; null for playbooks built in code
 * @param verify how the change is verified after it is applied ({@link Verify#DEFAULT} when the playbook says nothing)
 */
public record Playbook(
        String name,
        String description,
        int priority,
        Match match,
        TargetSpec target,
        ActionSpec action,
        Guards guards,
        Strategy strategy,
        GitOpsSpec gitops,
        Source source,
        boolean dryRun,
        Verify verify) {

    /** Where a playbook was defined, for messages. */
    public record Source(Path file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    public Playbook {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(guards, "guards");
        Objects.requireNonNull(strategy, "strategy");
        verify = verify == null ? Verify.DEFAULT : verify;
    }

    /** A playbook without {@code spec.dryRun}, with the default verification. */
    public Playbook(String name, String description, int priority, Match match, TargetSpec target, ActionSpec action,
            Guards guards, Strategy strategy, GitOpsSpec gitops, Source source) {
        this(name, description, priority, match, target, action, guards, strategy, gitops, source, false,
                Verify.DEFAULT);
    }

    /** A playbook with the default verification. */
    public Playbook(String name, String description, int priority, Match match, TargetSpec target, ActionSpec action,
            Guards guards, Strategy strategy, GitOpsSpec gitops, Source source, boolean dryRun) {
        this(name, description, priority, match, target, action, guards, strategy, gitops, source, dryRun,
                Verify.DEFAULT);
    }

    /** A playbook without {@code spec.dryRun}. */
    public Playbook(String name, String description, int priority, Match match, TargetSpec target, ActionSpec action,
            Guards guards, Strategy strategy, GitOpsSpec gitops, Source source, Verify verify) {
        this(name, description, priority, match, target, action, guards, strategy, gitops, source, false, verify);
    }

    public boolean matches(Alert alert) {
        return match.matches(alert);
    }
}
