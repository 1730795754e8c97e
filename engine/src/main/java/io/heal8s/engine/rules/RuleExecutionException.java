package io.heal8s.engine.rules;

/**
 * A rule failed while deciding one alert (a consequence threw, or rules kept firing without end). The message names
 * the rule; the session involved is discarded, so later decisions are not affected.
 */
public final class RuleExecutionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RuleExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
