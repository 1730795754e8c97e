package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.playbook.Strategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code heal8s.role} as the chart writes it: three values, combined by default, anything else refused by name. */
class RoleTest {

    @ParameterizedTest
    @CsvSource({"combined, COMBINED", "operator, OPERATOR", "gitops-worker, GITOPS_WORKER", "' Operator ', OPERATOR",
        "GITOPS-WORKER, GITOPS_WORKER"})
    void theChartsValuesNameTheirRole(String text, Role role) {
        assertThat(Role.parse(text)).isEqualTo(role);
        assertThat(Role.parse(role.value())).isEqualTo(role);
    }

    @Test
    void anUnsetOrBlankRoleIsCombined() {
        assertThat(Role.parse(null)).isEqualTo(Role.COMBINED);
        assertThat(Role.parse("  ")).isEqualTo(Role.COMBINED);
    }

    @Test
    void anUnknownRoleIsRefusedNamingTheKeyAndTheAllowedValues() {
        assertThatThrownBy(() -> Role.parse("worker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heal8s.role must be one of combined, operator, gitops-worker, was 'worker'");
    }

    @Test
    void eachRoleRunsTheExecutorsAndWebhooksOfItsHalf() {
        assertThat(Role.COMBINED.executes(Strategy.Mode.GitOps)).isTrue();
        assertThat(Role.COMBINED.executes(Strategy.Mode.Direct)).isTrue();
        assertThat(Role.OPERATOR.executes(Strategy.Mode.GitOps)).isFalse();
        assertThat(Role.OPERATOR.executes(Strategy.Mode.Direct)).isTrue();
        assertThat(Role.GITOPS_WORKER.executes(Strategy.Mode.GitOps)).isTrue();
        assertThat(Role.GITOPS_WORKER.executes(Strategy.Mode.Direct)).isFalse();
        assertThat(Role.COMBINED.receivesAlerts()).isTrue();
        assertThat(Role.COMBINED.receivesGitHubEvents()).isTrue();
        assertThat(Role.OPERATOR.receivesAlerts()).isTrue();
        assertThat(Role.OPERATOR.receivesGitHubEvents()).isFalse();
        assertThat(Role.GITOPS_WORKER.receivesAlerts()).isFalse();
        assertThat(Role.GITOPS_WORKER.receivesGitHubEvents()).isTrue();
    }
}
