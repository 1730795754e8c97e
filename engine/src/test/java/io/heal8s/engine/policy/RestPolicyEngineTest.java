package io.heal8s.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestPolicyEngineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeOpaServer opa;
    private RestPolicyEngine engine;

    @BeforeEach
    void start() throws Exception {
        opa = new FakeOpaServer();
        engine = new RestPolicyEngine(opa.url(), RestPolicyEngine.DEFAULT_PATH, Duration.ofMillis(500),
                Optional::empty);
    }

    @AfterEach
    void stop() {
        opa.close();
    }

    @Test
    void postsTheContractInputToTheDecisionPathAndReadsTheDecision() throws Exception {
        PolicyDecision decision = engine.evaluate(ContractExample.input());

        assertThat(decision).isEqualTo(new PolicyDecision(PolicyMode.GitOps, true,
                List.of("production changes go through review"), "opa-rest", false));
        assertThat(opa.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/data/heal8s/approval/decision");
            assertThat(request.contentType()).isEqualTo("application/json");
            assertThat(request.authorization()).isNull();
            assertThat(request.json().size()).isEqualTo(1);
            assertThat(request.json().get("input")).isEqualTo(MAPPER.readTree(ContractExample.INPUT_JSON));
        });
    }

    @Test
    void readsDirectAndDenyDecisions() throws Exception {
        opa.answer(FakeOpaServer.Answer.result(
                "{\"mode\":\"Direct\",\"requireApproval\":false,\"reasons\":[\"staging, bounded change\"]}"));
        assertThat(engine.evaluate(ContractExample.input()).mode()).isEqualTo(PolicyMode.Direct);

        opa.answer(FakeOpaServer.Answer.result(
                "{\"mode\":\"Deny\",\"requireApproval\":false,\"reasons\":[\"too many attempts\"]}"));
        assertThat(engine.evaluate(ContractExample.input()).reasons()).containsExactly("too many attempts");
    }

    @Test
    void aBaseUrlWithAPrefixAndADottedPathAreJoinedAsOpaExpects() throws Exception {
        RestPolicyEngine custom = new RestPolicyEngine(opa.url().resolve("/opa/"), "team.approval.decision",
                Duration.ofSeconds(1), Optional::empty);

        assertThat(custom.endpoint().toString()).isEqualTo(opa.url() + "/opa/v1/data/team/approval/decision");
        assertThatThrownBy(() -> custom.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class).hasMessageContaining("HTTP 404")
                .hasMessageContaining("resource_not_found");
    }

    @Test
    void sendsTheBearerTokenWhenOneIsConfigured() throws Exception {
        RestPolicyEngine withToken = new RestPolicyEngine(opa.url(), RestPolicyEngine.DEFAULT_PATH,
                Duration.ofSeconds(1), () -> Optional.of("t0ken"));

        withToken.evaluate(ContractExample.input());

        assertThat(opa.requests()).singleElement()
                .satisfies(request -> assertThat(request.authorization()).isEqualTo("Bearer t0ken"));
    }

    @Test
    void anUndefinedDecisionIsAnErrorNamingThePath() {
        opa.answer(FakeOpaServer.Answer.undefined());

        assertThatThrownBy(() -> engine.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("heal8s/approval/decision is undefined");
    }

    @Test
    void anOpaErrorIsReportedWithItsStatusAndMessage() {
        opa.answer(FakeOpaServer.Answer.status(500,
                "{\"code\":\"internal_error\",\"message\":\"eval_conflict_error: complete rules must not produce "
                        + "multiple outputs\"}"));

        assertThatThrownBy(() -> engine.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("internal_error: eval_conflict_error");
    }

    @Test
    void aNotFoundAnswerIsAnError() {
        opa.answer(FakeOpaServer.Answer.status(404, "not here"));

        assertThatThrownBy(() -> engine.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class).hasMessageContaining("HTTP 404: not here");
    }

    @Test
    void aSlowOpaTimesOut() {
        opa.answer(FakeOpaServer.Answer.noAnswer());
        long start = System.nanoTime();

        assertThatThrownBy(() -> engine.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class).hasMessageContaining("did not answer within 500ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void malformedAnswersAreErrors() {
        opa.answer(FakeOpaServer.Answer.status(200, "{\"result\": "));
        assertThatThrownBy(() -> engine.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class).hasMessageContaining("malformed JSON");

        opa.answer(FakeOpaServer.Answer.status(200, "[1]"));
        assertThatThrownBy(() -> engine.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class).hasMessageContaining("instead of an object");

        opa.answer(FakeOpaServer.Answer.result("{\"mode\":\"YOLO\",\"requireApproval\":false,\"reasons\":[\"x\"]}"));
        assertThatThrownBy(() -> engine.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class).hasMessageContaining("'mode' is 'YOLO'");
    }

    @Test
    void anUnreachableOpaIsAnError() {
        URI url = opa.url();
        opa.close();
        RestPolicyEngine gone = new RestPolicyEngine(url);

        assertThatThrownBy(() -> gone.evaluate(ContractExample.input()))
                .isInstanceOf(PolicyException.class).hasMessageContaining("cannot reach OPA at " + url);
    }
}
