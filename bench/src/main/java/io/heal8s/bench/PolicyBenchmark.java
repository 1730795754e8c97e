package io.heal8s.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.styra.opa.wasm.OpaPolicy;
import com.sun.net.httpserver.HttpServer;
import io.heal8s.engine.policy.PolicyDecision;
import io.heal8s.engine.policy.PolicyException;
import io.heal8s.engine.policy.PolicyInput;
import io.heal8s.engine.policy.RestPolicyEngine;
import io.heal8s.engine.policy.WasmPolicyEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One approval-policy evaluation per engine, on one thread, with the contract's example input: over REST against a
 * local fake OPA that answers a fixed decision (so the figure is the client's and the loopback's cost, not a real
 * policy's), and in process with the Wasm demo policy shipped in opa-java-wasm (a real OPA-compiled policy, small).
 */
@State(Scope.Benchmark)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Dsun.net.httpserver.nodelay=true"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicyBenchmark {

    private static final String DECISION = "{\"result\": {\"mode\": \"GitOps\", \"requireApproval\": true, "
            + "\"reasons\": [\"production changes go through review\"]}}";

    private HttpServer server;
    private ExecutorService serverThreads;
    private RestPolicyEngine rest;
    private WasmPolicyEngine wasm;
    private Path wasmFile;
    private PolicyInput input;
    private JsonNode inputJson;

    @Setup
    public void setUp() throws IOException {
        input = exampleInput();
        inputJson = input.toJsonNode();

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] answer = DECISION.getBytes(StandardCharsets.UTF_8);
        server.createContext("/v1/data/heal8s/approval/decision", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        serverThreads = Executors.newFixedThreadPool(2);
        server.setExecutor(serverThreads);
        server.start();
        rest = new RestPolicyEngine(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                RestPolicyEngine.DEFAULT_PATH, Duration.ofSeconds(2), Optional::empty);

        wasmFile = Files.createTempFile("heal8s-demo-policy", ".wasm");
        try (InputStream in = OpaPolicy.class.getResourceAsStream("/demo-policy.wasm")) {
            if (in == null) {
                throw new IllegalStateException("demo-policy.wasm is not on the class path");
            }
            Files.write(wasmFile, in.readAllBytes());
        }
        wasm = new WasmPolicyEngine(wasmFile, "opa/wasm/test/allowed");
        if (!wasm.isLoaded()) {
            throw new IllegalStateException("the demo policy did not load: " + wasm.lastLoadError().orElse(""));
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        server.stop(0);
        serverThreads.shutdownNow();
        Files.deleteIfExists(wasmFile);
    }

    /** POST to the fake OPA, parse and check the decision. */
    @Benchmark
    public PolicyDecision rest() throws PolicyException {
        return rest.evaluate(input);
    }

    /** The demo policy on the contract's input (it answers false): file check, Wasm evaluation, result set parse. */
    @Benchmark
    public JsonNode wasm() throws PolicyException {
        return wasm.evaluateJson(inputJson);
    }

    /** Building the contract's JSON, which each REST evaluation also pays. */
    @Benchmark
    public String inputToJson() {
        return input.toJson();
    }

    private static PolicyInput exampleInput() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("namespace", "shop");
        labels.put("pod", "checkout-7d9f8b6c5d-9wzmr");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("percent", "25");
        params.put("max", "2Gi");
        return new PolicyInput(
                new PolicyInput.Alert("KubePodOOMKilled", "critical", "5f1c0ab3e2d94c71", labels,
                        Instant.parse("2026-11-26T09:58:00Z")),
                new PolicyInput.Decision("oom-increase-memory", "IncreaseMemory", params, List.of(
                        new PolicyInput.Change("spec.template.spec.containers[checkout].resources.limits.memory",
                                "512Mi", "640Mi", 1.25, true))),
                new PolicyInput.Target("Deployment", "shop", "checkout", "checkout"),
                "prod",
                new PolicyInput.History(0, 1, "Succeeded"),
                Instant.parse("2026-11-26T10:00:00Z"));
    }
}
