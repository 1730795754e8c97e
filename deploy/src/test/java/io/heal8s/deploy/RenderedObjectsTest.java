package io.heal8s.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every rendered object is one the API server would accept as far as its required fields go (no cluster, and so no
 * schema validation, can be had here), and the objects refer to each other correctly.
 */
class RenderedObjectsTest {

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Set<String> CLUSTER_SCOPED = Set.of("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");

    /** The fields (JSON pointers) each kind must have, besides apiVersion, kind and metadata.name. */
    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry("Deployment", List.of("/spec/selector/matchLabels", "/spec/template/metadata/labels",
                    "/spec/template/spec/containers/0/name", "/spec/template/spec/containers/0/image",
                    "/spec/template/spec/serviceAccountName")),
            Map.entry("Service", List.of("/spec/selector", "/spec/ports/0/port")),
            Map.entry("ServiceAccount", List.of()),
            Map.entry("ConfigMap", List.of("/data")),
            Map.entry("ClusterRole", List.of("/rules/0/verbs")),
            Map.entry("Role", List.of("/rules/0/verbs")),
            Map.entry("ClusterRoleBinding", List.of("/roleRef/apiGroup", "/roleRef/kind", "/roleRef/name",
                    "/subjects/0/kind", "/subjects/0/name", "/subjects/0/namespace")),
            Map.entry("RoleBinding", List.of("/roleRef/apiGroup", "/roleRef/kind", "/roleRef/name",
                    "/subjects/0/kind", "/subjects/0/name", "/subjects/0/namespace")),
            Map.entry("CustomResourceDefinition", List.of("/spec/group", "/spec/names/kind", "/spec/names/plural",
                    "/spec/scope", "/spec/versions/0/name", "/spec/versions/0/schema/openAPIV3Schema")),
            Map.entry("ServiceMonitor", List.of("/spec/selector/matchLabels", "/spec/endpoints/0/port")),
            Map.entry("PrometheusRule", List.of("/spec/groups/0/name", "/spec/groups/0/rules/0/alert",
                    "/spec/groups/0/rules/0/expr")));

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyObjectHasTheRequiredFieldsOfItsKind(Variant variant) {
        for (JsonNode object : Rendered.of(variant)) {
            String kind = object.path("kind").asText();
            String name = object.at("/metadata/name").asText();
            assertThat(object.path("apiVersion").asText()).as("apiVersion of %s %s", kind, name).isNotBlank();
            assertThat(kind).as("kind of %s", name).isIn(REQUIRED.keySet());
            assertThat(name).as("metadata.name of a %s", kind).matches(DNS_SUBDOMAIN);
            for (String field : REQUIRED.get(kind)) {
                JsonNode value = object.at(field);
                assertThat(value.isMissingNode() || value.isNull() || (value.isTextual() && value.asText().isBlank()))
                        .as("%s %s: %s", kind, name, field).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void namesAreUniquePerKindAndNamespace(Variant variant) {
        Set<String> seen = new HashSet<>();
        for (JsonNode object : Rendered.of(variant)) {
            String key = object.path("kind").asText() + "/" + object.at("/metadata/namespace").asText() + "/"
                    + object.at("/metadata/name").asText();
            assertThat(seen.add(key)).as("rendered twice: %s", key).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void clusterScopedObjectsHaveNoNamespace(Variant variant) {
        for (JsonNode object : Rendered.of(variant)) {
            String kind = object.path("kind").asText();
            if (CLUSTER_SCOPED.contains(kind)) {
                assertThat(object.at("/metadata/namespace").isMissingNode()).as("%s has no namespace", kind).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void deploymentsSelectTheirOwnPodsAndUseRenderedAccountsAndConfigMaps(Variant variant) {
        List<JsonNode> objects = Rendered.of(variant);
        for (JsonNode deployment : Rendered.ofKind(objects, "Deployment")) {
            String name = deployment.at("/metadata/name").asText();
            JsonNode labels = deployment.at("/spec/template/metadata/labels");
            deployment.at("/spec/selector/matchLabels").fields().forEachRemaining(e ->
                    assertThat(labels.path(e.getKey()).asText()).as("%s: pod label %s", name, e.getKey())
                            .isEqualTo(e.getValue().asText()));
            JsonNode pod = deployment.at("/spec/template/spec");
            Rendered.get(objects, "ServiceAccount", pod.path("serviceAccountName").asText());
            Set<String> volumes = new HashSet<>();
            for (JsonNode volume : pod.path("volumes")) {
                assertThat(volume.path("name").asText()).matches(DNS_LABEL);
                volumes.add(volume.path("name").asText());
                if (volume.has("configMap")) {
                    Rendered.get(objects, "ConfigMap", volume.at("/configMap/name").asText());
                }
                for (JsonNode source : volume.at("/projected/sources")) {
                    JsonNode configMap = Rendered.get(objects, "ConfigMap", source.at("/configMap/name").asText());
                    for (JsonNode item : source.at("/configMap/items")) {
                        assertThat(configMap.path("data").has(item.path("key").asText()))
                                .as("%s: item %s in ConfigMap %s", name, item.path("key"), configMap.at("/metadata/name"))
                                .isTrue();
                    }
                }
            }
            for (JsonNode container : pod.path("containers")) {
                assertThat(container.path("name").asText()).matches(DNS_LABEL);
                for (JsonNode mount : container.path("volumeMounts")) {
                    assertThat(volumes).as("%s/%s mounts %s", name, container.path("name"), mount.path("name"))
                            .contains(mount.path("name").asText());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void servicesSelectPodsOfARenderedDeploymentOnANamedPort(Variant variant) {
        List<JsonNode> objects = Rendered.of(variant);
        for (JsonNode service : Rendered.ofKind(objects, "Service")) {
            JsonNode selector = service.at("/spec/selector");
            boolean matches = Rendered.ofKind(objects, "Deployment").stream().anyMatch(d -> {
                JsonNode labels = d.at("/spec/template/metadata/labels");
                boolean all = true;
                var it = selector.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    all &= e.getValue().asText().equals(labels.path(e.getKey()).asText());
                }
                return all && Rendered.any(d.at("/spec/template/spec/containers/0/ports"),
                        p -> p.path("name").asText().equals(service.at("/spec/ports/0/targetPort").asText()));
            });
            assertThat(matches).as("Service %s selects a Deployment's pods and port", service.at("/metadata/name")).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void bindingsReferToRenderedRolesAndAccounts(Variant variant) {
        List<JsonNode> objects = Rendered.of(variant);
        for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
            for (JsonNode binding : Rendered.ofKind(objects, kind)) {
                // A RoleBinding's Role is the one of that name in the binding's own namespace.
                String namespace = binding.at("/metadata/namespace").asText();
                List<JsonNode> candidates = kind.equals("RoleBinding")
                        ? objects.stream().filter(o -> namespace.equals(o.at("/metadata/namespace").asText())).toList()
                        : objects;
                Rendered.get(candidates, binding.at("/roleRef/kind").asText(), binding.at("/roleRef/name").asText());
                for (JsonNode subject : binding.path("subjects")) {
                    assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
                    assertThat(subject.path("namespace").asText()).isEqualTo(Helm.NAMESPACE);
                    Rendered.get(objects, "ServiceAccount", subject.path("name").asText());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void podsRunNonRootOnAReadOnlyRootWithProbesOnTheHealthEndpoints(Variant variant) {
        for (JsonNode deployment : Rendered.ofKind(Rendered.of(variant), "Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
            for (JsonNode container : pod.path("containers")) {
                JsonNode security = container.path("securityContext");
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
                assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
                assertThat(container.at("/resources/requests/memory").asText()).isNotBlank();
                assertThat(container.at("/resources/limits/memory").asText()).isNotBlank();
            }
            JsonNode heal8s = Rendered.container(deployment, "heal8s");
            assertThat(heal8s.at("/startupProbe/httpGet/path").asText()).isEqualTo("/health/started");
            assertThat(heal8s.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
            assertThat(heal8s.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
            List<String> writable = new java.util.ArrayList<>();
            heal8s.path("volumeMounts").forEach(m -> {
                if (!m.path("readOnly").asBoolean()) {
                    writable.add(m.path("mountPath").asText());
                }
            });
            assertThat(writable).containsExactlyInAnyOrder("/opt/ol/wlp/output", "/logs", "/tmp");
        }
    }
}
