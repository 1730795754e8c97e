package io.heal8s.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.config.PolicySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEnginesTest {

    @TempDir
    Path dir;

    @Test
    void noEngineGivesTheUnconfiguredFailSafe() {
        FailSafePolicy policy = PolicyEngines.create(PolicySettings.fromMap(Map.of()));

        assertThat(policy.engine()).isEmpty();
        assertThat(policy.evaluate(ContractExample.input()).reasons())
                .containsExactly(FailSafePolicy.NOT_CONFIGURED_REASON);
    }

    @Test
    void restAsksTheConfiguredServerWithTheTokenFromItsFile() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "abc\n");
        try (FakeOpaServer opa = new FakeOpaServer()) {
            FailSafePolicy policy = PolicyEngines.create(PolicySettings.fromMap(Map.of(
                    PolicySettings.ENGINE, "rest", PolicySettings.REST_URL, opa.url().toString(),
                    PolicySettings.REST_TOKEN_FILE, token.toString(), PolicySettings.TIMEOUT, "1s")));

            PolicyDecision decision = policy.evaluate(ContractExample.input());

            assertThat(policy.engine()).containsInstanceOf(RestPolicyEngine.class);
            assertThat(decision.source()).isEqualTo("opa-rest");
            assertThat(decision.failSafe()).isFalse();
            assertThat(opa.requests()).singleElement()
                    .satisfies(request -> assertThat(request.authorization()).isEqualTo("Bearer abc"));
        }
    }

    @Test
    void wasmWithAFileNotThereYetFailsSafeRatherThanRefusingToStart() {
        FailSafePolicy policy = PolicyEngines.create(PolicySettings.fromMap(Map.of(
                PolicySettings.ENGINE, "wasm", PolicySettings.WASM_FILE, dir.resolve("missing.wasm").toString())));

        PolicyDecision decision = policy.evaluate(ContractExample.input());

        assertThat(policy.engine()).containsInstanceOf(WasmPolicyEngine.class);
        assertThat(decision.mode()).isEqualTo(PolicyMode.GitOps);
        assertThat(decision.failSafe()).isTrue();
        assertThat(decision.reasons().get(0)).contains("no Wasm policy is loaded").contains("does not exist");
    }
}
