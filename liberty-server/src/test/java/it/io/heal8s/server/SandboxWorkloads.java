package it.io.heal8s.server;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Workloads and OOM alerts the alert ITs make in the sandbox, each IT with a Deployment of its own. */
final class SandboxWorkloads {

    static final String NAMESPACE = "shop";

    private SandboxWorkloads() {
    }

    /**
     * Deployment {@code name} (container {@code app}, memory limit 256Mi) with ReplicaSet {@code name-5c7d9f} and
     * {@code pods} Pods named by {@link #pod}, owned as a Deployment controller would own them.
     */
    static void deploymentWithPods(KubernetesClient client, String name, int pods) {
        Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(pods).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("example/app:1")
                .withNewResources().addToLimits("memory", new Quantity("256Mi")).endResources().endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(NAMESPACE).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name + "-5c7d9f").withNamespace(NAMESPACE)
                .withOwnerReferences(owner("Deployment", name, deployment.getMetadata().getUid()))
                .endMetadata().withNewSpec().withReplicas(pods).endSpec().build()).create();
        for (int i = 0; i < pods; i++) {
            client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                    .withNewMetadata().withName(pod(name, i)).withNamespace(NAMESPACE).addToLabels("app", name)
                    .withOwnerReferences(owner("ReplicaSet", replicaSet.getMetadata().getName(),
                            replicaSet.getMetadata().getUid()))
                    .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("example/app:1")
                    .endContainer().endSpec().build()).create();
        }
    }

    /** The name of pod {@code i} of {@link #deploymentWithPods}. */
    static String pod(String deployment, int i) {
        return deployment + "-5c7d9f-p" + i;
    }

    /** A webhook payload with one firing KubePodOOMKilled alert for container {@code app} of {@code pod}. */
    static String oomPayload(String pod, String fingerprint, String startsAt) {
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"KubePodOOMKilled\\"}","status":"firing",
                 "receiver":"heal8s","groupLabels":{"alertname":"KubePodOOMKilled"},
                 "commonLabels":{"alertname":"KubePodOOMKilled","severity":"critical"},"commonAnnotations":{},
                 "externalURL":"http://alertmanager.example","alerts":[{"status":"firing",
                 "labels":{"alertname":"KubePodOOMKilled","severity":"critical","namespace":"%s","pod":"%s",
                           "container":"app"},
                 "annotations":{},"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z",
                 "generatorURL":"http://prometheus.example/graph","fingerprint":"%s"}]}
                """.formatted(NAMESPACE, pod, startsAt, fingerprint);
    }

    private static OwnerReference owner(String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(kind).withName(name).withUid(uid)
                .withController(true).build();
    }
}
