package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.policy.FailSafePolicy;
import io.heal8s.engine.policy.PolicyMode;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.engine.remediation.RemediationStatus;
import io.heal8s.engine.remediation.RollbackRecord;
import io.heal8s.engine.remediation.WireFormats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Direct executor in the reconciler, one reconcile at a time on the CRUD mock server, with {@link Controller}
 * playing the Deployment and StatefulSet controllers: the patch and its rollback record, the rollout followed to
 * Succeeded, a rollout that times out or exceeds its progress deadline rolled back to the exact previous values, a
 * crash between the patch and the status write that does not patch twice, and a target deleted mid-rollout.
 */
class DirectExecutorTest extends ReconcilerFixture {

    static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(10);
    static final String LIMIT = "spec.template.spec.containers[name=app].resources.limits.memory";
    static final String REQUEST = "spec.template.spec.containers[name=app].resources.requests.memory";

    FailSafePolicy policy = FakePolicyEngine.answering(PolicyMode.Direct, false, "staging: apply it.").failSafe();

    RemediationReconciler reconciler() {
        return reconciler(policy, new DirectExecutor(api.client, clock, ROLLOUT_TIMEOUT));
    }

    /** A Direct IncreaseMemory Remediation of Deployment checkout (memory limit and request 512Mi). */
    Remediation createMemory(String name) {
        api.deployment("checkout");
        return api.createRemediation(name, WorkloadKind.Deployment, "checkout", Strategy.Mode.Direct, "24h", T0);
    }

    /** A Direct ScaleUp Remediation of StatefulSet db with 2 replicas. */
    Remediation createScaleUp(String name) {
        api.client.resource(new StatefulSetBuilder().withNewMetadata().withName("db").withNamespace(MockApi.NS)
                .endMetadata().withNewSpec().withReplicas(2).withServiceName("db").withNewTemplate().withNewSpec()
                .addNewContainer().withName("app").withImage("registry.example/db:1").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        Remediation r = MockApi.remediation(name, WorkloadKind.StatefulSet, "db", Strategy.Mode.Direct, "24h", T0);
        r.getSpec().getAction().setType("ScaleUp");
        return api.client.resource(r).create();
    }

    Deployment deployment(String name) {
        return api.client.apps().deployments().inNamespace(MockApi.NS).withName(name).get();
    }

    StatefulSet statefulSet(String name) {
        return api.client.apps().statefulSets().inNamespace(MockApi.NS).withName(name).get();
    }

    static String memory(Deployment d, String which) {
        var resources = d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
        Map<String, Quantity> map = which.equals("limits") ? resources.getLimits() : resources.getRequests();
        Quantity q = map == null ? null : map.get("memory");
        return q == null ? null : q.toString();
    }

    RemediationStatus status(String name) {
        return api.get(name).getStatus();
    }

    List<Event> events(String name) {
        return api.events(name);
    }

    /** Plays the workload controllers: writes the status a rollout in some state would have. */
    final class Controller {

        /** The Deployment's rollout: {@code updated} and {@code available} of its replicas, at its generation. */
        void deploymentRollout(String name, int updated, int available, boolean progressDeadlineExceeded) {
            Deployment d = deployment(name);
            api.client.resource(d).editStatus(x -> {
                long gen = x.getMetadata().getGeneration() == null ? 1 : x.getMetadata().getGeneration();
                var status = new io.fabric8.kubernetes.api.model.apps.DeploymentStatus();
                status.setObservedGeneration(gen);
                status.setReplicas(x.getSpec().getReplicas());
                status.setUpdatedReplicas(updated);
                status.setAvailableReplicas(available);
                status.setReadyReplicas(available);
                if (progressDeadlineExceeded) {
                    status.setConditions(List.of(new DeploymentConditionBuilder().withType("Progressing")
                            .withStatus("False").withReason("ProgressDeadlineExceeded")
                            .withMessage("ReplicaSet \"checkout-2\" has timed out progressing.").build()));
                }
                x.setStatus(status);
                return x;
            });
        }

        /** The Deployment's rollout finished: every replica updated and available. */
        void deploymentDone(String name) {
            int replicas = deployment(name).getSpec().getReplicas();
            deploymentRollout(name, replicas, replicas, false);
        }

        /** The StatefulSet's rollout: {@code ready} replicas, revisions equal when {@code done}. */
        void statefulSetRollout(String name, int ready, boolean done) {
            api.client.resource(statefulSet(name)).editStatus(x -> {
                long gen = x.getMetadata().getGeneration() == null ? 1 : x.getMetadata().getGeneration();
                var status = new io.fabric8.kubernetes.api.model.apps.StatefulSetStatus();
                status.setObservedGeneration(gen);
                status.setReplicas(x.getSpec().getReplicas());
                status.setReadyReplicas(ready);
                status.setCurrentRevision("db-1");
                status.setUpdateRevision(done ? "db-1" : "db-2");
                x.setStatus(status);
                return x;
            });
        }
    }

    Controller controller = new Controller();

    @Test
    void increaseMemoryIsPatchedWithItsRollbackRecordAndSucceedsWhenTheRolloutIsDone() {
        createMemory("oom-1");

        reconcile(reconciler(), "oom-1");

        RemediationStatus status = status("oom-1");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(status.getAppliedAt()).isEqualTo(WireFormats.timestamp(T0));
        assertThat(status.getMessage()).startsWith("Patched Deployment shop/checkout: ");
        RollbackRecord record = status.getRollback();
        assertThat(record.getKind()).isEqualTo("Deployment");
        assertThat(record.getNamespace()).isEqualTo(MockApi.NS);
        assertThat(record.getName()).isEqualTo("checkout");
        assertThat(record.getChanges()).extracting(RollbackRecord.Change::getPath, RollbackRecord.Change::getOldValue,
                RollbackRecord.Change::getNewValue).contains(tuple(LIMIT, "512Mi", "640Mi"));
        Deployment live = deployment("checkout");
        assertThat(memory(live, "limits")).isEqualTo("640Mi");
        assertThat(live.getMetadata().getAnnotations()).containsEntry(DirectExecutor.APPLIED_BY_ANNOTATION,
                "shop/oom-1/" + api.get("oom-1").getMetadata().getUid());

        // Nothing new while the rollout is under way.
        controller.deploymentRollout("checkout", 1, 0, false);
        clock.advance(Duration.ofMinutes(2));
        reconcile(reconciler(), "oom-1");
        assertThat(status("oom-1").getPhase()).isEqualTo(RemediationPhase.Applying);

        controller.deploymentDone("checkout");
        reconcile(reconciler(), "oom-1");

        status = status("oom-1");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Succeeded);
        assertThat(status.getMessage()).isEqualTo(
                "The rollout of Deployment shop/checkout finished (1/1 updated, 1/1 available).");
        assertThat(status.getRollback().getChanges()).isNotEmpty();
        assertThat(listener.seen).containsExactly("oom-1: null -> Analyzing (Analyzing)",
                "oom-1: Analyzing -> Applying (Applying)", "oom-1: Applying -> Succeeded (Succeeded)");
    }

