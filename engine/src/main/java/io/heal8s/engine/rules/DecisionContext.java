package io.heal8s.engine.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.rule.Rule;

/**
 * The DRL global {@code ctx}: the clock of the decision under way and its trace. One exists per decision and is
 * confined to the thread making it. Rules call {@link #now()} and {@link #note(String)}; the rest is the engine's
 * bookkeeping.
 */
public final class DecisionContext {

    /** The name DRL declares it under: {@code global io.heal8s.engine.rules.DecisionContext ctx;}. */
    public static final String GLOBAL = "ctx";

    private final Map<String, String> ruleLabels;
    private final List<TraceEntry> trace = new ArrayList<>(8);
    private final List<String> pending = new ArrayList<>(2);
    private final List<Candidate> candidates = new ArrayList<>(4);
    private final Instant now;
    private Candidate winner;

    DecisionContext(Map<String, String> ruleLabels, Instant now) {
        this.ruleLabels = ruleLabels;
        this.now = now;
    }

    /** The decision's "now", as the caller gave it (rules never read the system clock). */
    public Instant now() {
        return now;
    }

    /** Adds an explanation to the trace entry of the rule now firing. */
    public void note(String message) {
        pending.add(message);
    }

    /** Closes the trace entry of a rule that just fired, with the notes its consequence made. */
    void fired(Rule rule) {
        String label = DecisionEngine.GENERATED_PACKAGE.equals(rule.getPackageName())
                ? ruleLabels.getOrDefault(rule.getName(), rule.getName())
                : rule.getName();
        String message;
        if (pending.isEmpty()) {
            message = "fired";
        } else if (pending.size() == 1) {
            message = pending.get(0);
        } else {
            message = String.join("; ", pending);
        }
        pending.clear();
        trace.add(new TraceEntry(label, message));
    }

    /** Records what the rules concluded: a block's reason goes to the trace entry of the rule that inserted it. */
    void inserted(Object fact) {
        if (fact instanceof Block block) {
            block.candidate().blocked(block);
            note(block.reason());
        } else if (fact instanceof Winner w) {
            winner = w.candidate();
        }
    }

    void candidateCreated(Candidate candidate) {
        candidates.add(candidate);
    }

    List<TraceEntry> trace() {
        return trace;
    }

    List<Candidate> candidates() {
        return candidates;
    }

    Candidate winner() {
        return winner;
    }
}
