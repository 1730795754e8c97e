package io.heal8s.engine.rules;

import java.util.Objects;

/**
 * One rule firing of a decision: the rule's name (generated playbook rules read {@code playbook:<name>}) and what
 * it concluded, in firing order.
 */
public record TraceEntry(String rule, String message) {

    public TraceEntry {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return rule + ": " + message;
    }
}
