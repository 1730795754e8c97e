package io.heal8s.engine.playbook;

/** The type of an action parameter, which decides how a playbook value is validated and normalised. */
public enum ParamType {
    /** A whole number, at least 1 (counts such as replicas), stored as {@link Integer}. */
    INTEGER,
    /** A percentage, a whole number from 1 to 1000, stored as {@link Integer}. */
    PERCENT,
    /** A byte quantity such as {@code 512Mi} or {@code 2Gi}, stored as its original text after validation. */
    MEMORY,
    /** A CPU quantity such as {@code 250m} or {@code 2}, stored as its original text after validation. */
    CPU,
    /** A duration such as {@code 30m}, {@code 24h} or {@code 90s}, stored as {@link java.time.Duration}. */
    DURATION,
    /** true or false, stored as {@link Boolean}. */
    BOOLEAN,
    /** One of a fixed set of words, stored as {@link String}. */
    ENUM
}
