package io.heal8s.engine.rules;

import java.util.List;
import java.util.Map;

/**
 * Writes the DRL of one playbook's matching rules. The text holds only identifiers and numbers the engine chose
 * (the playbook's index, alert-name ids, the priority as salience): no string from a playbook ever reaches DRL,
 * so nothing in a playbook can inject rule code, and readable names are mapped back for traces.
 */
final class PlaybookRuleGenerator {

    static final String HEADER = "package " + DecisionEngine.GENERATED_PACKAGE + ";\n"
            + "import io.heal8s.engine.rules.AlertFact;\n"
            + "import io.heal8s.engine.rules.Candidate;\n"
            + "global io.heal8s.engine.rules.DecisionContext " + DecisionContext.GLOBAL + ";\n";

    private PlaybookRuleGenerator() {
    }

    /**
     * One rule per alert name the playbook lists (each a hashed {@code nameId ==} alpha constraint, cheaper than an
     * {@code in} list once many playbooks share the alpha network), or a single rule for a playbook matching any
     * name. Severities and label matchers are checked by {@link AlertFact#matchesPlaybook}, only when the playbook
     * has any.
     *
     * @param nameIds the ids of the playbook's alert names, empty when it matches any name
     * @param labels receives each generated rule name with the label traces show for it
     */
    static String drl(PlaybookEntry entry, List<Integer> nameIds, Map<String, String> labels) {
        StringBuilder drl = new StringBuilder(512).append(HEADER);
        String label = "playbook:" + entry.playbook().name();
        if (nameIds.isEmpty()) {
            String rule = "playbook_" + entry.index();
            labels.put(rule, label);
            appendRule(drl, rule, entry, null);
        } else {
            for (int i = 0; i < nameIds.size(); i++) {
                String rule = "playbook_" + entry.index() + "_" + i;
                labels.put(rule, label);
                appendRule(drl, rule, entry, nameIds.get(i));
            }
        }
        return drl.toString();
    }

    private static void appendRule(StringBuilder drl, String rule, PlaybookEntry entry, Integer nameId) {
        String constraints = nameId == null ? "" : "nameId == " + nameId;
        if (entry.hasConditionsBeyondName()) {
            constraints += (constraints.isEmpty() ? "" : ", ") + "matchesPlaybook( " + entry.index() + " )";
        }
        drl.append("\nrule \"").append(rule).append("\"\n")
                .append("    agenda-group \"").append(Phase.MATCH.agendaGroup()).append("\"\n")
                .append("    salience ").append(entry.playbook().priority()).append('\n')
                .append("when\n")
                .append("    $a : AlertFact( ").append(constraints).append(" )\n")
                .append("then\n")
                .append("    insert(new Candidate(").append(DecisionContext.GLOBAL).append(", $a, ")
                .append(entry.index()).append("));\n")
                .append("end\n");
    }
}
