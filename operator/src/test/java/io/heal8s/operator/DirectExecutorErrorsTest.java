package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heal8s.engine.cluster.KubernetesUnavailableException;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Direct executor's answers to a Kubernetes API that refuses, forced on the patch by {@link MockApi#refuse}: the
 * target deleted between analysis and patch (404), a patch the API will not take (400, 422), a conflict (409, retried
 * by the SDK), an API that cannot answer (503, or nothing listening); and a rollback whose own patch is refused.
 */
class DirectExecutorErrorsTest extends ReconcilerFixture {

    static final String LIMIT = DirectExecutorTest.LIMIT;

    FailSafePolicy policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "staging: apply it.").failSafe();

    RemediationReconciler reconciler() {
        return reconciler(policy, new DirectExecutor(api.client, clock, DirectExecutorTest.ROLLOUT_TIMEOUT));
    }

    /** A Direct IncreaseMemory of Deployment checkout (memory limit 512Mi → 640Mi). */
    void createMemory(String name) {
        api.deployment("checkout");
        api.createRemediation(name, WorkloadKind.Deployment, "checkout", Strategy.Mode.Direct, "24h", T0);
    }

    String liveLimit() {
        return DirectExecutorTest.memory(api.client.apps().deployments().inNamespace(MockApi.NS)
                .withName("checkout").get(), "limits");
    }

    RemediationStatus status(String name) {
        return api.get(name).getStatus();
    }

    /** Still Analyzing, with nothing recorded as applied, and the Deployment as it was. */
    void assertNothingApplied(String name) {
        RemediationStatus status = status(name);
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Analyzing);
        assertThat(status.getRollback()).isNull();
        assertThat(status.getAppliedAt()).isNull();
        assertThat(liveLimit()).isEqualTo("512Mi");
    }

    @Test
    void aTargetDeletedBetweenAnalysisAndPatchFailsWithTargetNotFound() {
        createMemory("gone-1");
        AtomicInteger refused = api.refuse(MockApi.patchOf("deployments", "checkout"), 404, "NotFound",
                "deployments.apps \"checkout\" not found");

        reconcile(reconciler(), "gone-1");

        assertThat(refused).hasValue(1);
        RemediationStatus status = status("gone-1");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_TARGET_NOT_FOUND);
        assertThat(status.getMessage()).isEqualTo("Deployment shop/checkout does not exist any more.");
        assertThat(status.getRollback()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {400, 422})
    void aPatchTheApiRejectsFailsWithPatchRejectedAndTheApisMessage(int code) {
        createMemory("rejected-" + code);
        String message = "Deployment.apps \"checkout\" is invalid: spec.template.spec.containers[0].resources"
                + ".requests: Invalid value: \"640Mi\": must be less than or equal to memory limit";
        api.refuse(MockApi.patchOf("deployments", "checkout"), code, code == 422 ? "Invalid" : "BadRequest", message);

        reconcile(reconciler(), "rejected-" + code);

        RemediationStatus status = status("rejected-" + code);
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_PATCH_REJECTED);
        assertThat(status.getMessage()).isEqualTo("The Kubernetes API rejected the patch of Deployment shop/checkout ("
                + code + "): " + message);
        assertThat(status.getRollback()).isNull();
        assertThat(liveLimit()).isEqualTo("512Mi");
        assertThat(api.events("rejected-" + code)).filteredOn(e -> e.getReason().equals("PatchRejected"))
                .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    }

    @Test
    void aConflictIsThrownForTheSdkToRetryAndTheRetryApplies() {
        createMemory("conflict-1");
        api.refuse(MockApi.patchOf("deployments", "checkout"), 409, "Conflict",
                "Operation cannot be fulfilled on deployments.apps \"checkout\": the object has been modified");

        assertThatThrownBy(() -> reconcile(reconciler(), "conflict-1")).isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
        assertNothingApplied("conflict-1");

        api.heal();
        reconcile(reconciler(), "conflict-1");

        assertThat(status("conflict-1").getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(liveLimit()).isEqualTo("640Mi");
    }

    @Test
    void aServerErrorOnThePatchIsThrownAsUnavailableAndNothingIsRecordedAsApplied() {
        createMemory("down-1");
        api.refuse(MockApi.patchOf("deployments", "checkout"), 500, "InternalError", "etcdserver: request timed out");

        assertThatThrownBy(() -> reconcile(reconciler(), "down-1"))
                .isInstanceOf(KubernetesUnavailableException.class);

        assertNothingApplied("down-1");
    }

    @Test
    void anUnreachableApiIsThrownAsUnavailableAndNothingIsRecordedAsApplied() throws IOException {
        createMemory("down-2");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + closedPort)
                .withNamespace(MockApi.NS).withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(config).build()) {
            RemediationReconciler reconciler = reconciler(policy,
                    new DirectExecutor(unreachable, clock, DirectExecutorTest.ROLLOUT_TIMEOUT));

            assertThatThrownBy(() -> reconcile(reconciler, "down-2"))
                    .isInstanceOf(KubernetesUnavailableException.class);
        }

        assertNothingApplied("down-2");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {404, 422})
    void aRollbackWhosePatchIsRefusedFailsWithRollbackFailedNamingTheValuesToRestore(int code) {
        createMemory("rb-" + code);
        reconcile(reconciler(), "rb-" + code);
        assertThat(liveLimit()).isEqualTo("640Mi");
        clock.advance(DirectExecutorTest.ROLLOUT_TIMEOUT);
        api.refuse(MockApi.patchOf("deployments", "checkout"), code, code == 404 ? "NotFound" : "Invalid",
                "the API's own words for " + code);

        reconcile(reconciler(), "rb-" + code);

        RemediationStatus status = status("rb-" + code);
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_ROLLBACK_FAILED);
        assertThat(status.getMessage()).startsWith("The rollback did not complete: the Kubernetes API answered " + code
                + " to the patch restoring Deployment shop/checkout (the API's own words for " + code + ").")
                .contains("did not finish within 10m")
                .contains("A human must restore Deployment shop/checkout " + LIMIT + "=512Mi");
        assertThat(status.getRollback().getChanges()).isNotEmpty();
        assertThat(liveLimit()).isEqualTo("640Mi");
        assertThat(api.events("rb-" + code)).filteredOn(e -> e.getReason().equals("RollbackFailed")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains(LIMIT + "=512Mi");
                });
    }

    @Test
    void aRollbackTheApiCannotTakeNowIsRetriedAndCompletesLater() {
        createMemory("rb-503");
        reconcile(reconciler(), "rb-503");
        clock.advance(DirectExecutorTest.ROLLOUT_TIMEOUT.plus(Duration.ofMinutes(1)));
        api.refuse(MockApi.patchOf("deployments", "checkout"), 503, "ServiceUnavailable", "try later");

        assertThatThrownBy(() -> reconcile(reconciler(), "rb-503")).isInstanceOf(KubernetesUnavailableException.class);
        assertThat(status("rb-503").getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(liveLimit()).isEqualTo("640Mi");

        api.heal();
        reconcile(reconciler(), "rb-503");

        assertThat(status("rb-503").getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
        assertThat(liveLimit()).isEqualTo("512Mi");
    }
}