    @Test
    void aRolloutPastTheTimeoutIsRolledBackToTheExactPreviousValues() {
        createMemory("oom-2");
        Deployment before = deployment("checkout");
        reconcile(reconciler(), "oom-2");
        controller.deploymentRollout("checkout", 1, 0, false);

        clock.advance(ROLLOUT_TIMEOUT.minusSeconds(1));
        reconcile(reconciler(), "oom-2");
        assertThat(status("oom-2").getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(memory(deployment("checkout"), "limits")).isEqualTo("640Mi");

        clock.advance(Duration.ofSeconds(1));
        reconcile(reconciler(), "oom-2");

        RemediationStatus status = status("oom-2");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
        assertThat(status.getMessage()).startsWith("Rolled back because the rollout of Deployment shop/checkout did "
                + "not finish within 10m of " + WireFormats.timestamp(T0))
                .contains("restored Deployment shop/checkout " + LIMIT + "=512Mi");
        Deployment after = deployment("checkout");
        assertThat(memory(after, "limits")).isEqualTo(memory(before, "limits")).isEqualTo("512Mi");
        assertThat(memory(after, "requests")).isEqualTo(memory(before, "requests"));
        for (RollbackRecord.Change c : status.getRollback().getChanges()) {
            assertThat(FieldPaths.get(treeOf(after), c.getPath())).as(c.getPath())
                    .isEqualTo(FieldPaths.get(treeOf(before), c.getPath()));
        }
        assertThat(after.getMetadata().getAnnotations()).doesNotContainKeys(DirectExecutor.APPLIED_BY_ANNOTATION,
                DirectExecutor.ROLLBACK_ANNOTATION);
        assertThat(events("oom-2")).filteredOn(e -> e.getReason().equals("RolledBack")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("512Mi");
                });
    }

