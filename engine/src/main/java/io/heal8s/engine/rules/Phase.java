package io.heal8s.engine.rules;

/**
 * The agenda groups a decision runs through, in this order. Every rule, user DRL included, names one, for example
 * {@code agenda-group "guard"}; a rule in any other group (or none) is refused when the rules are compiled.
 */
public enum Phase {
    /** Generated playbook rules insert one {@link Candidate} per matching playbook. */
    MATCH("match"),
    /** Candidates whose alert names no workload the action can change are dropped with a {@link Block}. */
    TARGET("target"),
    /** Cooldown, attempt limits and user guards insert {@link Block}s. */
    GUARD("guard"),
    /** The action's parameters are copied to each open candidate (salience 1000), then user rules adjust them. */
    PARAMS("params"),
    /** The best open candidate becomes the {@link Winner}. */
    SELECT("select");

    private final String agendaGroup;

    Phase(String agendaGroup) {
        this.agendaGroup = agendaGroup;
    }

    /** The agenda group's name as DRL writes it. */
    public String agendaGroup() {
        return agendaGroup;
    }
}
