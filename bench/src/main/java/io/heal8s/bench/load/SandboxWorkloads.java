package io.heal8s.bench.load;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.heal8s.bench.load.AlertPayloads.PodRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates workloads in the sandbox's Kubernetes API as the controllers would have made them: a Deployment, its
 * ReplicaSet and its Pods, linked by {@code ownerReferences} (Pod → ReplicaSet → Deployment), so that heal8s can
 * follow an alert's pod to the workload that owns it. The mock API assigns its own uids, so each owner is created
 * first and its stored uid referenced.
 */
public final class SandboxWorkloads implements AutoCloseable {

    private final KubernetesClient client;

    /** A client for the API at {@code url} (such as {@code http://127.0.0.1:9281}); nothing from the environment. */
    public SandboxWorkloads(String url) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(0)
                .build();
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The name of the {@code i}-th Deployment; its ReplicaSet and Pods are named after it, as the controllers do. */
    static String workloadName(int i) {
        return String.format("app-%03d", i);
    }

    static String replicaSetName(int i) {
        return workloadName(i) + "-" + String.format("%010x", 0x5c7f9d8b40L + i);
    }

    static String podName(int i, int j) {
        return replicaSetName(i) + "-" + String.format("p%04d", j);
    }

    /** The pods {@link #create} would make, without creating anything. */
    public static List<PodRef> pods(String namespace, int workloads, int podsPerWorkload) {
        List<PodRef> pods = new ArrayList<>(workloads * podsPerWorkload);
        for (int i = 0; i < workloads; i++) {
            for (int j = 0; j < podsPerWorkload; j++) {
                pods.add(new PodRef(namespace, workloadName(i), podName(i, j)));
            }
        }
        return pods;
    }

    /**
     * Creates the namespace and {@code workloads} Deployments with one ReplicaSet and {@code podsPerWorkload} Pods;
     * when the namespace exists already (a second run against the same server), takes them as created.
     */
    public List<PodRef> create(String namespace, int workloads, int podsPerWorkload) {
        if (client.namespaces().withName(namespace).get() != null) {
            return pods(namespace, workloads, podsPerWorkload);
        }
        client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        for (int i = 0; i < workloads; i++) {
            String name = workloadName(i);
            Map<String, String> labels = Map.of("app", name);
            PodSpec podSpec = podSpec(name);
            Deployment deployment = client.resource(new DeploymentBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                    .withNewSpec().withReplicas(podsPerWorkload)
                    .withNewSelector().withMatchLabels(labels).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(podSpec).endTemplate()
                    .endSpec().build()).create();
            ReplicaSet replicaSet = client.resource(new ReplicaSetBuilder()
                    .withNewMetadata().withName(replicaSetName(i)).withNamespace(namespace).withLabels(labels)
                    .withOwnerReferences(owner("apps/v1", "Deployment", name, deployment.getMetadata().getUid()))
                    .endMetadata()
                    .withNewSpec().withReplicas(podsPerWorkload)
                    .withNewSelector().withMatchLabels(labels).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withSpec(podSpec).endTemplate()
                    .endSpec().build()).create();
            for (int j = 0; j < podsPerWorkload; j++) {
                Pod pod = new PodBuilder()
                        .withNewMetadata().withName(podName(i, j)).withNamespace(namespace).withLabels(labels)
                        .withOwnerReferences(owner("apps/v1", "ReplicaSet", replicaSetName(i),
                                replicaSet.getMetadata().getUid()))
                        .endMetadata()
                        .withSpec(podSpec).build();
                client.resource(pod).create();
            }
        }
        return pods(namespace, workloads, podsPerWorkload);
    }

    @Override
    public void close() {
        client.close();
    }

    private static OwnerReference owner(String apiVersion, String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name).withUid(uid)
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static PodSpec podSpec(String container) {
        return new PodSpecBuilder().addNewContainer().withName(container)
                .withImage("ghcr.io/shop/" + container + ":1.0.0")
                .withNewResources()
                .addToLimits("memory", new Quantity("256Mi"))
                .addToRequests("memory", new Quantity("128Mi"))
                .endResources()
                .endContainer().build();
    }
}
