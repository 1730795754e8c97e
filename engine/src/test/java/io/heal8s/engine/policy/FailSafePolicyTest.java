package io.heal8s.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailSafePolicyTest {

    private FakeOpaServer opa;
    private FailSafePolicy policy;

    @BeforeEach
    void start() throws Exception {
        opa = new FakeOpaServer();
        policy = new FailSafePolicy(new RestPolicyEngine(opa.url(), RestPolicyEngine.DEFAULT_PATH,
                Duration.ofMillis(300), Optional::empty));
    }

    @AfterEach
    void stop() {
        opa.close();
    }

    @Test
    void withoutAnEngineEveryDecisionIsGitOpsWithApprovalSayingSo() {
        PolicyDecision decision = FailSafePolicy.unconfigured().evaluate(ContractExample.input());

        assertThat(decision.mode()).isEqualTo(PolicyMode.GitOps);
        assertThat(decision.requireApproval()).isTrue();
        assertThat(decision.reasons()).containsExactly(
                "no approval policy is configured; GitOps with approval is the safe default");
        assertThat(decision.failSafe()).isTrue();
        assertThat(decision.source()).isEqualTo("fail-safe");
    }

    @Test
    void aValidDecisionPassesThroughUnchangedEvenDirect() {
        opa.answer(FakeOpaServer.Answer.result(
                "{\"mode\":\"Direct\",\"requireApproval\":false,\"reasons\":[\"staging, bounded change\"]}"));

        PolicyDecision decision = policy.evaluate(ContractExample.input());

        assertThat(decision.mode()).isEqualTo(PolicyMode.Direct);
        assertThat(decision.requireApproval()).isFalse();
        assertThat(decision.failSafe()).isFalse();
        assertThat(decision.source()).isEqualTo("opa-rest");
        assertThat(policy.name()).isEqualTo("fail-safe(opa-rest)");
    }

    static Stream<Arguments> failures() {
        String direct = "{\"mode\":\"Direct\",\"requireApproval\":false,\"reasons\":[\"r\"]}";
        return Stream.of(
                Arguments.of("HTTP 500", FakeOpaServer.Answer.status(500, "{\"code\":\"internal_error\","
                        + "\"message\":\"boom\"}"), "HTTP 500"),
                Arguments.of("HTTP 404", FakeOpaServer.Answer.status(404, "{}"), "HTTP 404"),
                Arguments.of("timeout", FakeOpaServer.Answer.noAnswer(), "did not answer within 300ms"),
                Arguments.of("undefined", FakeOpaServer.Answer.undefined(), "is undefined"),
                Arguments.of("malformed JSON", FakeOpaServer.Answer.status(200, "{\"result\": {\"mode\": \"Dir"),
                        "malformed JSON"),
                Arguments.of("Direct in lower case", FakeOpaServer.Answer.result(direct.replace("Direct",
                        "direct")), "'mode' is 'direct'"),
                Arguments.of("Direct without requireApproval", FakeOpaServer.Answer.result(
                        "{\"mode\":\"Direct\",\"reasons\":[\"r\"]}"), "no 'requireApproval'"),
                Arguments.of("Direct without reasons", FakeOpaServer.Answer.result(
                        "{\"mode\":\"Direct\",\"requireApproval\":false,\"reasons\":[]}"), "'reasons' is empty"),
                Arguments.of("a bare true", FakeOpaServer.Answer.result("true"), "must be an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void everyFailureBecomesGitOpsWithApprovalNamingTheError(String name, FakeOpaServer.Answer answer,
            String error) {
        opa.answer(answer);

        PolicyDecision decision = policy.evaluate(ContractExample.input());

        assertThat(decision.mode()).isEqualTo(PolicyMode.GitOps);
        assertThat(decision.requireApproval()).isTrue();
        assertThat(decision.failSafe()).isTrue();
        assertThat(decision.source()).isEqualTo("fail-safe");
        assertThat(decision.reasons()).singleElement().asString()
                .startsWith("the approval policy (opa-rest) gave no valid decision: ")
                .contains(error)
                .endsWith("GitOps with approval is the safe default");
    }

    @Test
    void anUnexpectedRuntimeExceptionOrNoDecisionAlsoFailSafe() {
        PolicyEngine broken = new PolicyEngine() {
            @Override
            public PolicyDecision evaluate(PolicyInput input) {
                throw new IllegalStateException("bug");
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        PolicyEngine silent = new PolicyEngine() {
            @Override
            public PolicyDecision evaluate(PolicyInput input) {
                return null;
            }

            @Override
            public String name() {
                return "silent";
            }
        };

        PolicyDecision fromBroken = new FailSafePolicy(broken).evaluate(ContractExample.input());
        PolicyDecision fromSilent = new FailSafePolicy(silent).evaluate(ContractExample.input());

        assertThat(fromBroken.mode()).isEqualTo(PolicyMode.GitOps);
        assertThat(fromBroken.reasons().get(0)).contains("IllegalStateException: bug");
        assertThat(fromSilent.mode()).isEqualTo(PolicyMode.GitOps);
        assertThat(fromSilent.reasons().get(0)).contains("returned no decision");
    }
}
