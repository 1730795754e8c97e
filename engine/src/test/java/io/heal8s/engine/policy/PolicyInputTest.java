package io.heal8s.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyInputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theContractExampleIsWrittenExactlyFieldByFieldInTheDocumentedOrder() throws Exception {
        String expected = MAPPER.readTree(ContractExample.INPUT_JSON).toString();

        assertThat(ContractExample.input().toJson()).isEqualTo(expected);
    }

    @Test
    void aNonNumericChangeHasANullRatioAndATargetWithoutHistoryANullLastOutcome() throws Exception {
        PolicyInput input = new PolicyInput(
                new PolicyInput.Alert("KubeDeploymentImagePullBackOff", "warning", "ab", Map.of(), null),
                new PolicyInput.Decision("rollback-image", "RollbackImage", null, List.of(
                        new PolicyInput.Change("spec.template.spec.containers[web].image", "web:2", "web:1", null,
                                true))),
                new PolicyInput.Target("Deployment", "shop", "web", null),
                null,
                new PolicyInput.History(0, 0, null),
                Instant.parse("2026-11-26T10:00:00.250Z"));

        JsonNode json = MAPPER.readTree(input.toJson());

        JsonNode change = json.at("/decision/changes/0");
        assertThat(change.get("ratio").isNull()).isTrue();
        assertThat(change.get("new").asText()).isEqualTo("web:1");
        assertThat(json.at("/history/lastOutcome").isNull()).isTrue();
        assertThat(json.at("/alert/startsAt").isNull()).isTrue();
        assertThat(json.at("/target/container").isNull()).isTrue();
        assertThat(json.get("environment").asText()).isEmpty();
        assertThat(json.at("/decision/params").isObject()).isTrue();
        assertThat(json.get("time").asText()).isEqualTo("2026-11-26T10:00:00.250Z");
    }

    @Test
    void theOpaRequestWrapsTheInputAndNothingElse() {
        JsonNode body = ContractExample.input().asOpaRequest();

        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("input")).isEqualTo(ContractExample.input().toJsonNode());
    }
}
