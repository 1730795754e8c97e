package io.heal8s.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The roles: in split mode the operator holds no GitHub credential and the GitOps worker holds them; combined runs
 * both in one pod. The OPA sidecar runs beside whichever pod decides, on loopback.
 */
class RolesTest {

    private static final List<String> GITHUB_SECRETS = List.of("heal8s-github-app", "heal8s-github-webhook");

    private static List<String> secretNames(JsonNode deployment) {
        List<String> names = new ArrayList<>();
        for (JsonNode volume : deployment.at("/spec/template/spec/volumes")) {
            if (volume.has("secret")) {
                names.add(volume.at("/secret/secretName").asText());
            }
        }
        return names;
    }

    private static Map<String, String> env(JsonNode deployment) {
        Map<String, String> env = new TreeMap<>();
        for (JsonNode var : Rendered.container(deployment, "heal8s").path("env")) {
            env.put(var.path("name").asText(), var.path("value").asText());
        }
        return env;
    }

    private static List<String> containerNames(JsonNode deployment) {
        List<String> names = new ArrayList<>();
        deployment.at("/spec/template/spec/containers").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    @Test
    void splitModeKeepsGitHubCredentialsOffTheOperator() {
        List<JsonNode> objects = Rendered.of(Variant.SPLIT);
        assertThat(Rendered.ofKind(objects, "Deployment")).hasSize(2);
        JsonNode operator = Rendered.get(objects, "Deployment", "heal8s-operator");
        assertThat(secretNames(operator)).containsExactly("heal8s-webhook").doesNotContainAnyElementsOf(GITHUB_SECRETS);
        assertThat(env(operator)).doesNotContainKeys("HEAL8S_GITHUB_PRIVATE_KEY_FILE", "HEAL8S_GITHUB_APP_ID",
                        "HEAL8S_GITHUB_WEBHOOK_SECRET_FILE", "HEAL8S_GITHUB_TOKEN_FILE")
                .containsEntry("HEAL8S_ROLE", "operator")
                .containsEntry("HEAL8S_WEBHOOK_TOKEN_FILE", "/etc/heal8s/secrets/webhook-token/token");
        assertThat(operator.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("heal8s-operator");
    }

    @Test
    void splitModeGivesTheWorkerTheGitHubCredentialsAndNotTheWebhookToken() {
        JsonNode worker = Rendered.get(Rendered.of(Variant.SPLIT), "Deployment", "heal8s-gitops-worker");
        assertThat(secretNames(worker)).containsExactlyInAnyOrderElementsOf(GITHUB_SECRETS);
        assertThat(env(worker))
                .containsEntry("HEAL8S_ROLE", "gitops-worker")
                .containsEntry("HEAL8S_GITHUB_APP_ID", "12345")
                .containsEntry("HEAL8S_GITHUB_INSTALLATION_ID", "67890")
                .containsEntry("HEAL8S_GITHUB_PRIVATE_KEY_FILE", "/etc/heal8s/secrets/github-app-key/private-key.pem")
                .containsEntry("HEAL8S_GITHUB_WEBHOOK_SECRET_FILE", "/etc/heal8s/secrets/github-webhook-secret/secret")
                .doesNotContainKeys("HEAL8S_WEBHOOK_TOKEN_FILE", "HEAL8S_POLICY_ENGINE");
        assertThat(containerNames(worker)).containsExactly("heal8s");
        assertThat(worker.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("heal8s-gitops-worker");
        // Its own leader-election Lease: the two roles never wait on each other.
        assertThat(env(worker).get("HEAL8S_OPERATOR_LEADER_ELECTION_LEASE_NAME")).isEqualTo("heal8s-operator-gitops-worker");
    }

    @Test
    void eachSplitRoleIsBoundOnlyToItsOwnRole() {
        List<JsonNode> objects = Rendered.of(Variant.SPLIT);
        for (JsonNode binding : Rendered.ofKind(objects, "ClusterRoleBinding")) {
            String account = binding.at("/subjects/0/name").asText();
            String role = binding.at("/roleRef/name").asText();
            if (role.startsWith("heal8s-gitops-worker")) {
                assertThat(account).isEqualTo("heal8s-gitops-worker");
            } else {
                assertThat(account).isEqualTo("heal8s-operator");
            }
        }
    }

    @Test
    void combinedModeRunsOnePodWithEveryCredentialAndBothRoles() {
        List<JsonNode> objects = Rendered.of(Variant.DEFAULT);
        assertThat(Rendered.ofKind(objects, "Deployment")).hasSize(1);
        JsonNode pod = Rendered.get(objects, "Deployment", "heal8s");
        assertThat(secretNames(pod)).containsExactlyInAnyOrder("heal8s-webhook", "heal8s-github-app", "heal8s-github-webhook");
        assertThat(env(pod)).containsEntry("HEAL8S_ROLE", "combined").containsEntry("HEAL8S_KUBERNETES_MODE", "cluster");
        assertThat(Rendered.ofKind(objects, "ClusterRoleBinding")).extracting(b -> b.at("/roleRef/name").asText())
                .containsExactlyInAnyOrder("heal8s-operator", "heal8s-gitops-worker", "heal8s-cluster-reads");
        assertThat(Rendered.ofKind(objects, "ClusterRoleBinding")).extracting(b -> b.at("/subjects/0/name").asText())
                .containsOnly("heal8s");
    }

    @Test
    void theOpaSidecarServesTheShippedPolicyOnLoopbackByDefault() {
        List<JsonNode> objects = Rendered.of(Variant.DEFAULT);
        JsonNode pod = Rendered.get(objects, "Deployment", "heal8s");
        JsonNode opa = Rendered.container(pod, "opa");
        assertThat(opa.path("image").asText()).matches("openpolicyagent/opa:\\d+\\.\\d+\\.\\d+");
        List<String> args = new ArrayList<>();
        opa.path("args").forEach(a -> args.add(a.asText()));
        assertThat(String.join(" ", args)).startsWith("run --server --addr 127.0.0.1:8181");
        assertThat(env(pod)).containsEntry("HEAL8S_POLICY_ENGINE", "rest")
                .containsEntry("HEAL8S_POLICY_REST_URL", "http://127.0.0.1:8181");
        JsonNode policies = Rendered.get(objects, "ConfigMap", "heal8s-policies");
        assertThat(policies.path("data").fieldNames()).toIterable().containsExactlyInAnyOrder("approval.rego", "data.json");
        assertThat(policies.at("/data/approval.rego").asText()).contains("package heal8s.approval");
    }

    @Test
    void withoutOpaTheFailSafeDecidesAndNoSidecarRuns() {
        List<JsonNode> objects = Helm.template(List.of("policy.opa.enabled=false"));
        JsonNode pod = Rendered.get(objects, "Deployment", "heal8s");
        assertThat(containerNames(pod)).containsExactly("heal8s");
        assertThat(env(pod)).containsEntry("HEAL8S_POLICY_ENGINE", "none").doesNotContainKey("HEAL8S_POLICY_REST_URL");
        assertThat(Rendered.find(objects, "ConfigMap", "heal8s-policies")).isEmpty();
    }

    @Test
    void theShippedPlaybooksAndRulesAreMountedWithTheRulesUnderRules() {
        List<JsonNode> objects = Rendered.of(Variant.DEFAULT);
        JsonNode playbooks = Rendered.get(objects, "ConfigMap", "heal8s-playbooks");
        assertThat(playbooks.path("data").fieldNames()).toIterable().contains("oom-increase-memory.yaml");
        JsonNode pod = Rendered.get(objects, "Deployment", "heal8s");
        List<String> paths = new ArrayList<>();
        for (JsonNode volume : pod.at("/spec/template/spec/volumes")) {
            for (JsonNode source : volume.at("/projected/sources")) {
                source.at("/configMap/items").forEach(i -> paths.add(i.path("path").asText()));
            }
        }
        assertThat(paths).contains("rules/critical-oom.drl", "rules/freeze.drl").allMatch(p -> p.startsWith("rules/"));
        assertThat(env(pod)).containsEntry("HEAL8S_PLAYBOOKS_DIR", "/etc/heal8s/playbooks");
    }

    @Test
    void playbooksGivenInValuesAreAddedAndTheShippedOnesCanBeLeftOut() {
        List<JsonNode> objects = Helm.template(List.of("playbooks.shipped=false",
                "playbooks.files.mine\\.yaml=name: mine", "playbooks.rules.mine\\.drl=package heal8s"));
        assertThat(Rendered.get(objects, "ConfigMap", "heal8s-playbooks").path("data").fieldNames()).toIterable()
                .containsExactly("mine.yaml");
        assertThat(Rendered.get(objects, "ConfigMap", "heal8s-playbook-rules").path("data").fieldNames()).toIterable()
                .containsExactly("mine.drl");
    }

    @Test
    void theRetentionReachesOnlyTheOperatorAndOnlyWhenSet() {
        assertThat(env(Rendered.get(Rendered.of(Variant.DEFAULT), "Deployment", "heal8s")))
                .doesNotContainKey("HEAL8S_OPERATOR_RETENTION");
        List<JsonNode> split = Helm.template(List.of("mode=split", "operator.retention=14d"));
        assertThat(env(Rendered.get(split, "Deployment", "heal8s-operator")))
                .containsEntry("HEAL8S_OPERATOR_RETENTION", "14d");
        // The worker never deletes Remediations: it gets neither the setting nor the right.
        assertThat(env(Rendered.get(split, "Deployment", "heal8s-gitops-worker")))
                .doesNotContainKey("HEAL8S_OPERATOR_RETENTION");
        assertThat(env(Rendered.get(Helm.template(List.of("operator.retention=0")), "Deployment", "heal8s")))
                .containsEntry("HEAL8S_OPERATOR_RETENTION", "0");
    }

    @Test
    void railsAndGuardsReachTheOperatorOnlyVerificationBothRolesWhenSet() {
        assertThat(env(Rendered.get(Rendered.of(Variant.DEFAULT), "Deployment", "heal8s")))
                .doesNotContainKeys("HEAL8S_RAILS_DRY_RUN", "HEAL8S_RAILS_PAUSED", "HEAL8S_RAILS_MAX_APPLYING",
                        "HEAL8S_RAILS_EXCLUDED_NAMESPACES", "HEAL8S_PROMETHEUS_URL");
        List<JsonNode> objects = Helm.template(List.of("mode=split", "rails.dryRun=true", "rails.paused=false",
                "rails.maxApplying=3", "rails.excludedNamespaces={kube-system,monitoring}", "rails.rateLimit=10/1h",
                "rails.namespaceRateLimit=0", "guards.cooldown=1h", "guards.maxAttempts=2", "guards.loopMaxChanges=0",
                "verification.window=30m", "gitops.onVerificationFailure=report",
                "prometheus.url=http://prometheus:9090"));
        assertThat(env(Rendered.get(objects, "Deployment", "heal8s-operator")))
                .containsEntry("HEAL8S_RAILS_DRY_RUN", "true")
                .containsEntry("HEAL8S_RAILS_PAUSED", "false")
                .containsEntry("HEAL8S_RAILS_MAX_APPLYING", "3")
                .containsEntry("HEAL8S_RAILS_EXCLUDED_NAMESPACES", "kube-system,monitoring")
                .containsEntry("HEAL8S_RAILS_RATE_LIMIT", "10/1h")
                .containsEntry("HEAL8S_RAILS_NAMESPACE_RATE_LIMIT", "0")
                .containsEntry("HEAL8S_GUARDS_COOLDOWN", "1h")
                .containsEntry("HEAL8S_GUARDS_MAX_ATTEMPTS", "2")
                .containsEntry("HEAL8S_GUARDS_LOOP_MAX_CHANGES", "0")
                .doesNotContainKeys("HEAL8S_GUARDS_WINDOW", "HEAL8S_GUARDS_LOOP_WINDOW",
                        "HEAL8S_GITOPS_ON_VERIFICATION_FAILURE")
                .containsEntry("HEAL8S_VERIFICATION_WINDOW", "30m")
                .containsEntry("HEAL8S_PROMETHEUS_URL", "http://prometheus:9090");
        // The worker verifies GitOps changes (PromQL) and reverts them, but the rails and guards are the operator's.
        assertThat(env(Rendered.get(objects, "Deployment", "heal8s-gitops-worker")))
                .containsEntry("HEAL8S_PROMETHEUS_URL", "http://prometheus:9090")
                .containsEntry("HEAL8S_VERIFICATION_WINDOW", "30m")
                .containsEntry("HEAL8S_GITOPS_ON_VERIFICATION_FAILURE", "report")
                .doesNotContainKeys("HEAL8S_RAILS_DRY_RUN", "HEAL8S_RAILS_PAUSED", "HEAL8S_RAILS_MAX_APPLYING",
                        "HEAL8S_RAILS_EXCLUDED_NAMESPACES", "HEAL8S_RAILS_RATE_LIMIT", "HEAL8S_GUARDS_COOLDOWN");
    }

    @Test
    void monitoringObjectsAppearOnlyWhenAskedFor() {
        assertThat(Rendered.ofKind(Rendered.of(Variant.DEFAULT), "ServiceMonitor")).isEmpty();
        assertThat(Rendered.ofKind(Rendered.of(Variant.DEFAULT), "PrometheusRule")).isEmpty();
        List<JsonNode> objects = Rendered.of(Variant.MONITORING);
        JsonNode monitor = Rendered.get(objects, "ServiceMonitor", "heal8s");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
        JsonNode rule = Rendered.get(objects, "PrometheusRule", "heal8s");
        List<String> alerts = new ArrayList<>();
        rule.at("/spec/groups/0/rules").forEach(r -> alerts.add(r.path("alert").asText() + ": " + r.path("expr").asText()));
        assertThat(alerts).hasSize(3);
        assertThat(alerts).anyMatch(a -> a.contains("heal8s_remediation_phase_transitions_total{") && a.contains("to=\"Failed\""))
                .anyMatch(a -> a.contains("heal8s_alerts_received_total"))
                .anyMatch(a -> a.startsWith("Heal8sRemediationsStuck"));
    }
}
