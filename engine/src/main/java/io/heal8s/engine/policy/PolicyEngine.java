package io.heal8s.engine.policy;

/**
 * Evaluates the approval policy for one remediation. Implementations talk to OPA ({@link RestPolicyEngine},
 * {@link WasmPolicyEngine}) and throw on anything short of a valid decision; callers use {@link FailSafePolicy},
 * which never throws and never answers Direct unless a policy said so.
 */
public interface PolicyEngine {

    /**
     * Asks the policy what to do with this remediation.
     *
     * @throws PolicyException when the policy cannot be evaluated or its answer breaks the contract
     */
    PolicyDecision evaluate(PolicyInput input) throws PolicyException;

    /** A short name for logs and decisions, such as {@code opa-rest}. */
    String name();
}
