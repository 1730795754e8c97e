package io.heal8s.server.sandbox;

import io.heal8s.server.kubernetes.KubernetesClientProducer;
import io.heal8s.server.kubernetes.SandboxHandle;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * A test aid: switches the sandbox's Kubernetes API off and on, so that tests against a running server can see how
 * heal8s behaves in an outage. Answers 404 unless the server runs on the sandbox.
 *
 * <pre>
 * curl -X POST 'http://localhost:9080/api/sandbox/api-availability?available=false'
 * </pre>
 */
@Path("sandbox/api-availability")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxResource {

    @Inject
    KubernetesClientProducer kubernetes;

    @GET
    public Response get() {
        Optional<SandboxHandle> sandbox = kubernetes.sandbox();
        if (sandbox.isEmpty()) {
            return noSandbox();
        }
        return Response.ok(state(sandbox.get())).build();
    }

    @POST
    public Response set(@QueryParam("available") String available) {
        Optional<SandboxHandle> sandbox = kubernetes.sandbox();
        if (sandbox.isEmpty()) {
            return noSandbox();
        }
        if (!"true".equals(available) && !"false".equals(available)) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(error("the query parameter 'available' must be true or false")).build();
        }
        sandbox.get().setApiAvailable(Boolean.parseBoolean(available));
        return Response.ok(state(sandbox.get())).build();
    }

    private static JsonObject state(SandboxHandle sandbox) {
        return Json.createObjectBuilder().add("available", sandbox.apiAvailable()).add("url", sandbox.url()).build();
    }

    private static Response noSandbox() {
        return Response.status(Response.Status.NOT_FOUND)
                .entity(error("heal8s is not running on the sandbox")).build();
    }

    private static JsonObject error(String message) {
        return Json.createObjectBuilder().add("error", message).build();
    }
}
