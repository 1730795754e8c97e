package io.heal8s.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The chart grants least privilege: the rights each role needs, named one by one, and nothing on Secrets. */
class RbacTest {

    private static final String FULL = Helm.RELEASE; // the release's name contains the chart's, so it is the prefix
    private static final String REMEDIATIONS_GROUP = "k8shealer.k8s-healer.io";

    /** One granted right, flattened: group/resource:verb. */
    private static Set<String> grants(JsonNode role) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    for (JsonNode verb : rule.path("verbs")) {
                        grants.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
                    }
                }
            }
        }
        return grants;
    }

    private static List<JsonNode> roles(List<JsonNode> objects) {
        List<JsonNode> roles = new ArrayList<>(Rendered.ofKind(objects, "ClusterRole"));
        roles.addAll(Rendered.ofKind(objects, "Role"));
        return roles;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void noRuleUsesAWildcardOrNonResourceUrls(Variant variant) {
        for (JsonNode role : roles(Rendered.of(variant))) {
            for (JsonNode rule : role.path("rules")) {
                assertThat(rule.toString()).as("%s %s", role.path("kind"), role.at("/metadata/name")).doesNotContain("*");
                assertThat(rule.has("nonResourceURLs")).isFalse();
                assertThat(rule.has("apiGroups") && rule.has("resources") && rule.has("verbs")).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void noRoleReachesSecretsOrEscalates(Variant variant) {
        for (JsonNode role : roles(Rendered.of(variant))) {
            for (String grant : grants(role)) {
                assertThat(grant).as("%s %s", role.path("kind"), role.at("/metadata/name"))
                        .doesNotStartWith("/secrets:")
                        .doesNotContain("serviceaccounts")
                        .doesNotContain("rbac.authorization.k8s.io/")
                        .doesNotEndWith(":escalate").doesNotEndWith(":bind").doesNotEndWith(":impersonate")
                        .doesNotEndWith(":deletecollection");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void onlyTheOperatorRoleDeletesAndOnlyRemediations(Variant variant) {
        for (JsonNode role : roles(Rendered.of(variant))) {
            String name = role.at("/metadata/name").asText();
            // The retention sweep: terminal Remediations older than heal8s.operator.retention.
            Set<String> expected = name.equals(FULL + "-operator")
                    ? Set.of(REMEDIATIONS_GROUP + "/remediations:delete") : Set.of();
            assertThat(grants(role)).as("%s %s", role.path("kind"), name).filteredOn(g -> g.endsWith(":delete"))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void theOperatorHasExactlyTheRightsItsWorkNeeds() {
        List<JsonNode> objects = Rendered.of(Variant.DEFAULT);
        assertThat(grants(Rendered.get(objects, "ClusterRole", FULL + "-operator"))).containsExactlyInAnyOrder(
                "apps/deployments:get", "apps/deployments:list", "apps/deployments:watch", "apps/deployments:patch",
                "apps/statefulsets:get", "apps/statefulsets:list", "apps/statefulsets:watch", "apps/statefulsets:patch",
                "apps/daemonsets:get", "apps/daemonsets:list", "apps/daemonsets:watch", "apps/daemonsets:patch",
                "/pods:get", "/pods:list", "/pods:watch",
                "apps/replicasets:get", "apps/replicasets:list", "apps/replicasets:watch",
                "apps/controllerrevisions:get", "apps/controllerrevisions:list", "apps/controllerrevisions:watch",
                "autoscaling/horizontalpodautoscalers:get", "autoscaling/horizontalpodautoscalers:list",
                "autoscaling/horizontalpodautoscalers:patch",
                "/persistentvolumeclaims:get", "/persistentvolumeclaims:patch",
                REMEDIATIONS_GROUP + "/remediations:get", REMEDIATIONS_GROUP + "/remediations:list",
                REMEDIATIONS_GROUP + "/remediations:watch", REMEDIATIONS_GROUP + "/remediations:create",
                REMEDIATIONS_GROUP + "/remediations:update", REMEDIATIONS_GROUP + "/remediations:patch",
                REMEDIATIONS_GROUP + "/remediations:delete",
                REMEDIATIONS_GROUP + "/remediations/status:get", REMEDIATIONS_GROUP + "/remediations/status:update",
                REMEDIATIONS_GROUP + "/remediations/status:patch",
                "/events:create", "/events:patch");
        assertThat(grants(Rendered.get(objects, "ClusterRole", FULL + "-cluster-reads")))
                .containsExactlyInAnyOrder("/namespaces:get", "storage.k8s.io/storageclasses:get",
                        "storage.k8s.io/storageclasses:list");
    }

    @Test
    void theGitOpsWorkerReadsWhatTheOperatorReadsAndWritesOnlyRemediationsAndEvents() {
        List<JsonNode> objects = Rendered.of(Variant.SPLIT);
        Set<String> worker = grants(Rendered.get(objects, "ClusterRole", FULL + "-gitops-worker"));
        assertThat(worker).contains(REMEDIATIONS_GROUP + "/remediations:get", REMEDIATIONS_GROUP + "/remediations:watch",
                REMEDIATIONS_GROUP + "/remediations/status:patch", "apps/deployments:get", "/pods:list",
                "apps/controllerrevisions:list", "autoscaling/horizontalpodautoscalers:list", "/persistentvolumeclaims:get");
        assertThat(worker).filteredOn(g -> g.endsWith(":patch") || g.endsWith(":update") || g.endsWith(":create")
                        || g.endsWith(":delete"))
                // patch on Remediations: GitHub's webhook annotates one (heal8s.io/pr-event) to wake the worker.
                .containsExactlyInAnyOrder(REMEDIATIONS_GROUP + "/remediations:patch",
                        REMEDIATIONS_GROUP + "/remediations/status:update",
                        REMEDIATIONS_GROUP + "/remediations/status:patch", "/events:create", "/events:patch");
        // Every read of the worker is one the operator has too.
        Set<String> operator = grants(Rendered.get(objects, "ClusterRole", FULL + "-operator"));
        assertThat(operator).containsAll(worker);
        assertThat(grants(Rendered.get(objects, "ClusterRole", FULL + "-gitops-worker-cluster-reads")))
                .containsExactlyInAnyOrder("storage.k8s.io/storageclasses:get", "storage.k8s.io/storageclasses:list");
    }

    @Test
    void horizontalPodAutoscalersAndClaimsAppearOnlyWithTheirActions() {
        for (JsonNode role : roles(Rendered.of(Variant.ACTIONS_OFF))) {
            assertThat(grants(role)).noneMatch(g -> g.contains("horizontalpodautoscalers")
                    || g.contains("persistentvolumeclaims") || g.contains("storageclasses"));
        }
        List<JsonNode> onlyScaleUp = Helm.template(List.of("actions.expandVolume=false"));
        Set<String> operator = grants(Rendered.get(onlyScaleUp, "ClusterRole", FULL + "-operator"));
        assertThat(operator).contains("autoscaling/horizontalpodautoscalers:patch")
                .noneMatch(g -> g.contains("persistentvolumeclaims"));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void leasesAreGrantedOnlyInTheReleaseNamespace(Variant variant) {
        for (JsonNode role : roles(Rendered.of(variant))) {
            boolean leases = grants(role).stream().anyMatch(g -> g.startsWith("coordination.k8s.io/leases:"));
            if (leases) {
                assertThat(role.path("kind").asText()).isEqualTo("Role");
                assertThat(role.at("/metadata/namespace").asText()).isEqualTo(Helm.NAMESPACE);
                assertThat(grants(role)).containsExactlyInAnyOrder("coordination.k8s.io/leases:get",
                        "coordination.k8s.io/leases:create", "coordination.k8s.io/leases:update");
            }
        }
    }

    @Test
    void namespacedScopeGrantsWorkloadRightsOnlyInTheWatchedNamespaces() {
        List<JsonNode> objects = Rendered.of(Variant.SPLIT_NAMESPACED);
        for (JsonNode role : Rendered.ofKind(objects, "ClusterRole")) {
            assertThat(grants(role)).allMatch(g -> g.startsWith("/namespaces:") || g.startsWith("storage.k8s.io/"));
        }
        assertThat(Rendered.ofKind(objects, "Role")).extracting(r -> r.at("/metadata/namespace").asText())
                .contains("shop", "payments", Helm.NAMESPACE);
        assertThat(grants(Rendered.get(objects.stream()
                .filter(o -> "payments".equals(o.at("/metadata/namespace").asText())).toList(), "Role", FULL + "-operator")))
                .contains("apps/deployments:patch");
    }
}