    @Test
    void progressDeadlineExceededRollsBackAtOnce() {
        createMemory("oom-3");
        reconcile(reconciler(), "oom-3");
        controller.deploymentRollout("checkout", 1, 0, true);

        reconcile(reconciler(), "oom-3");

        RemediationStatus status = status("oom-3");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status.getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
        assertThat(status.getMessage()).contains("failed (1/1 updated, 0/1 available, ProgressDeadlineExceeded)");
        assertThat(memory(deployment("checkout"), "limits")).isEqualTo("512Mi");
    }

    @Test
    void aCrashBetweenThePatchAndTheStatusWriteDoesNotPatchASecondTime() {
        createMemory("oom-4");
        // The first reconcile patches the Deployment, then dies before its Applying status reaches the API.
        try {
            reconciler().reconcile(api.get("oom-4"), (original, status) -> {
                if (status.getPhase() == RemediationPhase.Applying) {
                    throw new IllegalStateException("crash");
                }
                return api.client.resource(original).editStatus(r -> {
                    r.setStatus(status);
                    return r;
                });
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("crash");
        }
        Deployment patched = deployment("checkout");
        assertThat(memory(patched, "limits")).isEqualTo("640Mi");
        assertThat(status("oom-4") == null ? null : status("oom-4").getPhase()).isNotEqualTo(RemediationPhase.Applying);

        reconcile(reconciler(), "oom-4");

        RemediationStatus status = status("oom-4");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Applying);
        assertThat(status.getMessage()).contains("already in Deployment shop/checkout");
        Deployment live = deployment("checkout");
        assertThat(live.getMetadata().getResourceVersion()).isEqualTo(patched.getMetadata().getResourceVersion());
        assertThat(memory(live, "limits")).isEqualTo("640Mi");
        assertThat(status.getRollback().getChanges()).extracting(RollbackRecord.Change::getPath,
                RollbackRecord.Change::getOldValue, RollbackRecord.Change::getNewValue)
                .contains(tuple(LIMIT, "512Mi", "640Mi"));
    }

    @Test
    void scaleUpOfAStatefulSetSucceedsWhenItsRevisionIsCurrentAndItsReplicasReady() {
        createScaleUp("scale-1");

        reconcile(reconciler(), "scale-1");

        RemediationStatus status = status("scale-1");
        assertThat(status.getPhase()).isEqualTo(RemediationPhase.Applying);
        int replicas = statefulSet("db").getSpec().getReplicas();
        assertThat(replicas).isGreaterThan(2);
        assertThat(status.getRollback().getKind()).isEqualTo("StatefulSet");
        assertThat(status.getRollback().getChanges()).extracting(RollbackRecord.Change::getPath,
                RollbackRecord.Change::getOldValue, RollbackRecord.Change::getNewValue)
                .containsExactly(tuple("spec.replicas", "2", String.valueOf(replicas)));

        controller.statefulSetRollout("db", replicas, false);
        reconcile(reconciler(), "scale-1");
        assertThat(status("scale-1").getPhase()).isEqualTo(RemediationPhase.Applying);

        controller.statefulSetRollout("db", replicas, true);
        reconcile(reconciler(), "scale-1");
        assertThat(status("scale-1").getPhase()).isEqualTo(RemediationPhase.Succeeded);
    }

    @Test
    void aStatefulSetScaleUpThatTimesOutIsScaledBackToItsReplicaCount() {
        createScaleUp("scale-2");
        reconcile(reconciler(), "scale-2");
        controller.statefulSetRollout("db", 2, false);

        clock.advance(ROLLOUT_TIMEOUT);
        reconcile(reconciler(), "scale-2");

        assertThat(status("scale-2").getReason()).isEqualTo(DirectExecutor.REASON_ROLLED_BACK);
        assertThat(statefulSet("db").getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aWorkloadDeletedDuringTheRolloutFailsWithTargetNotFound() {
        createMemory("oom-5");
        reconcile(reconciler(), "oom-5");
        api.client.apps().deployments().inNamespace(MockApi.NS).withName("checkout").delete();

        reconcile(reconciler(), "oom-5");

        assertThat(status("oom-5").getPhase()).isEqualTo(RemediationPhase.Failed);
        assertThat(status("oom-5").getReason()).isEqualTo(RemediationReconciler.REASON_TARGET_NOT_FOUND);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> treeOf(Object o) {
        return io.fabric8.kubernetes.client.utils.Serialization.jsonMapper().convertValue(o, Map.class);
    }

}
