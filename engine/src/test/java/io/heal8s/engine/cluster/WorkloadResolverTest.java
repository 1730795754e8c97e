package io.heal8s.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.playbook.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The resolver against fabric8's CRUD mock server: each owner chain, absences, and what the cache saves. */
@EnableKubernetesMockClient(crud = true)
class WorkloadResolverTest {

    static final String NS = "shop";

    KubernetesMockServer server;
    KubernetesClient client;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T12:00:00Z"));
    WorkloadResolver resolver;

    @BeforeEach
    void setUp() {
        resolver = new WorkloadResolver(client, 100, Duration.ofSeconds(5), now::get);
    }

    @Test
    void aDeploymentsPodResolvesThroughItsReplicaSetToTheDeploymentKeepingTheContainer() {
        deploymentWithPod("checkout", "checkout-7d9f8b6c5d", "checkout-7d9f8b6c5d-x2k4q");

        ResolvedWorkload resolved = resolver.resolve(pod("checkout-7d9f8b6c5d-x2k4q", "app")).orElseThrow();

        assertThat(resolved.workload()).isEqualTo(new WorkloadRef(WorkloadKind.Deployment, NS, "checkout", "app"));
        assertThat(resolved.chain()).containsExactly("Pod shop/checkout-7d9f8b6c5d-x2k4q",
                "ReplicaSet shop/checkout-7d9f8b6c5d", "Deployment shop/checkout");
        assertThat(resolved.describe()).isEqualTo(
                "Pod shop/checkout-7d9f8b6c5d-x2k4q → ReplicaSet shop/checkout-7d9f8b6c5d → Deployment shop/checkout");
    }

    @Test
    void aStatefulSetsPodResolvesToTheStatefulSet() {
        HasMetadata sts = client.resource(new StatefulSetBuilder().withNewMetadata().withName("orders-db")
                .withNamespace(NS).endMetadata().build()).create();
        createPod("orders-db-0", owner(sts));

        ResolvedWorkload resolved = resolver.resolve(pod("orders-db-0", "postgres")).orElseThrow();

        assertThat(resolved.workload()).isEqualTo(new WorkloadRef(WorkloadKind.StatefulSet, NS, "orders-db", "postgres"));
        assertThat(resolved.describe()).isEqualTo("Pod shop/orders-db-0 → StatefulSet shop/orders-db");
    }

    @Test
    void aDaemonSetsPodResolvesToTheDaemonSet() {
        HasMetadata ds = client.resource(new DaemonSetBuilder().withNewMetadata().withName("log-agent")
                .withNamespace(NS).endMetadata().build()).create();
        createPod("log-agent-k2x9z", owner(ds));

        assertThat(resolver.resolve(pod("log-agent-k2x9z", "")).orElseThrow().workload())
                .isEqualTo(new WorkloadRef(WorkloadKind.DaemonSet, NS, "log-agent", ""));
    }

    @Test
    void aPodOwnedByNothingResolvesToItself() {
        createPod("debug-shell");

        ResolvedWorkload resolved = resolver.resolve(pod("debug-shell", "sh")).orElseThrow();

        assertThat(resolved.workload()).isEqualTo(pod("debug-shell", "sh"));
        assertThat(resolved.chain()).containsExactly("Pod shop/debug-shell");
    }

    @Test
    void aPodControlledByAKindHeal8sDoesNotActOnResolvesToItself() {
        HasMetadata job = client.resource(new JobBuilder().withNewMetadata().withName("nightly")
                .withNamespace(NS).endMetadata().build()).create();
        createPod("nightly-abcde", owner(job));

        assertThat(resolver.resolve(pod("nightly-abcde", "")).orElseThrow().workload())
                .isEqualTo(pod("nightly-abcde", ""));
    }

