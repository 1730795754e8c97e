package io.heal8s.engine.rules;

import java.util.Objects;

/**
 * A fact saying that a candidate must not act, and why. Rules insert a Block instead of modifying the candidate,
 * so a guard can never re-trigger itself or another guard (no {@code modify} loops in user DRL).
 *
 * @param guard a short name of what blocked it: {@value #NO_TARGET}, {@code cooldown}, {@code max-attempts}, {@code loop}, or a
 *     user guard's own name such as {@code freeze}
 */
public record Block(Candidate candidate, String guard, String reason) {

    /** The guard name target rules use: the candidate names no workload its action can change. */
    public static final String NO_TARGET = "no-target";
    /** The guard name of {@code guard:cooldown}. */
    public static final String COOLDOWN = "cooldown";
    /** The guard name of {@code guard:max-attempts}. */
    public static final String MAX_ATTEMPTS = "max-attempts";
    /** The guard name of {@code guard:loop}. */
    public static final String LOOP = "loop";

    public Block {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether this is a missing or unsuitable target rather than a guard. */
    public boolean isNoTarget() {
        return NO_TARGET.equals(guard);
    }
}
