package io.heal8s.engine.policy;

/**
 * How a remediation may be applied, as the approval policy decides: through a pull request ({@code GitOps}), straight
 * to the cluster ({@code Direct}), or not at all ({@code Deny}). The constant names are the contract's JSON values.
 */
public enum PolicyMode {
    GitOps,
    Direct,
    Deny
}
