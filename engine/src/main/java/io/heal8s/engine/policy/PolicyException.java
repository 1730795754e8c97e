package io.heal8s.engine.policy;

/**
 * An approval policy could not give a usable decision: the engine failed, timed out, found the decision undefined or
 * answered something outside the contract. The message says which, naming the field when the answer was malformed;
 * {@link FailSafePolicy} turns it into the safe decision.
 */
public class PolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
