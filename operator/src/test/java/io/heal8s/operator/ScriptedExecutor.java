package io.heal8s.operator;

import io.heal8s.engine.cluster.ResolvedWorkload;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake GitOps/Direct executor: from Analyzing it opens "PR 42", from PRCreated the PR merges (Applying), from
 * Applying the rollout is done (Succeeded). It records the workloads it was handed.
 */
final class ScriptedExecutor implements RemediationExecutor {

    final List<ResolvedWorkload> handed = new CopyOnWriteArrayList<>();
    private final Strategy.Mode mode;

    ScriptedExecutor(Strategy.Mode mode) {
        this.mode = mode;
    }

    @Override
    public Strategy.Mode mode() {
        return mode;
    }

    @Override
    public Step execute(Remediation remediation, ResolvedWorkload workload) {
        handed.add(workload);
        RemediationPhase phase = remediation.getStatus().getPhase();
        return switch (phase) {
            case Analyzing -> {
                remediation.getStatus().setPrNumber(42);
                remediation.getStatus().setPrUrl("https://github.example/shop/pull/42");
                yield Step.prCreated("Opened pull request #42 for " + workload.workload().key() + ".");
            }
            case PRCreated -> Step.applying("Pull request #42 merged; waiting for the rollout.");
            case Applying -> Step.succeeded("The rollout finished.");
            default -> throw new IllegalStateException("called in " + phase);
        };
    }
}
