package io.heal8s.engine.rules;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.Playbook;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Turns what the rules left in a {@link DecisionContext} into a {@link Decision} with a one-sentence reason. */
final class Outcomes {

    private Outcomes() {
    }

    static Decision decision(Alert alert, DecisionContext ctx) {
        List<TraceEntry> trace = ctx.trace();
        Candidate winner = ctx.winner();
        if (winner != null) {
            Playbook p = winner.getPlaybook();
            String reason = "Playbook " + p.name() + " proposes " + winner.getAction() + " on "
                    + winner.getTarget().describe() + " for alert " + alert.name() + ".";
            return new Decision(Decision.Outcome.REMEDIATE, alert, p.name(), winner.getAction(), winner.getParams(),
                    winner.getTarget(), p.strategy(), p.gitops(), reason, trace, p.dryRun(), p.verify(), null);
        }
        List<Candidate> candidates = ctx.candidates();
        if (candidates.isEmpty()) {
            return Decision.noOp(Decision.Outcome.NO_MATCH, alert, "No playbook matches alert " + alert.name()
                    + (alert.severity().isEmpty() ? "" : " with severity " + alert.severity()) + ".", trace);
        }
        boolean guarded = candidates.stream()
                .anyMatch(c -> c.getBlocks().stream().anyMatch(b -> !b.isNoTarget()));
        String blocks = candidates.stream()
                .map(c -> c.getPlaybookName() + " (" + (c.getBlocks().isEmpty() ? "not selected"
                        : c.getBlocks().stream().map(Block::reason).collect(Collectors.joining("; "))) + ")")
                .collect(Collectors.joining(", "));
        if (guarded) {
            String reason = "Every playbook matching alert " + alert.name() + " is blocked: " + blocks + ".";
            // The refused playbook is the best-ranked one a guard blocked, as it would have won without the guard.
            Candidate refused = candidates.stream()
                    .filter(c -> c.isTargetUsable() && c.getBlocks().stream().anyMatch(b -> !b.isNoTarget()))
                    .min(Comparator.comparingInt(Candidate::getRank)).orElse(null);
            if (refused == null) {
                return Decision.noOp(Decision.Outcome.GUARDED, alert, reason, trace);
            }
            Block block = refused.getBlocks().stream().filter(b -> !b.isNoTarget())
                    .min(Comparator.comparingInt(Refusal::precedence)).orElseThrow();
            Playbook p = refused.getPlaybook();
            return new Decision(Decision.Outcome.GUARDED, alert, p.name(), refused.getAction(),
                    refused.playbookParams(), refused.getTarget(), p.strategy(), p.gitops(), reason, trace,
                    Refusal.of(block, refused.getAction()));
        }
        return Decision.noOp(Decision.Outcome.NO_TARGET, alert, "No playbook matching alert " + alert.name()
                + " finds a workload it can act on: " + blocks + ".", trace);
    }
}
