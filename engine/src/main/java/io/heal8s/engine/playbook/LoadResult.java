package io.heal8s.engine.playbook;

import java.util.List;
import java.util.Optional;

/**
 * What one load of the playbook directory found: the playbooks that validated (in file order, then document order),
 * the rule files, and every error. A result with errors is never put into service; see {@link PlaybookRepository}.
 */
public record LoadResult(List<Playbook> playbooks, List<RuleSource> rules, List<PlaybookError> errors) {

    /** No playbooks, no rules, no errors: the state before the first load. */
    public static final LoadResult EMPTY = new LoadResult(List.of(), List.of(), List.of());

    public LoadResult {
        playbooks = List.copyOf(playbooks);
        rules = List.copyOf(rules);
        errors = List.copyOf(errors);
    }

    /** True when nothing was wrong. */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** The playbook of that name. */
    public Optional<Playbook> playbook(String name) {
        return playbooks.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
