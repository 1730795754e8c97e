package io.heal8s.engine.policy;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approval policy as the operator calls it: the configured engine's decision when it gives a valid one, otherwise
 * GitOps with approval required and a reason saying why. It never throws, and Direct only ever comes from a policy
 * that answered Direct, never from an error, a timeout, an undefined or malformed result or a missing configuration.
 */
public final class FailSafePolicy implements PolicyEngine {

    /** The reason recorded when no engine is configured. */
    public static final String NOT_CONFIGURED_REASON =
            "no approval policy is configured; GitOps with approval is the safe default";

    private static final Logger LOG = LoggerFactory.getLogger(FailSafePolicy.class);

    private final PolicyEngine engine;

    /** @param engine the engine to ask; null when none is configured */
    public FailSafePolicy(PolicyEngine engine) {
        if (engine instanceof FailSafePolicy) {
            throw new IllegalArgumentException("a FailSafePolicy around a FailSafePolicy");
        }
        this.engine = engine;
    }

    /** No engine: every decision is the safe default. */
    public static FailSafePolicy unconfigured() {
        return new FailSafePolicy(null);
    }

    /** Never throws: a failure becomes the fail-safe decision with the error as its reason. */
    @Override
    public PolicyDecision evaluate(PolicyInput input) {
        if (engine == null) {
            return PolicyDecision.failSafe(NOT_CONFIGURED_REASON);
        }
        String error;
        try {
            PolicyDecision decision = engine.evaluate(input);
            if (decision != null) {
                return decision;
            }
            error = "it returned no decision";
        } catch (PolicyException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = "unexpected " + e;
        }
        // Log it here: the exception is not rethrown, and the reason goes to the Remediation's status.
        LOG.warn("The approval policy ({}) gave no valid decision; using GitOps with approval: {}",
                engine.name(), error);
        return PolicyDecision.failSafe("the approval policy (" + engine.name() + ") gave no valid decision: "
                + error + "; GitOps with approval is the safe default");
    }

    @Override
    public String name() {
        return engine == null ? "fail-safe" : "fail-safe(" + engine.name() + ")";
    }

    /** The engine asked, if one is configured. */
    public Optional<PolicyEngine> engine() {
        return Optional.ofNullable(engine);
    }
}
