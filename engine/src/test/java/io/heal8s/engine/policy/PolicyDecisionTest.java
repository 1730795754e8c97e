package io.heal8s.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyDecisionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theContractExampleParses() throws Exception {
        PolicyDecision decision = PolicyDecision.parse(MAPPER.readTree(ContractExample.GITOPS_DECISION), "opa-rest");

        assertThat(decision.mode()).isEqualTo(PolicyMode.GitOps);
        assertThat(decision.requireApproval()).isTrue();
        assertThat(decision.reasons()).containsExactly("production changes go through review");
        assertThat(decision.source()).isEqualTo("opa-rest");
        assertThat(decision.failSafe()).isFalse();
    }

    @Test
    void directAndDenyParseAndExtraFieldsAreIgnored() throws Exception {
        PolicyDecision direct = PolicyDecision.parse(MAPPER.readTree(
                "{\"mode\":\"Direct\",\"requireApproval\":false,\"reasons\":[\"a\",\"b\"],\"ruleId\":7}"));
        PolicyDecision deny = PolicyDecision.parse(MAPPER.readTree(
                "{\"mode\":\"Deny\",\"requireApproval\":false,\"reasons\":[\"kube-system is never touched\"]}"));

        assertThat(direct.mode()).isEqualTo(PolicyMode.Direct);
        assertThat(direct.requireApproval()).isFalse();
        assertThat(direct.reasons()).containsExactly("a", "b");
        assertThat(deny.mode()).isEqualTo(PolicyMode.Deny);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "null | undefined",
        "true | must be an object with mode, requireApproval and reasons, not boolean true",
        "'{\"mode\":\"GitOps\",\"requireApproval\":true,\"reasons\":[null]}' | 'reasons[0]' must be a non-blank string, not null",
        "[] | must be an object",
        "'\"GitOps\"' | must be an object",
        "{} | no 'mode'",
        "'{\"mode\":null,\"requireApproval\":true,\"reasons\":[\"r\"]}' | no 'mode'",
        "'{\"mode\":1,\"requireApproval\":true,\"reasons\":[\"r\"]}' | 'mode' must be a string",
        "'{\"mode\":\"direct\",\"requireApproval\":false,\"reasons\":[\"r\"]}' | 'mode' is 'direct'",
        "'{\"mode\":\"Allow\",\"requireApproval\":false,\"reasons\":[\"r\"]}' | 'mode' is 'Allow'",
        "'{\"mode\":\"Direct\",\"reasons\":[\"r\"]}' | no 'requireApproval'",
        "'{\"mode\":\"Direct\",\"requireApproval\":\"false\",\"reasons\":[\"r\"]}' | 'requireApproval' must be true or false",
        "'{\"mode\":\"Direct\",\"requireApproval\":0,\"reasons\":[\"r\"]}' | 'requireApproval' must be true or false",
        "'{\"mode\":\"Direct\",\"requireApproval\":false}' | no 'reasons'",
        "'{\"mode\":\"Direct\",\"requireApproval\":false,\"reasons\":\"r\"}' | 'reasons' must be an array",
        "'{\"mode\":\"Direct\",\"requireApproval\":false,\"reasons\":[]}' | 'reasons' is empty",
        "'{\"mode\":\"Direct\",\"requireApproval\":false,\"reasons\":[\"ok\",3]}' | 'reasons[1]' must be a non-blank string",
        "'{\"mode\":\"Direct\",\"requireApproval\":false,\"reasons\":[\" \"]}' | 'reasons[0]' must be a non-blank string",
    })
    void everyShapeOutsideTheContractIsRefusedNamingTheField(String json, String message) throws Exception {
        var result = json.equals("null") ? MissingNode.getInstance() : MAPPER.readTree(json);

        assertThatThrownBy(() -> PolicyDecision.parse(result))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aNullResultIsUndefined() {
        assertThatThrownBy(() -> PolicyDecision.parse(null)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("undefined");
    }

    @Test
    void theFailSafeDecisionIsGitOpsWithApproval() {
        PolicyDecision decision = PolicyDecision.failSafe("because");

        assertThat(decision.mode()).isEqualTo(PolicyMode.GitOps);
        assertThat(decision.requireApproval()).isTrue();
        assertThat(decision.reasons()).containsExactly("because");
        assertThat(decision.source()).isEqualTo("fail-safe");
        assertThat(decision.failSafe()).isTrue();
    }
}
