package io.heal8s.operator;

import io.heal8s.engine.cluster.WorkloadResolver;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.remediation.Remediation;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The CRUD mock API, a test clock and a listener, and a reconciler called directly (no SDK): each reconcile writes
 * its status as the SDK would, through the status subresource.
 */
abstract class ReconcilerFixture {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    MockApi api;
    TestClock clock;
    RecordingListener listener;

    @BeforeEach
    void startApi() {
        api = MockApi.start();
        clock = new TestClock(T0);
        listener = new RecordingListener();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    RemediationReconciler reconciler(FailSafePolicy policy, RemediationExecutor... executors) {
        return new RemediationReconciler(api.client, OperatorSettings.defaults(), clock,
                new WorkloadResolver(api.client), policy, List.of(executors), listener);
    }

    UpdateControl<Remediation> reconcile(RemediationReconciler reconciler, String name) {
        return reconciler.reconcile(api.get(name), (original, status) -> api.client.resource(original).editStatus(r -> {
            r.setStatus(status);
            return r;
        }));
    }
}
