package io.heal8s.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.styra.opa.wasm.OpaPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Wasm engine against a real OPA-compiled policy: the demo shipped in the opa-java-wasm jar, package
 * {@code opa.wasm.test}, whose {@code allowed} is true when {@code data.role[input.user] == "admin"}. It is not an
 * approval policy, so most tests go through {@link WasmPolicyEngine#evaluateJson} with the demo's entrypoint.
 */
class WasmPolicyEngineTest {

    private static final String DEMO_ENTRYPOINT = "opa/wasm/test/allowed";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] ADMIN_ALICE = "{\"role\": {\"alice\": \"admin\", \"bob\": \"viewer\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private static byte[] demoWasm;

    @TempDir
    Path dir;

    @BeforeAll
    static void readDemoPolicy() throws IOException {
        try (InputStream in = OpaPolicy.class.getResourceAsStream("/demo-policy.wasm")) {
            assertThat(in).as("demo-policy.wasm in the opa-java-wasm jar").isNotNull();
            demoWasm = in.readAllBytes();
        }
    }

    @Test
    void aBundleIsLoadedWithItsDataAndEvaluated() throws Exception {
        Path bundle = write("bundle.tar.gz", bundle(ADMIN_ALICE));

        WasmPolicyEngine engine = new WasmPolicyEngine(bundle, DEMO_ENTRYPOINT);

        assertThat(engine.isLoaded()).isTrue();
        assertThat(engine.lastLoadError()).isEmpty();
        assertThat(allowed(engine, "alice")).isTrue();
        assertThat(allowed(engine, "bob")).isFalse();
        assertThat(allowed(engine, "eve")).isFalse();
    }

    @Test
    void dataJsonInADirectoryIsMergedAtThatPath() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("/.manifest", "{\"revision\":\"\",\"roots\":[\"\"]}".getBytes(StandardCharsets.UTF_8));
        entries.put("/policy.wasm", demoWasm);
        entries.put("/role/data.json", "{\"carol\": \"admin\"}".getBytes(StandardCharsets.UTF_8));
        WasmPolicyEngine engine = new WasmPolicyEngine(write("bundle.tar.gz", TarGz.of(entries)), DEMO_ENTRYPOINT);

        assertThat(allowed(engine, "carol")).isTrue();
    }

    @Test
    void aBareWasmModuleHasNoData() throws Exception {
        WasmPolicyEngine engine = new WasmPolicyEngine(write("policy.wasm", demoWasm), DEMO_ENTRYPOINT);

        assertThat(allowed(engine, "alice")).isFalse();
    }

    @Test
    void anApprovalEvaluationThroughANonApprovalPolicyIsRefusedByTheStrictParser() throws Exception {
        WasmPolicyEngine engine = new WasmPolicyEngine(write("bundle.tar.gz", bundle(ADMIN_ALICE)), DEMO_ENTRYPOINT);

        assertThatThrownBy(() -> engine.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("must be an object with mode, requireApproval and reasons, not boolean false");
        assertThat(new FailSafePolicy(engine).evaluate(ContractExample.input()))
                .satisfies(decision -> {
                    assertThat(decision.mode()).isEqualTo(PolicyMode.GitOps);
                    assertThat(decision.failSafe()).isTrue();
                    assertThat(decision.reasons().get(0)).contains("(opa-wasm)");
                });
    }

    @Test
    void aPolicyWithoutTheEntrypointDoesNotLoadAndSaysWhichItHas() throws Exception {
        WasmPolicyEngine engine = new WasmPolicyEngine(write("policy.wasm", demoWasm), "heal8s/approval/decision");

        assertThat(engine.isLoaded()).isFalse();
        assertThat(engine.lastLoadError()).hasValueSatisfying(error -> assertThat(error)
                .contains("no entrypoint 'heal8s/approval/decision'").contains(DEMO_ENTRYPOINT));
        assertThatThrownBy(() -> engine.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("no Wasm policy is loaded from " + dir.resolve("policy.wasm"));
    }

    @Test
    void aChangedFileIsLoadedOnTheNextEvaluation() throws Exception {
        Path file = write("policy.wasm", demoWasm);
        WasmPolicyEngine engine = new WasmPolicyEngine(file, DEMO_ENTRYPOINT);
        assertThat(allowed(engine, "alice")).isFalse();

        replace(file, bundle(ADMIN_ALICE));

        assertThat(allowed(engine, "alice")).isTrue();
    }

    @Test
    void aBrokenFileKeepsTheLastGoodPolicyAndReportsTheError() throws Exception {
        Path file = write("bundle.tar.gz", bundle(ADMIN_ALICE));
        WasmPolicyEngine engine = new WasmPolicyEngine(file, DEMO_ENTRYPOINT);
        assertThat(allowed(engine, "alice")).isTrue();

        replace(file, "not a policy".getBytes(StandardCharsets.UTF_8));

        assertThat(allowed(engine, "alice")).isTrue();
        assertThat(engine.lastLoadError()).hasValueSatisfying(error ->
                assertThat(error).contains("neither a Wasm module"));

        byte[] truncated = Arrays.copyOf(demoWasm, demoWasm.length / 2);
        replace(file, truncated);

        assertThat(allowed(engine, "alice")).isTrue();
        assertThat(engine.lastLoadError()).isPresent();

        Files.delete(file);

        assertThat(allowed(engine, "alice")).isTrue();
        assertThat(engine.lastLoadError()).hasValue("the file does not exist or cannot be read");

        replace(file, bundle("{\"role\": {\"bob\": \"admin\"}}".getBytes(StandardCharsets.UTF_8)));

        assertThat(allowed(engine, "alice")).isFalse();
        assertThat(allowed(engine, "bob")).isTrue();
        assertThat(engine.lastLoadError()).isEmpty();
    }

    @Test
    void aMissingFileAtStartLoadsOnceItAppears() throws Exception {
        Path file = dir.resolve("later.wasm");
        WasmPolicyEngine engine = new WasmPolicyEngine(file, DEMO_ENTRYPOINT);
        assertThat(engine.isLoaded()).isFalse();
        assertThatThrownBy(() -> engine.evaluateJson(input("alice"))).isInstanceOf(PolicyException.class)
                .hasMessageContaining("does not exist");

        replace(file, bundle(ADMIN_ALICE));

        assertThat(allowed(engine, "alice")).isTrue();
    }

    @Test
    void concurrentEvaluationsEachGetTheirOwnAnswer() throws Exception {
        WasmPolicyEngine engine = new WasmPolicyEngine(write("bundle.tar.gz", bundle(ADMIN_ALICE)), DEMO_ENTRYPOINT);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String user = i % 2 == 0 ? "alice" : "bob";
                answers.add(pool.submit(() -> allowed(engine, user) == user.equals("alice")));
            }
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean allowed(WasmPolicyEngine engine, String user) throws PolicyException {
        JsonNode result = engine.evaluateJson(input(user));
        assertThat(result.isBoolean()).as("result %s", result).isTrue();
        return result.booleanValue();
    }

    private static JsonNode input(String user) {
        return MAPPER.createObjectNode().put("user", user);
    }

    private static byte[] bundle(byte[] dataJson) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("/data.json", dataJson);
        entries.put("/policy.wasm", demoWasm);
        return TarGz.of(entries);
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    // As a mounted volume changes: a new file renamed over the old one, its time different from the last one seen
    // (set explicitly, because two writes within a file system's timestamp resolution may share one).
    private void replace(Path file, byte[] content) throws IOException {
        Path next = Files.write(dir.resolve(file.getFileName() + ".next"), content);
        FileTime previous = Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.from(Instant.EPOCH);
        Files.setLastModifiedTime(next, FileTime.from(previous.toInstant().plusSeconds(1)));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
