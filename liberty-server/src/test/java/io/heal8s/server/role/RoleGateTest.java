package io.heal8s.server.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.operator.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each role serves the webhooks of its half; the other's answers 404, saying which role serves it. */
class RoleGateTest {

    @ParameterizedTest
    @ValueSource(strings = {"v1/alerts", "/v1/alerts", "v1/alerts/", "v1/github/webhook", "/v1/github/webhook",
        "v1/remediations", "v1/playbooks"})
    void combinedServesEverything(String path) {
        assertThat(RoleGate.refusal(Role.COMBINED, path)).isEmpty();
    }

    @Test
    void theOperatorServesAlertmanagerAndRefusesGitHubNamingTheWorker() {
        assertThat(RoleGate.refusal(Role.OPERATOR, "v1/alerts")).isEmpty();
        assertThat(RoleGate.refusal(Role.OPERATOR, "v1/remediations")).isEmpty();
        assertThat(RoleGate.refusal(Role.OPERATOR, "/v1/github/webhook")).hasValue("heal8s.role=operator: GitHub's"
                + " webhook is served by the gitops-worker role; point the GitHub App's webhook at the worker's Service.");
    }

    @Test
    void theWorkerServesGitHubAndRefusesAlertmanagerNamingTheOperator() {
        assertThat(RoleGate.refusal(Role.GITOPS_WORKER, "v1/github/webhook")).isEmpty();
        assertThat(RoleGate.refusal(Role.GITOPS_WORKER, "v1/remediations")).isEmpty();
        assertThat(RoleGate.refusal(Role.GITOPS_WORKER, "v1/alerts")).hasValue("heal8s.role=gitops-worker:"
                + " Alertmanager's webhook is served by the operator role; point Alertmanager at the operator's"
                + " Service.");
        assertThat(RoleGate.refusal(Role.GITOPS_WORKER, "/v1/alerts/")).isPresent();
    }

    @Test
    void aPathThatOnlyStartsLikeAWebhookIsNotTheWebhook() {
        assertThat(RoleGate.refusal(Role.GITOPS_WORKER, "v1/alertsx")).isEmpty();
        assertThat(RoleGate.refusal(Role.OPERATOR, "v1/github/webhooks")).isEmpty();
        assertThat(RoleGate.refusal(Role.OPERATOR, null)).isEmpty();
    }
}
