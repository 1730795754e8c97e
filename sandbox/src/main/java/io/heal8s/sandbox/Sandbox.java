package io.heal8s.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
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
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.heal8s.engine.remediation.Remediation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An in-memory Kubernetes API for running heal8s without a cluster: fabric8's mock server in CRUD mode on loopback,
 * with the Remediation CRD installed and the example workloads of {@code examples/workloads/} created. A sandbox
 * convenience, never part of a production build.
 */
public final class Sandbox implements AutoCloseable {

    /** The namespace of the seeded workloads, and the client's default namespace. */
    public static final String NAMESPACE = "shop";

    /** The files of {@code examples/workloads/}, in the order they are created (the namespace first). */
    static final List<String> WORKLOADS = List.of(
            "00-namespace.yaml", "10-checkout.yaml", "20-orders-db.yaml", "30-frontend-hpa.yaml");

    private static final Duration PORT_RELEASE_TIMEOUT = Duration.ofSeconds(5);

    static final String CRD_RESOURCE = "crds/" + Remediation.CRD_NAME + "-v1.yml";

    private final KubernetesMockServer server;
    private final MockWebServer webServer;
    private final OutageDispatcher dispatcher;
    private final KubernetesClient client;
    private final List<HasMetadata> seeded;

    private Sandbox(KubernetesMockServer server, MockWebServer webServer, OutageDispatcher dispatcher,
            KubernetesClient client, List<HasMetadata> seeded) {
        this.server = server;
        this.webServer = webServer;
        this.dispatcher = dispatcher;
        this.client = client;
        this.seeded = seeded;
    }

    /**
     * Starts the API server on 127.0.0.1 and seeds it.
     *
     * @param port the port to listen on; 0 takes any free port
     */
    // Serialization.jsonMapper() is deprecated, but it is the mapper fabric8's own mock-server extension builds with.
    @SuppressWarnings("deprecation")
    public static Sandbox start(int port) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        MockWebServer webServer = new MockWebServer();
        // The server queues each request before dispatching it; taking one out per dispatch keeps the queue empty.
        OutageDispatcher dispatcher = new OutageDispatcher(new KubernetesMixedDispatcher(responses),
                () -> pollRecorded(webServer));
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                webServer, responses, dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        KubernetesClient client = null;
        try {
            stubLeaderElectionAccessReview(server);
            client = new KubernetesClientBuilder().withConfig(config(server.url("/"))).build();
            installCrd(client);
            List<HasMetadata> seeded = seed(client);
            return new Sandbox(server, webServer, dispatcher, client, seeded);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            server.destroy();
            throw e;
        }
    }

    /** The oldest request the mock server still holds for {@code takeRequest()}, or null when it holds none. */
    static RecordedRequest pollRecorded(MockWebServer webServer) {
        try {
            return webServer.takeRequest(0, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The client's configuration. The operator SDK must not patch status with server-side apply against it (the mock
     * answers 415): {@code withUseSSAToPatchPrimaryResource(false)}.
     */
    static Config config(String masterUrl) {
        // Config.empty(): nothing from the environment, so a kubeconfig on the machine cannot redirect the sandbox.
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withNamespace(NAMESPACE)
                .withHttp2Disable(true)
                // A 503 here is a simulated outage (setApiAvailable): fail at once instead of retrying with back-off
                // for ~20 s, so that tests see the failure while it lasts.
                .withRequestRetryBackoffLimit(0)
                .build();
    }

    /** A client for the sandbox; closed with it. */
    public KubernetesClient client() {
        return client;
    }

    /** The API server's URL, e.g. {@code http://127.0.0.1:41234/}. */
    public String url() {
        return server.url("/");
    }

    public int port() {
        return server.getPort();
    }

    /** The objects created at start-up from {@code examples/workloads/}, in creation order. */
    public List<HasMetadata> seeded() {
        return seeded;
    }

    /**
     * Simulates an outage for tests: while unavailable, every request is answered 503 Service Unavailable (watches
     * already open stay open).
     */
    public void setApiAvailable(boolean available) {
        dispatcher.setAvailable(available);
    }

    public boolean apiAvailable() {
        return dispatcher.available();
    }

    /** A request the mock server still holds for {@code takeRequest()}; null when it forgot them all, as it should. */
    RecordedRequest pollRecorded() {
        return pollRecorded(webServer);
    }

    /**
     * Closes the client and stops the server, releasing the port: the mock server's shutdown returns before vert.x has
     * closed its listening socket, so this waits (a few seconds at most) until the port can be bound again, for a
     * sandbox restarted on a fixed port.
     */
    @Override
    public void close() {
        int port = port();
        try {
            client.close();
        } finally {
            server.destroy();
            awaitPortReleased(port, PORT_RELEASE_TIMEOUT);
        }
    }

    static boolean awaitPortReleased(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return true;
            } catch (IOException busy) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    // The operator SDK's leader election asks whether it may use leases; the mock would answer 422.
    private static void stubLeaderElectionAccessReview(KubernetesMockServer server) {
        SelfSubjectRulesReview allowed = new SelfSubjectRulesReviewBuilder()
                .withNewSpec().withNamespace(NAMESPACE).endSpec()
                .withNewStatus()
                .addNewResourceRule().addToApiGroups("*").addToResources("*").addToVerbs("*").endResourceRule()
                .withIncomplete(false)
                .endStatus()
                .build();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(HttpURLConnection.HTTP_CREATED, allowed).always();
    }

    private static void installCrd(KubernetesClient client) {
        try (InputStream in = resource(CRD_RESOURCE)) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            client.resource(crd).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<HasMetadata> seed(KubernetesClient client) {
        List<HasMetadata> created = new ArrayList<>();
        Map<String, String> uids = new HashMap<>();
        for (String file : WORKLOADS) {
            try (InputStream in = resource("workloads/" + file)) {
                for (HasMetadata item : client.load(in).items()) {
                    // The mock server assigns its own uids on create: point owner references at the owner's new one.
                    for (OwnerReference owner : item.getMetadata().getOwnerReferences()) {
                        String uid = uids.get(key(owner.getKind(), item.getMetadata().getNamespace(), owner.getName()));
                        if (uid != null) {
                            owner.setUid(uid);
                        }
                    }
                    HasMetadata stored = client.resource(item).create();
                    uids.put(key(stored.getKind(), stored.getMetadata().getNamespace(), stored.getMetadata().getName()),
                            stored.getMetadata().getUid());
                    created.add(stored);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(created);
    }

    private static String key(String kind, String namespace, String name) {
        return kind + "/" + namespace + "/" + name;
    }

    private static InputStream resource(String name) {
        InputStream in = Sandbox.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the sandbox build did not copy " + name + " onto the class path");
        }
        return in;
    }
}