    @Test
    void anOwnerReferenceThatIsNotTheControllerIsNotFollowed() {
        HasMetadata sts = client.resource(new StatefulSetBuilder().withNewMetadata().withName("orders-db")
                .withNamespace(NS).endMetadata().build()).create();
        OwnerReference notController = new OwnerReferenceBuilder(owner(sts)).withController(false).build();
        createPod("adopted", notController);

        assertThat(resolver.resolve(pod("adopted", "")).orElseThrow().workload()).isEqualTo(pod("adopted", ""));
    }

    @Test
    void workloadsOfEveryOtherKindResolveToThemselvesWhenTheyExist() {
        deploymentWithPod("cart", "cart-5c8d", "cart-5c8d-aaaaa");
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-orders-db-0")
                .withNamespace(NS).endMetadata().build()).create();

        WorkloadRef deployment = new WorkloadRef(WorkloadKind.Deployment, NS, "cart", "app");
        WorkloadRef pvc = new WorkloadRef(WorkloadKind.PersistentVolumeClaim, NS, "data-orders-db-0", "");
        assertThat(resolver.resolve(deployment).orElseThrow().workload()).isEqualTo(deployment);
        assertThat(resolver.resolve(deployment).orElseThrow().chain()).containsExactly("Deployment shop/cart");
        assertThat(resolver.resolve(pvc).orElseThrow().workload()).isEqualTo(pvc);
        assertThat(resolver.resolve(new WorkloadRef(WorkloadKind.StatefulSet, NS, "cart", ""))).isEmpty();
        assertThat(resolver.resolve(new WorkloadRef(WorkloadKind.DaemonSet, NS, "cart", ""))).isEmpty();
    }

    @Test
    void aMissingPodResolvesToNothing() {
        assertThat(resolver.resolve(pod("gone-12345", "app"))).isEmpty();
    }

    @Test
    void aPodWhoseReplicaSetIsMissingResolvesToNothing() {
        createPod("orphaned-rs-pod", new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("vanished-6f7d").withUid("uid-vanished").withController(true).build());

        assertThat(resolver.resolve(pod("orphaned-rs-pod", ""))).isEmpty();
    }

    @Test
    void aPodWhoseDeploymentIsMissingResolvesToNothing() {
        HasMetadata rs = client.resource(new ReplicaSetBuilder().withNewMetadata().withName("old-6f7d")
                .withNamespace(NS).withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                        .withKind("Deployment").withName("old").withUid("uid-old").withController(true).build())
                .endMetadata().build()).create();
        createPod("old-6f7d-zzzzz", owner(rs));

        assertThat(resolver.resolve(pod("old-6f7d-zzzzz", ""))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secrets/x", "checkout/status", "Checkout", "a b", "", "x?watch=true", "%2e%2e"})
    void aNameNoObjectCanHaveFromAnAlertLabelIsNeverSentToTheApi(String name) {
        int before = server.getRequestCount();

        assertThat(resolver.resolve(pod(name, ""))).isEmpty();
        assertThat(resolver.resolve(new WorkloadRef(WorkloadKind.Deployment, NS, name, ""))).isEmpty();
        assertThat(resolver.resolve(new WorkloadRef(WorkloadKind.Pod, "../kube-system", "p", ""))).isEmpty();
        assertThat(server.getRequestCount()).as("API requests").isEqualTo(before);
    }

    @Test
    void aStormOfAlertsForTheSamePodCostsNoApiCallAfterTheFirst() {
        deploymentWithPod("checkout", "checkout-7d9f8b6c5d", "checkout-7d9f8b6c5d-x2k4q");
        WorkloadRef alerted = pod("checkout-7d9f8b6c5d-x2k4q", "app");
        ResolvedWorkload first = resolver.resolve(alerted).orElseThrow();
        int afterFirst = server.getRequestCount();

        for (int i = 0; i < 1000; i++) {
            assertThat(resolver.resolve(alerted)).contains(first);
        }

        assertThat(server.getRequestCount()).isEqualTo(afterFirst);
    }

    @Test
    void aSecondPodOfTheSameReplicaSetCostsOnlyItsOwnRead() {
        deploymentWithPod("checkout", "checkout-7d9f8b6c5d", "checkout-7d9f8b6c5d-x2k4q");
        HasMetadata rs = client.apps().replicaSets().inNamespace(NS).withName("checkout-7d9f8b6c5d").get();
        createPod("checkout-7d9f8b6c5d-b8n2m", owner(rs));
        resolver.resolve(pod("checkout-7d9f8b6c5d-x2k4q", "app")).orElseThrow();
        int before = server.getRequestCount();

        assertThat(resolver.resolve(pod("checkout-7d9f8b6c5d-b8n2m", "app")).orElseThrow().workload().name())
                .isEqualTo("checkout");

        assertThat(server.getRequestCount() - before).as("GET pod only").isEqualTo(1);
    }

    @Test
    void onceTheExistenceCheckExpiresACachedPodCostsOneReadOfItsWorkload() {
        deploymentWithPod("checkout", "checkout-7d9f8b6c5d", "checkout-7d9f8b6c5d-x2k4q");
        WorkloadRef alerted = pod("checkout-7d9f8b6c5d-x2k4q", "app");
        resolver.resolve(alerted).orElseThrow();
        int before = server.getRequestCount();

        now.set(now.get().plusSeconds(6));
        assertThat(resolver.resolve(alerted)).isPresent();

        assertThat(server.getRequestCount() - before).as("GET deployment only").isEqualTo(1);
    }

    @Test
    void aDeletedDeploymentIsNoticedOnceItsExistenceExpires() {
        deploymentWithPod("checkout", "checkout-7d9f8b6c5d", "checkout-7d9f8b6c5d-x2k4q");
        WorkloadRef alerted = pod("checkout-7d9f8b6c5d-x2k4q", "app");
        resolver.resolve(alerted).orElseThrow();

        client.apps().deployments().inNamespace(NS).withName("checkout").delete();
        now.set(now.get().plusSeconds(6));

        assertThat(resolver.resolve(alerted)).isEmpty();
    }

    @Test
    void anAbsenceIsNotCached() {
        WorkloadRef later = pod("later-1", "");
        assertThat(resolver.resolve(later)).isEmpty();

        createPod("later-1");

        assertThat(resolver.resolve(later)).isPresent();
    }

    @Test
    void theCacheIsBoundedAndForgetsTheLeastRecentlyUsedPod() {
        WorkloadResolver small = new WorkloadResolver(client, 2, Duration.ofSeconds(5), now::get);
        HasMetadata sts = client.resource(new StatefulSetBuilder().withNewMetadata().withName("web")
                .withNamespace(NS).endMetadata().build()).create();
        for (String name : List.of("web-0", "web-1", "web-2")) {
            createPod(name, owner(sts));
            small.resolve(pod(name, "")).orElseThrow();
        }
        int before = server.getRequestCount();

        small.resolve(pod("web-2", "")).orElseThrow();
        assertThat(server.getRequestCount()).as("web-2 is still cached").isEqualTo(before);
        small.resolve(pod("web-0", "")).orElseThrow();
        assertThat(server.getRequestCount()).as("web-0 was evicted: read again").isGreaterThan(before);
    }

    private void deploymentWithPod(String deployment, String replicaSet, String pod) {
        HasMetadata d = client.resource(new DeploymentBuilder().withNewMetadata().withName(deployment)
                .withNamespace(NS).endMetadata().build()).create();
        HasMetadata rs = client.resource(new ReplicaSetBuilder().withNewMetadata().withName(replicaSet)
                .withNamespace(NS).withOwnerReferences(owner(d)).endMetadata().build()).create();
        createPod(pod, owner(rs));
    }

    private void createPod(String name, OwnerReference... owners) {
        client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withOwnerReferences(owners).endMetadata().build()).create();
    }

    static OwnerReference owner(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    static WorkloadRef pod(String name, String container) {
        return new WorkloadRef(WorkloadKind.Pod, NS, name, container);
    }
}
