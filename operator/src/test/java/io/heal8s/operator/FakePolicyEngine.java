package io.heal8s.operator;

import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyDecision;
import io.heal8s.engine.policy.PolicyEngine;
import io.heal8s.engine.policy.PolicyException;
import io.heal8s.engine.policy.PolicyInput;
import io.heal8s.engine.policy.PolicyMode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An approval policy for tests: answers with a function of the input (or throws), and keeps every input it was asked
 * about, so that tests can check what the operator sends and how often.
 */
final class FakePolicyEngine implements PolicyEngine {

    static final String SOURCE = "fake";

    final List<PolicyInput> inputs = new CopyOnWriteArrayList<>();
    private final Function<PolicyInput, PolicyDecision> answer;

    private FakePolicyEngine(Function<PolicyInput, PolicyDecision> answer) {
        this.answer = answer;
    }

    /** Always the given mode, with the given approval and one reason. */
    static FakePolicyEngine answering(PolicyMode mode, boolean requireApproval, String reason) {
        return new FakePolicyEngine(input -> decision(mode, requireApproval, reason));
    }

    /** The mode the function picks, without approval for Direct. */
    static FakePolicyEngine choosing(Function<PolicyInput, PolicyMode> mode) {
        return new FakePolicyEngine(input -> {
            PolicyMode m = mode.apply(input);
            return decision(m, m != PolicyMode.Direct, "the test policy chose " + m + ".");
        });
    }

    /** An engine that always fails, as an unreachable OPA does. */
    static FakePolicyEngine failing(String error) {
        return new FakePolicyEngine(input -> {
            throw new IllegalStateException(error);
        });
    }

    static PolicyDecision decision(PolicyMode mode, boolean requireApproval, String reason) {
        return new PolicyDecision(mode, requireApproval, List.of(reason), SOURCE, false);
    }

    /** This engine behind the fail-safe wrapper, as the operator is given it. */
    FailSafePolicy failSafe() {
        return new FailSafePolicy(this);
    }

    @Override
    public PolicyDecision evaluate(PolicyInput input) throws PolicyException {
        inputs.add(input);
        return answer.apply(input);
    }

    @Override
    public String name() {
        return SOURCE;
    }
}
