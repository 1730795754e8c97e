package io.heal8s.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.heal8s.engine.action.ActionResult;
import io.heal8s.engine.action.ContainerResources;
import io.heal8s.engine.action.ExpandVolume;
import io.heal8s.engine.action.FieldChange;
import io.heal8s.engine.action.HpaState;
import io.heal8s.engine.action.IncreaseCpu;
import io.heal8s.engine.action.IncreaseMemory;
import io.heal8s.engine.action.PatchTarget;
import io.heal8s.engine.action.ReplicaState;
import io.heal8s.engine.action.Revision;
import io.heal8s.engine.action.RevisionHistory;
import io.heal8s.engine.action.RollbackImage;
import io.heal8s.engine.action.RolloutRestart;
import io.heal8s.engine.action.ScaleUp;
import io.heal8s.engine.action.VolumeState;
import io.heal8s.engine.playbook.ActionType;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each action against fabric8's CRUD mock server: the result equals what the calculator gives for the numbers the
 * objects hold, and every missing object is named.
 */
@EnableKubernetesMockClient(crud = true)
class LiveActionsTest {

    static final String NS = "shop";
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    KubernetesClient client;
    LiveActions live;

    @BeforeEach
    void setUp() {
        live = new LiveActions(client, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    // --- IncreaseMemory, IncreaseCPU

    @Test
    void increaseMemoryReadsTheNamedContainerOfADeploymentAndTakesTextParams() {
        create(deployment("checkout", 2, container("app", "v1", "512Mi", "256Mi", null, null),
                container("sidecar", "s1", "64Mi", "64Mi", null, null)));

        ActionResult result = live.compute(ActionType.IncreaseMemory, Map.of("percent", "25", "max", "2Gi"),
                ref(WorkloadKind.Deployment, "checkout", "app"));

        assertThat(result).isEqualTo(IncreaseMemory.withParams(Map.of("percent", "25", "max", "2Gi"))
                .apply(ContainerResources.memory("app", "512Mi", "256Mi")));
        assertThat(result.changes()).contains(new FieldChange(
                "spec.template.spec.containers[name=app].resources.limits.memory", "512Mi", "640Mi"));
        assertThat(result.patch().target()).isEqualTo(PatchTarget.WORKLOAD);
    }

    @Test
    void typedParamsGiveTheSameResultAsTheirText() {
        create(deployment("checkout", 2, container("app", "v1", "512Mi", null, null, null)));
        WorkloadRef ref = ref(WorkloadKind.Deployment, "checkout", "app");

        assertThat(live.compute(ActionType.IncreaseMemory, Map.of("percent", 50), ref))
                .isEqualTo(live.compute(ActionType.IncreaseMemory, Map.of("percent", "50"), ref));
    }

    @Test
    void increaseCpuTakesTheOnlyContainerOfAStatefulSetWhenNoneIsNamed() {
        create(statefulSet("orders-db", 1, container("postgres", "pg:16", null, null, "500m", "250m")));

        ActionResult result = live.compute(ActionType.IncreaseCPU, Map.of(),
                ref(WorkloadKind.StatefulSet, "orders-db", ""));

        assertThat(result).isEqualTo(IncreaseCpu.withParams(Map.of())
                .apply(ContainerResources.cpu("postgres", "500m", "250m")));
        assertThat(result.changed()).isTrue();
    }

    @Test
    void increaseMemoryOnADaemonSetContainerWithoutResourcesStartsFromTheDefault() {
        create(daemonSet("log-agent", container("agent", "fluent:1", null, null, null, null)));

        ActionResult result = live.compute(ActionType.IncreaseMemory, Map.of("default", "128Mi"),
                ref(WorkloadKind.DaemonSet, "log-agent", "agent"));

        assertThat(result).isEqualTo(IncreaseMemory.withParams(Map.of("default", "128Mi"))
                .apply(ContainerResources.memory("agent", null, null)));
    }

    @Test
    void severalContainersAndNoNameIsAnErrorListingTheChoices() {
        create(deployment("checkout", 2, container("app", "v1", "512Mi", null, null, null),
                container("sidecar", "s1", "64Mi", null, null, null)));

        assertThatThrownBy(() -> live.compute(ActionType.IncreaseMemory, Map.of(),
                ref(WorkloadKind.Deployment, "checkout", "")))
                .isInstanceOf(LiveActionException.class)
                .hasMessage("Deployment shop/checkout has 2 containers (app, sidecar) and the remediation names none:"
                        + " its target must name the container to change");
    }

    @Test
    void anUnknownContainerIsAnErrorListingTheChoices() {
        create(deployment("checkout", 2, container("app", "v1", "512Mi", null, null, null)));

        assertThatThrownBy(() -> live.compute(ActionType.IncreaseCPU, Map.of(),
                ref(WorkloadKind.Deployment, "checkout", "web")))
                .isInstanceOf(LiveActionException.class)
                .hasMessage("Deployment shop/checkout has no container 'web' in spec.template.spec.containers;"
                        + " its containers are app");
    }

    // --- ScaleUp
    @ParameterizedTest
    @EnumSource(value = WorkloadKind.class, names = {"Deployment", "StatefulSet", "DaemonSet"})
    void everyPodTemplateKindFeedsBothResourceCalculatorsAndTheRestart(WorkloadKind kind) {
        Container app = container("app", "v1", "1Gi", "512Mi", "1", "500m");
        create(switch (kind) {
            case Deployment -> deployment("web", 2, app);
            case StatefulSet -> statefulSet("web", 2, app);
            default -> daemonSet("web", app);
        });
        WorkloadRef ref = ref(kind, "web", "app");
        Map<String, String> params = Map.of("percent", "50", "max", "4Gi");

        assertThat(live.compute(ActionType.IncreaseMemory, params, ref)).isEqualTo(IncreaseMemory
                .withParams(Map.copyOf(params)).apply(ContainerResources.memory("app", "1Gi", "512Mi")));
        assertThat(live.compute(ActionType.IncreaseCPU, Map.of("percent", "50"), ref)).isEqualTo(IncreaseCpu
                .withParams(Map.of("percent", "50")).apply(ContainerResources.cpu("app", "1", "500m")));
        assertThat(live.compute(ActionType.RolloutRestart, Map.of(), ref))
                .isEqualTo(RolloutRestart.withClock(Clock.fixed(NOW, ZoneOffset.UTC)).apply(null));
    }

    @Test
    void scaleUpReadsAStatefulSetsReplicas() {
        create(statefulSet("orders-db", 2, container("postgres", "pg:16", null, null, null, null)));

        ActionResult result = live.compute(ActionType.ScaleUp, Map.of(), ref(WorkloadKind.StatefulSet, "orders-db", ""));

        assertThat(result).isEqualTo(ScaleUp.withParams(Map.of()).apply(ReplicaState.of(2)));
        assertThat(result.changes()).containsExactly(new FieldChange("spec.replicas", "2", "3"));
    }


    @Test
    void scaleUpReadsADeploymentsReplicasWhenNoHpaScalesIt() {
        create(deployment("checkout", 3, container("app", "v1", null, null, null, null)));
        // An HPA for another workload is not this one's.
        create(hpa("other", "Deployment", "cart", 2, 4, 4, 4));

        ActionResult result = live.compute(ActionType.ScaleUp, Map.of("maxReplicas", "8"),
                ref(WorkloadKind.Deployment, "checkout", ""));

        assertThat(result).isEqualTo(ScaleUp.withParams(Map.of("maxReplicas", "8")).apply(ReplicaState.of(3)));
        assertThat(result.changes()).containsExactly(new FieldChange("spec.replicas", "3", "5"));
        assertThat(result.patch().target()).isEqualTo(PatchTarget.WORKLOAD);
    }

    @Test
    void scaleUpRaisesTheMaximumOfAnHpaAtItsMaximum() {
        create(statefulSet("orders-db", 4, container("postgres", "pg:16", null, null, null, null)));
        create(hpa("orders-db", "StatefulSet", "orders-db", 2, 4, 4, 4));

        WorkloadRef ref = ref(WorkloadKind.StatefulSet, "orders-db", "");
        ActionResult result = live.compute(ActionType.ScaleUp, Map.of(), ref);

        assertThat(result).isEqualTo(ScaleUp.withParams(Map.of())
                .apply(new ReplicaState(4, new HpaState("orders-db", 2, 4, 4, 4))));
        assertThat(result.changes()).containsExactly(new FieldChange("spec.maxReplicas", "4", "6"));
        assertThat(result.patch().target()).isEqualTo(PatchTarget.HORIZONTAL_POD_AUTOSCALER);
        assertThat(live.autoscalerOf(ref)).contains("orders-db");
    }

    @Test
    void scaleUpLeavesAnHpaBelowItsMaximumAlone() {
        create(deployment("checkout", 3, container("app", "v1", null, null, null, null)));
        create(hpa("checkout", "Deployment", "checkout", 1, 6, 3, 5));

        ActionResult result = live.compute(ActionType.ScaleUp, Map.of(), ref(WorkloadKind.Deployment, "checkout", ""));

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo("HPA still scaling: 3 replicas, desired 5, maxReplicas 6");
    }

    @Test
    void twoHpasForOneWorkloadAreAnError() {
        create(deployment("checkout", 3, container("app", "v1", null, null, null, null)));
        create(hpa("checkout-a", "Deployment", "checkout", 1, 6, 6, 6));
        create(hpa("checkout-b", "Deployment", "checkout", 1, 6, 6, 6));

        assertThatThrownBy(() -> live.compute(ActionType.ScaleUp, Map.of(),
                ref(WorkloadKind.Deployment, "checkout", "")))
                .isInstanceOf(LiveActionException.class)
                .hasMessageStartingWith("more than one HorizontalPodAutoscaler scales Deployment shop/checkout:"
                        + " checkout-a, checkout-b");
    }

    // --- RolloutRestart

    @Test
    void rolloutRestartReplacesTheTemplatesRestartedAtAnnotation() {
        Deployment d = deployment("checkout", 2, container("app", "v1", null, null, null, null));
        d.getSpec().getTemplate().getMetadata().setAnnotations(Map.of(RolloutRestart.ANNOTATION,
                "2026-11-20T08:00:00Z"));
        create(d);

        ActionResult result = live.compute(ActionType.RolloutRestart, Map.of(),
                ref(WorkloadKind.Deployment, "checkout", ""));

        assertThat(result).isEqualTo(RolloutRestart.withClock(Clock.fixed(NOW, ZoneOffset.UTC))
                .apply("2026-11-20T08:00:00Z"));
        assertThat(result.changes()).containsExactly(new FieldChange(
                "spec.template.metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]", "2026-11-20T08:00:00Z",
                "2026-11-26T12:00:00Z"));
    }

    @Test
    void rolloutRestartAddsTheAnnotationToADaemonSetWithoutOne() {
        create(daemonSet("log-agent", container("agent", "fluent:1", null, null, null, null)));

        ActionResult result = live.compute(ActionType.RolloutRestart, null,
                ref(WorkloadKind.DaemonSet, "log-agent", ""));

        assertThat(result.changes()).singleElement().satisfies(c -> assertThat(c.isAddition()).isTrue());
    }

    @Test
    void rolloutRestartRefusesParameters() {
        assertThatThrownBy(() -> live.compute(ActionType.RolloutRestart, Map.of("percent", "10"),
                ref(WorkloadKind.Deployment, "checkout", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RolloutRestart has no parameter 'percent'");
    }

    // --- RollbackImage

    @Test
    void rollbackSkipsAnUnhealthyRevisionToTheLastHealthyOne() {
        Deployment d = deployment("checkout", 3, container("app", "checkout:3", null, null, null, null),
                container("sidecar", "proxy:1", null, null, null, null));
        d.getMetadata().setAnnotations(Map.of(LiveActions.REVISION_ANNOTATION, "3"));
        Deployment created = create(d);
        // Revision 1 still serves (the rollout to 2 never completed), 2 never became available, 3 is current.
        ReplicaSet rs1 = create(replicaSet(created, "checkout-1111", 1, "checkout:1", 2));
        ReplicaSet rs2 = create(replicaSet(created, "checkout-2222", 2, "checkout:2", 0));
        ReplicaSet rs3 = create(replicaSet(created, "checkout-3333", 3, "checkout:3", 1));
        // A ReplicaSet of the same labels that another Deployment controls is not in the history.
        Deployment other = create(deployment("checkout-canary", 1, container("app", "canary", null, null, null, null)));
        create(replicaSet(other, "checkout-canary-9999", 4, "checkout:canary", 1));

        ActionResult result = live.compute(ActionType.RollbackImage, Map.of(),
                ref(WorkloadKind.Deployment, "checkout", ""));

        RevisionHistory expected = new RevisionHistory(List.of(
                revision(1, "checkout:1", true, rs1, "ReplicaSet checkout-1111"),
                revision(2, "checkout:2", false, rs2, "ReplicaSet checkout-2222"),
                revision(3, "checkout:3", true, rs3, "ReplicaSet checkout-3333")), 3);
        assertThat(result).isEqualTo(RollbackImage.withParams(Map.of()).apply(expected));
        assertThat(result.changes()).containsExactly(new FieldChange(
                "spec.template.spec.containers[name=app].image", "checkout:3", "checkout:1"));
        assertThat(result.patch().target()).isEqualTo(PatchTarget.WORKLOAD);
    }

    @Test
    void withoutTheDeploymentsAnnotationTheHighestRevisionIsCurrent() {
        Deployment created = create(deployment("checkout", 2, container("app", "checkout:2", null, null, null, null)));
        create(replicaSet(created, "checkout-1111", 1, "checkout:1", 1));
        create(replicaSet(created, "checkout-2222", 2, "checkout:2", 0));

        ActionResult result = live.compute(ActionType.RollbackImage, Map.of(),
                ref(WorkloadKind.Deployment, "checkout", ""));

        assertThat(result.reason()).isEqualTo("images of revision 1, the newest healthy revision before 2");
    }

    @Test
    void theOldImagesAreThePodTemplatesEvenBeforeTheControllerCatchesUp() {
        // Someone set checkout:4 a moment ago; the controller has not made its ReplicaSet yet.
        Deployment d = deployment("checkout", 2, container("app", "checkout:4", null, null, null, null),
                container("sidecar", "proxy:1", null, null, null, null));
        d.getMetadata().setAnnotations(Map.of(LiveActions.REVISION_ANNOTATION, "2"));
        Deployment created = create(d);
        create(replicaSet(created, "checkout-1111", 1, "checkout:1", 1));
        create(replicaSet(created, "checkout-2222", 2, "checkout:2", 1));

        ActionResult result = live.compute(ActionType.RollbackImage, Map.of(),
                ref(WorkloadKind.Deployment, "checkout", ""));

        assertThat(result.changes()).containsExactly(new FieldChange(
                "spec.template.spec.containers[name=app].image", "checkout:4", "checkout:1"));
    }

    @Test
    void aRevisionScaledToZeroIsNotProvedHealthy() {
        Deployment created = create(deployment("checkout", 2, container("app", "checkout:2", null, null, null, null)));
        create(replicaSet(created, "checkout-1111", 1, "checkout:1", 0));
        create(replicaSet(created, "checkout-2222", 2, "checkout:2", 2));

        ActionResult result = live.compute(ActionType.RollbackImage, Map.of(),
                ref(WorkloadKind.Deployment, "checkout", ""));

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo("no healthy previous revision");
    }

    @Test
    void aDeploymentWithoutReplicaSetsHasNoHistory() {
        create(deployment("checkout", 2, container("app", "checkout:2", null, null, null, null)));

        assertThatThrownBy(() -> live.compute(ActionType.RollbackImage, Map.of(),
                ref(WorkloadKind.Deployment, "checkout", "")))
                .isInstanceOf(LiveActionException.class)
                .hasMessage("Deployment shop/checkout owns no ReplicaSet with annotation deployment.kubernetes.io/"
                        + "revision, so it has no revision history to roll back in");
    }

    @Test
    void rollbackOfAStatefulSetReadsItsControllerRevisionsAndWhichRunReadyPods() {
        StatefulSet sts = statefulSet("orders-db", 2, container("postgres", "pg:17", null, null, null, null));
        StatefulSet created = create(sts);
        ControllerRevision cr1 = create(controllerRevision(created, "orders-db-aaa", null, 1, "pg:16"));
        ControllerRevision cr2 = create(controllerRevision(created, "orders-db-bbb", null, 2, "pg:17"));
        created.setStatus(new io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder()
                .withReplicas(2).withCurrentRevision("orders-db-aaa").withUpdateRevision("orders-db-bbb").build());
        client.resource(created).updateStatus();
        // The rolling update stopped at orders-db-1, which is not ready; orders-db-0 still runs revision 1.
        create(pod(created, "orders-db-0", "orders-db-aaa", true));
        create(pod(created, "orders-db-1", "orders-db-bbb", false));

        ActionResult result = live.compute(ActionType.RollbackImage, Map.of(),
                ref(WorkloadKind.StatefulSet, "orders-db", ""));

        RevisionHistory expected = new RevisionHistory(List.of(
                revision(1, "pg:16", true, cr1, "ControllerRevision orders-db-aaa"),
                revision(2, "pg:17", false, cr2, "ControllerRevision orders-db-bbb")), 2);
        assertThat(result).isEqualTo(RollbackImage.withParams(Map.of()).apply(expected));
        assertThat(result.changes()).containsExactly(new FieldChange(
                "spec.template.spec.containers[name=postgres].image", "pg:17", "pg:16"));
    }

    @Test
    void rollbackOfADaemonSetMatchesPodsByTheRevisionsHashLabel() {
        DaemonSet created = create(daemonSet("log-agent", container("agent", "fluent:2", null, null, null, null)));
        create(controllerRevision(created, "log-agent-5f6d", "5f6d", 1, "fluent:1"));
        create(controllerRevision(created, "log-agent-7c8e", "7c8e", 2, "fluent:2"));
        create(pod(created, "log-agent-x1", "5f6d", true));

        ActionResult result = live.compute(ActionType.RollbackImage, Map.of(),
                ref(WorkloadKind.DaemonSet, "log-agent", ""));

        assertThat(result.reason()).isEqualTo("images of revision 1, the newest healthy revision before 2");
        assertThat(result.changes()).containsExactly(new FieldChange(
                "spec.template.spec.containers[name=agent].image", "fluent:2", "fluent:1"));
    }

    @Test
    void aStatefulSetWithoutControllerRevisionsHasNoHistory() {
        create(statefulSet("orders-db", 1, container("postgres", "pg:17", null, null, null, null)));

        assertThatThrownBy(() -> live.compute(ActionType.RollbackImage, Map.of(),
                ref(WorkloadKind.StatefulSet, "orders-db", "")))
                .isInstanceOf(LiveActionException.class)
                .hasMessage("StatefulSet shop/orders-db owns no ControllerRevision, so it has no revision history to"
                        + " roll back in");
    }

    @Test
    void aControllerRevisionWithoutAPodTemplateIsNamed() {
        StatefulSet created = create(statefulSet("orders-db", 1, container("postgres", "pg:17", null, null, null,
                null)));
        ControllerRevision empty = controllerRevision(created, "orders-db-aaa", null, 1, "pg:16");
        empty.setData(Map.of("spec", Map.of()));
        create(empty);

        assertThatThrownBy(() -> live.compute(ActionType.RollbackImage, Map.of(),
                ref(WorkloadKind.StatefulSet, "orders-db", "")))
                .isInstanceOf(LiveActionException.class)
                .hasMessage("ControllerRevision shop/orders-db-aaa of StatefulSet shop/orders-db has no"
                        + " data.spec.template");
    }

    // --- ExpandVolume

    @Test
    void expandVolumeWithAnExplicitClassThatAllowsExpansion() {
        create(storageClass("fast", true, false));
        create(claim("data", "fast", "10Gi"));

        ActionResult result = live.compute(ActionType.ExpandVolume, Map.of("max", "50Gi"),
                ref(WorkloadKind.PersistentVolumeClaim, "data", ""));

        assertThat(result).isEqualTo(ExpandVolume.withParams(Map.of("max", "50Gi"))
                .apply(new VolumeState(io.heal8s.engine.action.Quantity.parseMemory("10Gi"), true, "fast")));
        assertThat(result.changes()).containsExactly(
                new FieldChange("spec.resources.requests.storage", "10Gi", "15Gi"));
    }

    @Test
    void expandVolumeWithoutAClassUsesTheClustersDefault() {
        create(storageClass("slow", false, false));
        create(storageClass("standard", true, true));
        create(claim("data", null, "4Gi"));

        ActionResult result = live.compute(ActionType.ExpandVolume, Map.of(),
                ref(WorkloadKind.PersistentVolumeClaim, "data", ""));

        assertThat(result).isEqualTo(ExpandVolume.withParams(Map.of())
                .apply(new VolumeState(io.heal8s.engine.action.Quantity.parseMemory("4Gi"), true, null)));
        assertThat(result.changed()).isTrue();
    }

    @Test
    void expandVolumeChangesNothingWhenTheClassDoesNotAllowExpansion() {
        create(storageClass("slow", false, false));
        create(claim("data", "slow", "4Gi"));

        ActionResult result = live.compute(ActionType.ExpandVolume, Map.of(),
                ref(WorkloadKind.PersistentVolumeClaim, "data", ""));

        assertThat(result.changed()).isFalse();
        assertThat(result.reason()).isEqualTo("StorageClass slow does not allow volume expansion");
    }

    @Test
    void aMissingStorageClassIsNamed() {
        create(claim("data", "gone", "4Gi"));

        assertThatThrownBy(() -> live.compute(ActionType.ExpandVolume, Map.of(),
                ref(WorkloadKind.PersistentVolumeClaim, "data", "")))
                .isInstanceOf(LiveActionException.class)
                .hasMessage("StorageClass gone of PersistentVolumeClaim shop/data does not exist");
    }

    @Test
    void aClaimWithoutAClassInAClusterWithoutADefaultIsAnError() {
        create(storageClass("slow", false, false));
        create(claim("data", null, "4Gi"));

        assertThatThrownBy(() -> live.compute(ActionType.ExpandVolume, Map.of(),
                ref(WorkloadKind.PersistentVolumeClaim, "data", "")))
                .isInstanceOf(LiveActionException.class)
                .hasMessage("PersistentVolumeClaim shop/data names no StorageClass and the cluster has no default one"
                        + " (annotation storageclass.kubernetes.io/is-default-class: \"true\")");
    }

    // --- missing objects and wrong targets

    @Test
    void aMissingWorkloadIsNamedForEveryKind() {
        assertThatThrownBy(() -> live.compute(ActionType.IncreaseMemory, Map.of(),
                ref(WorkloadKind.Deployment, "gone", "app")))
                .isInstanceOf(LiveActionException.class).hasMessage("Deployment shop/gone does not exist");
        assertThatThrownBy(() -> live.compute(ActionType.ScaleUp, Map.of(),
                ref(WorkloadKind.StatefulSet, "gone", "")))
                .isInstanceOf(LiveActionException.class).hasMessage("StatefulSet shop/gone does not exist");
        assertThatThrownBy(() -> live.compute(ActionType.RolloutRestart, Map.of(),
                ref(WorkloadKind.DaemonSet, "gone", "")))
                .isInstanceOf(LiveActionException.class).hasMessage("DaemonSet shop/gone does not exist");
        assertThatThrownBy(() -> live.compute(ActionType.ExpandVolume, Map.of(),
                ref(WorkloadKind.PersistentVolumeClaim, "gone", "")))
                .isInstanceOf(LiveActionException.class)
                .hasMessage("PersistentVolumeClaim shop/gone does not exist");
    }

    @Test
    void anActionForAnotherKindIsRefusedBeforeAnyRead() {
        assertThatThrownBy(() -> live.compute(ActionType.ScaleUp, Map.of(), ref(WorkloadKind.DaemonSet, "x", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ScaleUp cannot change a DaemonSet (it changes Deployment, StatefulSet)");
        assertThatThrownBy(() -> live.compute(ActionType.ExpandVolume, Map.of(), ref(WorkloadKind.Deployment, "x", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ExpandVolume cannot change a Deployment (it changes PersistentVolumeClaim)");
    }

    @Test
    void aBarePodIsRefused() {
        assertThatThrownBy(() -> live.compute(ActionType.IncreaseMemory, Map.of(), ref(WorkloadKind.Pod, "debug", "")))
                .isInstanceOf(LiveActionException.class)
                .hasMessageStartingWith("Pod shop/debug has no controller heal8s can change");
    }

    @Test
    void anUnknownOrMalformedParameterIsRefused() {
        create(deployment("checkout", 2, container("app", "v1", "512Mi", null, null, null)));
        WorkloadRef ref = ref(WorkloadKind.Deployment, "checkout", "app");

        assertThatThrownBy(() -> live.compute(ActionType.IncreaseMemory, Map.of("precent", "25"), ref))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IncreaseMemory has no parameter 'precent'");
        assertThatThrownBy(() -> live.compute(ActionType.IncreaseMemory, Map.of("max", "lots"), ref))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("IncreaseMemory parameter 'max': ");
    }

    // --- builders

    private <T extends HasMetadata> T create(T object) {
        return client.resource(object).create();
    }

    private static WorkloadRef ref(WorkloadKind kind, String name, String container) {
        return new WorkloadRef(kind, NS, name, container);
    }

    private static Container container(String name, String image, String memLimit, String memRequest,
            String cpuLimit, String cpuRequest) {
        Map<String, Quantity> limits = new LinkedHashMap<>();
        Map<String, Quantity> requests = new LinkedHashMap<>();
        if (memLimit != null) {
            limits.put("memory", new Quantity(memLimit));
        }
        if (cpuLimit != null) {
            limits.put("cpu", new Quantity(cpuLimit));
        }
        if (memRequest != null) {
            requests.put("memory", new Quantity(memRequest));
        }
        if (cpuRequest != null) {
            requests.put("cpu", new Quantity(cpuRequest));
        }
        return new ContainerBuilder().withName(name).withImage(image).withNewResources().withLimits(limits)
                .withRequests(requests).endResources().build();
    }

    private static PodTemplateSpec template(String app, Container... containers) {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", app).endMetadata()
                .withNewSpec().withContainers(containers).endSpec().build();
    }

    private static Deployment deployment(String name, int replicas, Container... containers) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "checkout")
                .endSelector().withTemplate(template("checkout", containers)).endSpec().build();
    }

    private static StatefulSet statefulSet(String name, int replicas, Container... containers) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withTemplate(template(name, containers)).endSpec().build();
    }

    private static DaemonSet daemonSet(String name, Container... containers) {
        return new DaemonSetBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withTemplate(template(name, containers)).endSpec().build();
    }

    private static OwnerReference controller(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .build();
    }

    private static ReplicaSet replicaSet(HasMetadata owner, String name, long revision, String image, int available) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app", "checkout").addToAnnotations(LiveActions.REVISION_ANNOTATION, String.valueOf(revision))
                .withOwnerReferences(controller(owner)).endMetadata()
                .withNewSpec().withReplicas(available).withTemplate(template("checkout",
                        container("app", image, null, null, null, null),
                        container("sidecar", "proxy:1", null, null, null, null))).endSpec()
                .withNewStatus().withReplicas(available).withAvailableReplicas(available).withReadyReplicas(available)
                .endStatus().build();
    }

    private static ControllerRevision controllerRevision(HasMetadata owner, String name, String hash, long revision,
            String image) {
        String app = owner.getMetadata().getName();
        Container c = new ContainerBuilder().withName(owner instanceof StatefulSet ? "postgres" : "agent")
                .withImage(image).build();
        // As the controllers store it: a strategic merge patch replacing the pod template.
        Map<String, Object> data = Map.of("spec", Map.of("template", template(app, c), "$patch", "replace"));
        ControllerRevisionBuilder b = new ControllerRevisionBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app", app).withOwnerReferences(controller(owner)).endMetadata()
                .withRevision(revision).withData(data);
        if (hash != null) {
            b.editMetadata().addToLabels(LiveActions.REVISION_HASH_LABEL, hash).endMetadata();
        }
        return b.build();
    }

    private static io.fabric8.kubernetes.api.model.Pod pod(HasMetadata owner, String name, String hash,
            boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("app", owner.getMetadata().getName()).addToLabels(LiveActions.REVISION_HASH_LABEL, hash)
                .withOwnerReferences(controller(owner)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus().build();
    }

    private static Revision revision(long number, String image, boolean healthy, HasMetadata from, String source) {
        Map<String, String> images = new LinkedHashMap<>();
        images.put(from instanceof ControllerRevision cr && cr.getMetadata().getName().startsWith("orders-db")
                ? "postgres" : "app", image);
        if (from instanceof ReplicaSet) {
            images.put("sidecar", "proxy:1");
        }
        return new Revision(number, images, healthy, Instant.parse(from.getMetadata().getCreationTimestamp()),
                source);
    }

    private static HorizontalPodAutoscaler hpa(String name, String kind, String target, int min, int max,
            int current, int desired) {
        return new HorizontalPodAutoscalerBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withNewScaleTargetRef().withApiVersion("apps/v1").withKind(kind).withName(target)
                .endScaleTargetRef().withMinReplicas(min).withMaxReplicas(max).endSpec()
                .withNewStatus().withCurrentReplicas(current).withDesiredReplicas(desired).endStatus().build();
    }

    private static io.fabric8.kubernetes.api.model.storage.StorageClass storageClass(String name, boolean expands,
            boolean isDefault) {
        StorageClassBuilder b = new StorageClassBuilder().withNewMetadata().withName(name).endMetadata()
                .withProvisioner("csi.example.com").withAllowVolumeExpansion(expands);
        if (isDefault) {
            b.editMetadata().addToAnnotations(LiveActions.DEFAULT_CLASS_ANNOTATION, "true").endMetadata();
        }
        return b.build();
    }

    private static io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim(String name, String className,
            String storage) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withStorageClassName(className).withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity(storage)).endResources().endSpec().build();
    }
}
