package io.heal8s.operator;

import io.heal8s.engine.policy.FailSafePolicy;

/** Lets a nested test class build its enclosing fixture's reconciler. */
final class ReconcilerFixtureAccess {

    private ReconcilerFixtureAccess() {
    }

    static RemediationReconciler reconciler(ReconcilerFixture fixture, FailSafePolicy policy,
            RemediationExecutor executor) {
        return fixture.reconciler(policy, executor);
    }
}
