package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerStatus;
import io.heal8s.engine.action.RolloutRestart;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.RollbackRecord;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Direct executor on the kinds beyond Deployment and StatefulSet, one reconcile at a time on the CRUD mock: a
 * DaemonSet (IncreaseMemory, IncreaseCPU, RolloutRestart) whose rollout a small controller plays, and a ScaleUp whose
 * change lands on the workload's HorizontalPodAutoscaler (no rollout: done once the HPA controller saw the new spec),
 * each followed to Succeeded or rolled back to the exact previous values.
 */
class DirectExecutorKindsTest extends ReconcilerFixture {

    static final Duration ROLLOUT_TIMEOUT = DirectExecutorTest.ROLLOUT_TIMEOUT;
    static final String CONTAINER = "spec.template.spec.containers[name=app]";
    static final String RESTARTED_AT = "spec.template.metadata.annotations[\"" + RolloutRestart.ANNOTATION + "\"]";

    FailSafePolicy policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "staging: apply it.").failSafe();

    RemediationReconciler reconciler() {
        return reconciler(policy, new DirectExecutor(api.client, clock, ROLLOUT_TIMEOUT));
    }

    // ---- DaemonSet -------------------------------------------------------------------------------------------

    /** DaemonSet node-agent: container app with memory 512Mi and CPU 200m (limit and request), one template annotation. */
    Remediation createDaemonSetRemediation(String name, String action) {
        api.client.resource(new DaemonSetBuilder().withNewMetadata().withName("node-agent").withNamespace(MockApi.NS)
                .endMetadata().withNewSpec().withNewTemplate().withNewMetadata()
                .addToAnnotations("team", "platform").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("registry.example/node-agent:1")
                .withNewResources()
                .addToLimits("memory", new Quantity("512Mi")).addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("cpu", new Quantity("200m")).addToRequests("cpu", new Quantity("200m"))
                .endResources().endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        Remediation r = MockApi.remediation(name, WorkloadKind.DaemonSet, "node-agent", Strategy.Mode.Direct, "24h",
                T0);
        r.getSpec().getAction().setType(action);
        return api.client.resource(r).create();
    }

    DaemonSet daemonSet() {
        return api.client.apps().daemonSets().inNamespace(MockApi.NS).withName("node-agent").get();
    }

    /**
     * Plays the DaemonSet controller: {@code desired} nodes, {@code updated} of them on the new template,
     * {@code available} available, at the DaemonSet's generation minus {@code behind}.
     */
    void daemonSetRollout(int desired, int updated, int available, int behind) {
        api.client.resource(daemonSet()).editStatus(x -> {
            long gen = x.getMetadata().getGeneration() == null ? 1 : x.getMetadata().getGeneration();
            DaemonSetStatus status = new DaemonSetStatus();
            status.setObservedGeneration(gen - behind);
            status.setDesiredNumberScheduled(desired);
            status.setCurrentNumberScheduled(desired);
            status.setUpdatedNumberScheduled(updated);
            status.setNumberAvailable(available);
            status.setNumberReady(available);
            status.setNumberMisscheduled(0);
            x.setStatus(status);
            return x;
        });
    }

    RemediationStatus status(String name) {
        return api.get(name).getStatus();
    }

    @Test
    void daemonSetIncreaseMemoryIsFollowedUntilEveryScheduledPodIsUpdatedAndAvailable() {
        createDaemonSetRemediation("ds-mem", "IncreaseMemory");

        reconcile(reconciler(), "ds-mem");

        RemediationStatus status = status("ds-mem");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(status.getMessage()).startsWith("Patched DaemonSet shop/node-agent: ");
        RollbackRecord record = status.getRollback();
        assertThat(record.getKind()).isEqualTo("DaemonSet");
        assertThat(record.getName()).isEqualTo("node-agent");
        assertThat(record.getChanges()).extracting(RollbackRecord.Change::getPath, RollbackRecord.Change::getOldValue,
                RollbackRecord.Change::getNewValue).contains(
                        tuple(CONTAINER + ".resources.limits.memory", "512Mi", "640Mi"));
        DaemonSet live = daemonSet();
        assertThat(value(live, CONTAINER + ".resources.limits.memory")).isEqualTo("640Mi");
        assertThat(live.getMetadata().getAnnotations()).containsKey(DirectExecutor.APPLIED_BY_ANNOTATION);

        // The controller has not seen the new template yet, although its old counts look complete.
        daemonSetRollout(3, 3, 3, 1);
        reconcile(reconciler(), "ds-mem");
        assertThat(status("ds-mem").getPhase()).isEqualTo(RemediationPhase.Applying);
        // Two of three nodes run the new pod.
        daemonSetRollout(3, 2, 3, 0);
        reconcile(reconciler(), "ds-mem");
        assertThat(status("ds-mem").getPhase()).isEqualTo(RemediationPhase.Applying);
        // All updated, one not yet available.
        daemonSetRollout(3, 3, 2, 0);
        reconcile(reconciler(), "ds-mem");
        assertThat(status("ds-mem").getPhase()).isEqualTo(RemediationPhase.Applying);

        daemonSetRollout(3, 3, 3, 0);
        reconcile(reconciler(), "ds-mem");

        status = status("ds-mem");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Succeeded);
        assertThat(status.getMessage()).isEqualTo(
                "The rollout of DaemonSet shop/node-agent finished (3/3 updated, 3/3 available).");
        assertThat(value(daemonSet(), CONTAINER + ".resources.limits.memory")).isEqualTo("640Mi");
    }

    @Test
    void daemonSetIncreaseCpuThatTimesOutIsRolledBackToTheExactPreviousValues() {
        createDaemonSetRemediation("ds-cpu", "IncreaseCPU");
        DaemonSet before = daemonSet();
        reconcile(reconciler(), "ds-cpu");
        RollbackRecord record = status("ds-cpu").getRollback();
        assertThat(record.getChanges()).extracting(RollbackRecord.Change::getPath)
                .contains(CONTAINER + ".resources.limits.cpu", CONTAINER + ".resources.requests.cpu");
        assertThat(value(daemonSet(), CONTAINER + ".resources.limits.cpu")).isNotEqualTo("200m");
        daemonSetRollout(3, 1, 2, 0);

        clock.advance(ROLLOUT_TIMEOUT.minusSeconds(1));
        reconcile(reconciler(), "ds-cpu");
        assertThat(status("ds-cpu").getPhase()).isEqualTo(RemediationPhase.Applying);

        clock.advance(Duration.ofSeconds(1));
        reconcile(reconciler(), "ds-cpu");

        RemediationStatus status = status("ds-cpu");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
        assertThat(status.getMessage()).startsWith("Rolled back because the rollout of DaemonSet shop/node-agent did "
                + "not finish within 10m").contains("(1/3 updated, 2/3 available)")
                .contains(CONTAINER + ".resources.limits.cpu=200m");
        DaemonSet after = daemonSet();
        for (RollbackRecord.Change c : record.getChanges()) {
            assertThat(value(after, c.getPath())).as(c.getPath()).isEqualTo(value(before, c.getPath()));
        }
        assertThat(value(after, CONTAINER + ".resources")).isEqualTo(value(before, CONTAINER + ".resources"));
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKeys(DirectExecutor.APPLIED_BY_ANNOTATION,
                DirectExecutor.ROLLBACK_ANNOTATION);
    }

    @Test
    void daemonSetRolloutRestartThatTimesOutRemovesTheRestartAnnotationItAdded() {
        createDaemonSetRemediation("ds-restart", "RolloutRestart");
        reconcile(reconciler(), "ds-restart");
        assertThat(status("ds-restart").getRollback().getChanges()).extracting(RollbackRecord.Change::getPath,
                RollbackRecord.Change::getOldValue).containsExactly(tuple(RESTARTED_AT, null));
        assertThat(value(daemonSet(), RESTARTED_AT)).isNotNull();
        daemonSetRollout(2, 1, 1, 0);

        clock.advance(ROLLOUT_TIMEOUT);
        reconcile(reconciler(), "ds-restart");

        assertThat(status("ds-restart").getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
        assertThat(status("ds-restart").getMessage()).contains(RESTARTED_AT + "=(absent)");
        assertThat(daemonSet().getSpec().getTemplate().getMetadata().getAnnotations())
                .isEqualTo(Map.of("team", "platform"));
    }

    // ---- HorizontalPodAutoscaler -----------------------------------------------------------------------------

    /**
     * Deployment checkout with 4 replicas, scaled by HPA checkout (2 to 4 replicas) that runs and wants 4: at its
     * maximum, so a ScaleUp raises the HPA's maxReplicas (4 + 50% → 6) instead of the replicas.
     */
    Remediation createHpaScaleUp(String name) {
        api.client.resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
                MockApi.deploymentWithMemory("checkout", "512Mi")).editSpec().withReplicas(4).endSpec().build())
                .create();
        api.client.resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("checkout")
                .withNamespace(MockApi.NS).endMetadata().withNewSpec().withNewScaleTargetRef()
                .withApiVersion("apps/v1").withKind("Deployment").withName("checkout").endScaleTargetRef()
                .withMinReplicas(2).withMaxReplicas(4).endSpec().build()).create();
        hpaController(4, 4, 0);
        Remediation r = MockApi.remediation(name, WorkloadKind.Deployment, "checkout", Strategy.Mode.Direct, "24h",
                T0);
        r.getSpec().getAction().setType("ScaleUp");
        return api.client.resource(r).create();
    }

    HorizontalPodAutoscaler hpa() {
        return api.client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(MockApi.NS).withName("checkout")
                .get();
    }

    /** Plays the HPA controller: its replica counts, at the HPA's generation minus {@code behind}. */
    void hpaController(int current, int desired, int behind) {
        api.client.resource(hpa()).editStatus(x -> {
            long gen = x.getMetadata().getGeneration() == null ? 1 : x.getMetadata().getGeneration();
            HorizontalPodAutoscalerStatus status = new HorizontalPodAutoscalerStatus();
            status.setObservedGeneration(gen - behind);
            status.setCurrentReplicas(current);
            status.setDesiredReplicas(desired);
            x.setStatus(status);
            return x;
        });
    }

    @Test
    void scaleUpUnderAnHpaPatchesTheHpaAndSucceedsOnceItsControllerSawTheNewMaximum() {
        createHpaScaleUp("hpa-1");
        String deploymentVersion = deployment().getMetadata().getResourceVersion();

        reconcile(reconciler(), "hpa-1");

        RemediationStatus status = status("hpa-1");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(status.getMessage()).startsWith("Patched HorizontalPodAutoscaler shop/checkout: spec.maxReplicas=6");
        RollbackRecord record = status.getRollback();
        assertThat(record.getKind()).isEqualTo("HorizontalPodAutoscaler");
        assertThat(record.getName()).isEqualTo("checkout");
        assertThat(record.getChanges()).extracting(RollbackRecord.Change::getPath, RollbackRecord.Change::getOldValue,
                RollbackRecord.Change::getNewValue).containsExactly(tuple("spec.maxReplicas", "4", "6"));
        HorizontalPodAutoscaler live = hpa();
        assertThat(live.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(live.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(live.getMetadata().getAnnotations()).containsKey(DirectExecutor.APPLIED_BY_ANNOTATION);
        // The workload itself is not touched: the HPA decides its replicas.
        assertThat(deployment().getMetadata().getResourceVersion()).isEqualTo(deploymentVersion);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(4);

        // The HPA controller has not yet acted on the new spec.
        hpaController(4, 4, 1);
        reconcile(reconciler(), "hpa-1");
        assertThat(status("hpa-1").getPhase()).isEqualTo(RemediationPhase.Applying);

        hpaController(4, 5, 0);
        reconcile(reconciler(), "hpa-1");

        status = status("hpa-1");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Succeeded);
        assertThat(status.getMessage()).contains("HorizontalPodAutoscaler shop/checkout holds spec.maxReplicas=6");
        assertThat(listener.seen).containsExactly("hpa-1: null -> Analyzing (Analyzing)",
                "hpa-1: Analyzing -> Applying (Applying)", "hpa-1: Applying -> Succeeded (Succeeded)");
    }

    @Test
    void anHpaChangeNotTakenUpWithinTheTimeoutIsRolledBackToTheHpasExactValues() {
        createHpaScaleUp("hpa-2");
        HorizontalPodAutoscaler before = hpa();
        reconcile(reconciler(), "hpa-2");
        hpaController(4, 4, 1);

        clock.advance(ROLLOUT_TIMEOUT);
        reconcile(reconciler(), "hpa-2");

        RemediationStatus status = status("hpa-2");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
        assertThat(status.getMessage()).contains("not yet observed by the HPA controller")
                .endsWith("restored HorizontalPodAutoscaler shop/checkout spec.maxReplicas=4.");
        HorizontalPodAutoscaler after = hpa();
        assertThat(after.getSpec()).isEqualTo(before.getSpec());
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKeys(DirectExecutor.APPLIED_BY_ANNOTATION,
                DirectExecutor.ROLLBACK_ANNOTATION);
    }

    @Test
    void anHpaDeletedDuringApplyingFailsWithTargetNotFoundNamingTheHpa() {
        createHpaScaleUp("hpa-3");
        reconcile(reconciler(), "hpa-3");
        api.client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(MockApi.NS).withName("checkout")
                .delete();

        reconcile(reconciler(), "hpa-3");

        assertThat(status("hpa-3").getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status("hpa-3").getReason()).isEqualTo(RemediationReconciler.REASON_TARGET_NOT_FOUND);
        assertThat(status("hpa-3").getMessage()).isEqualTo("HorizontalPodAutoscaler shop/checkout (the "
                + "HorizontalPodAutoscaler of Deployment shop/checkout) does not exist any more.");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {404, 422})
    void aRefusedHpaPatchFailsNamingTheHpaAndLeavesItAsItWas(int code) {
        createHpaScaleUp("hpa-refused-" + code);
        api.refuse(MockApi.patchOf("horizontalpodautoscalers", "checkout"), code,
                code == 404 ? "NotFound" : "Invalid", "the API's own words for " + code);

        reconcile(reconciler(), "hpa-refused-" + code);

        RemediationStatus status = status("hpa-refused-" + code);
        String hpa = "HorizontalPodAutoscaler shop/checkout (the HorizontalPodAutoscaler of Deployment shop/checkout)";
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        if (code == 404) {
            assertThat(status.getReason()).isEqualTo(RemediationReconciler.REASON_TARGET_NOT_FOUND);
            assertThat(status.getMessage()).isEqualTo(hpa + " does not exist any more.");
        } else {
            assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_PATCH_REJECTED);
            assertThat(status.getMessage()).isEqualTo("The Kubernetes API rejected the patch of " + hpa
                    + " (422): the API's own words for 422");
        }
        assertThat(status.getRollback()).isNull();
        assertThat(hpa().getSpec().getMaxReplicas()).isEqualTo(4);
    }

    @Test
    void anHpaRollbackTheApiRefusesFailsWithRollbackFailedNamingTheHpasOldMaximum() {
        createHpaScaleUp("hpa-rb");
        reconcile(reconciler(), "hpa-rb");
        hpaController(4, 4, 1);
        clock.advance(ROLLOUT_TIMEOUT);
        api.refuse(MockApi.patchOf("horizontalpodautoscalers", "checkout"), 422, "Invalid",
                "spec.maxReplicas: Invalid value");

        reconcile(reconciler(), "hpa-rb");

        RemediationStatus status = status("hpa-rb");
        assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_ROLLBACK_FAILED);
        assertThat(status.getMessage()).contains("restoring HorizontalPodAutoscaler shop/checkout "
                + "(spec.maxReplicas: Invalid value)")
                .endsWith("A human must restore HorizontalPodAutoscaler shop/checkout spec.maxReplicas=4.");
        assertThat(hpa().getSpec().getMaxReplicas()).isEqualTo(6);
    }

    Deployment deployment() {
        return api.client.apps().deployments().inNamespace(MockApi.NS).withName("checkout").get();
    }

    /** The value at a recorded path, as text (a quantity or number) or as a JSON tree. */
    static Object value(Object object, String path) {
        Object v = FieldPaths.get(DirectExecutorTest.treeOf(object), path);
        return v instanceof String || v instanceof Number ? String.valueOf(v) : v;
    }
}
