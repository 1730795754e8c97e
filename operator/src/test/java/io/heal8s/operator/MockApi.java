package io.heal8s.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.heal8s.engine.playbook.Strategy;
import io.heal8s.engine.playbook.WorkloadKind;
import io.heal8s.engine.remediation.AlertInfo;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationAction;
import io.heal8s.engine.remediation.RemediationLabels;
import io.heal8s.engine.remediation.RemediationSpec;
import io.heal8s.engine.remediation.RemediationStrategy;
import io.heal8s.engine.remediation.TargetResource;
import io.heal8s.engine.remediation.WireFormats;
import io.heal8s.sandbox.OutageDispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The Kubernetes API for operator tests: fabric8's mock server in CRUD mode with the Remediation CRD from
 * {@code crds/}, the leader-election access review stubbed, a switch that answers 503 to chosen requests, and
 * strategic merge patches served ({@link StrategicMergeDispatcher}).
 */
final class MockApi implements AutoCloseable {

    static final String NS = "shop";

    final KubernetesMockServer server;
    final KubernetesClient client;
    private final OutageDispatcher dispatcher;
    private final RefusingDispatcher refusing;

    private MockApi(KubernetesMockServer server, OutageDispatcher dispatcher, RefusingDispatcher refusing,
            KubernetesClient client) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.refusing = refusing;
        this.client = client;
    }

    // Serialization.jsonMapper() is deprecated, but it is the mapper fabric8's own mock-server extension builds with.
    @SuppressWarnings("deprecation")
    static MockApi start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        OutageDispatcher dispatcher = new OutageDispatcher(new KubernetesMixedDispatcher(responses), () -> { });
        RefusingDispatcher refusing = new RefusingDispatcher(new StrategicMergeDispatcher(dispatcher));
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), responses, refusing, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(HttpURLConnection.HTTP_CREATED, new SelfSubjectRulesReviewBuilder()
                        .withNewSpec().withNamespace(NS).endSpec()
                        .withNewStatus()
                        .addNewResourceRule().addToApiGroups("*").addToResources("*").addToVerbs("*")
                        .endResourceRule()
                        .withIncomplete(false)
                        .endStatus()
                        .build())
                .always();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(server.url("/"))
                .withNamespace(NS)
                .withHttp2Disable(true)
                // One attempt per call: a 503 must reach the operator, whose own back-off is under test.
                .withRequestRetryBackoffLimit(0)
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        MockApi api = new MockApi(server, dispatcher, refusing, client);
        try (InputStream crd = Files.newInputStream(Path.of("../crds/remediations.k8shealer.k8s-healer.io-v1.yml"))) {
            client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
                    .create();
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException(e);
        }
        client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        return api;
    }

    /** Answers 503 to every request that matches, until {@link #heal()}; returns a counter of those answers. */
    AtomicInteger fail(Predicate<RecordedRequest> which) {
        return dispatcher.fail(which);
    }

    void heal() {
        dispatcher.fail(null);
        refusing.stopRefusing();
    }

    /**
     * Answers {@code code} with a {@code Status} of this reason and message to every request that matches, until
     * {@link #heal()}; returns a counter of those answers.
     */
    AtomicInteger refuse(Predicate<RecordedRequest> which, int code, String reason, String message) {
        return refusing.refuse(which, code, reason, message);
    }

    /** A PATCH of the object at {@code /.../<plural>/<name>} (any API group). */
    static Predicate<RecordedRequest> patchOf(String plural, String name) {
        return request -> "PATCH".equals(request.getMethod()) && request.getPath() != null
                && request.getPath().split("\\?")[0].endsWith("/" + plural + "/" + name);
    }

    /** A Deployment with one ReplicaSet and one Pod, owned as a Deployment controller owns them. */
    void deploymentWithPod(String deployment, String replicaSet, String pod) {
        HasMetadata d = client.resource(deploymentWithMemory(deployment, "512Mi")).create();
        HasMetadata rs = client.resource(new ReplicaSetBuilder().withNewMetadata().withName(replicaSet)
                .withNamespace(NS).withOwnerReferences(owner(d)).endMetadata().build()).create();
        client.resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace(NS)
                .withOwnerReferences(owner(rs)).endMetadata().build()).create();
    }

    /** A Deployment whose container {@code app} has a memory limit of 512Mi, so an IncreaseMemory changes it. */
    void deployment(String name) {
        deployment(name, "512Mi");
    }

    /** A Deployment whose container {@code app} has the given memory limit. */
    void deployment(String name, String memoryLimit) {
        client.resource(deploymentWithMemory(name, memoryLimit)).create();
    }

    /** Plays the Deployment controller at the end of a rollout: every replica updated and available. */
    void deploymentRolledOut(String name) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
        client.resource(d).editStatus(x -> {
            int replicas = x.getSpec().getReplicas() == null ? 1 : x.getSpec().getReplicas();
            var status = new io.fabric8.kubernetes.api.model.apps.DeploymentStatus();
            status.setObservedGeneration(x.getMetadata().getGeneration() == null ? 1L : x.getMetadata().getGeneration());
            status.setReplicas(replicas);
            status.setUpdatedReplicas(replicas);
            status.setAvailableReplicas(replicas);
            status.setReadyReplicas(replicas);
            x.setStatus(status);
            return x;
        });
    }

    static Deployment deploymentWithMemory(String name, String memoryLimit) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(1).withNewTemplate().withNewSpec()
                .addNewContainer().withName("app").withImage("registry.example/" + name + ":1")
                .withNewResources().addToLimits("memory", new Quantity(memoryLimit))
                .addToRequests("memory", new Quantity(memoryLimit)).endResources()
                .endContainer()
                .endSpec().endTemplate().endSpec()
                .build();
    }

    /** Creates a Remediation of {@code target}, decided at {@code decidedAt}, with the given strategy. */
    Remediation createRemediation(String name, WorkloadKind kind, String target, Strategy.Mode mode, String ttl,
            Instant decidedAt) {
        return client.resource(remediation(name, kind, target, mode, ttl, decidedAt)).create();
    }

    static Remediation remediation(String name, WorkloadKind kind, String target, Strategy.Mode mode, String ttl,
            Instant decidedAt) {
        Remediation r = new Remediation();
        r.getMetadata().setName(name);
        r.getMetadata().setNamespace(NS);
        r.getMetadata().setAnnotations(new HashMap<>(Map.of(RemediationLabels.DECIDED_AT,
                WireFormats.timestamp(decidedAt))));
        RemediationSpec spec = new RemediationSpec();
        AlertInfo alert = new AlertInfo();
        alert.setName("KubePodOOMKilled");
        alert.setFingerprint("fp-" + name);
        spec.setAlert(alert);
        TargetResource t = new TargetResource();
        t.setKind(kind);
        t.setName(target);
        t.setNamespace(NS);
        t.setContainer("app");
        spec.setTarget(t);
        RemediationAction action = new RemediationAction();
        action.setType("IncreaseMemory");
        spec.setAction(action);
        RemediationStrategy strategy = new RemediationStrategy();
        strategy.setMode(mode);
        strategy.setTtl(ttl);
        spec.setStrategy(strategy);
        r.setSpec(spec);
        return r;
    }

    Remediation get(String name) {
        return client.resources(Remediation.class).inNamespace(NS).withName(name).get();
    }

    List<Event> events(String remediation) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> remediation.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    static OwnerReference owner(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.destroy();
        }
    }
}
