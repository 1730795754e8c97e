package io.heal8s.server.remediations;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.heal8s.engine.cluster.KubernetesUnavailableException;
import io.heal8s.engine.remediation.Remediation;
import io.heal8s.engine.remediation.RemediationPhase;
import io.heal8s.server.ApiErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Remediations for people and tools, as the custom resources' own JSON: a list filtered by namespace and phase,
 * or one by namespace and name. Authenticated like the webhook.
 */
@Path("v1/remediations")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class RemediationsResource {

    @Inject
    RemediationStores stores;

    @GET
    public Response list(@QueryParam("namespace") String namespace, @QueryParam("phase") String phase) {
        RemediationPhase wanted = null;
        if (phase != null && !phase.isBlank()) {
            wanted = parsePhase(phase);
            if (wanted == null) {
                return ApiErrors.of(Response.Status.BAD_REQUEST, "unknown phase",
                        "phase must be one of " + List.of(RemediationPhase.values()));
            }
        }
        try {
            List<Remediation> items = stores.store().list(namespace, wanted);
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("apiVersion", Remediation.GROUP + "/" + Remediation.VERSION);
            list.put("kind", "RemediationList");
            list.put("items", items);
            return Response.ok(Serialization.asJson(list)).build();
        } catch (KubernetesUnavailableException e) {
            return ApiErrors.kubernetesUnavailable(e);
        }
    }

    @GET
    @Path("{namespace}/{name}")
    public Response get(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        try {
            return stores.store().get(namespace, name)
                    .map(r -> Response.ok(Serialization.asJson(r)).build())
                    .orElseGet(() -> ApiErrors.of(Response.Status.NOT_FOUND, "not found",
                            "no Remediation " + namespace + "/" + name));
        } catch (KubernetesUnavailableException e) {
            return ApiErrors.kubernetesUnavailable(e);
        }
    }

    private static RemediationPhase parsePhase(String text) {
        for (RemediationPhase p : RemediationPhase.values()) {
            if (p.name().equalsIgnoreCase(text.strip())) {
                return p;
            }
        }
        return null;
    }
}
