package io.heal8s.engine.rules;

import java.util.Objects;

/** The fact the selection rule inserts for the one candidate a decision acts on. */
public record Winner(Candidate candidate) {

    public Winner {
        Objects.requireNonNull(candidate, "candidate");
    }
}
