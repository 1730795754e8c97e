package io.heal8s.server;

import io.heal8s.engine.cluster.KubernetesUnavailableException;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The API's one error shape, {@code {"error": ..., "reason": ..., "path": ...}} ({@code path} only where the input
 * has one), so clients and Alertmanager's logs read every refusal the same way.
 */
public final class ApiErrors {

    /** Seconds Alertmanager (or any client) should wait before retrying after a 503. */
    public static final int RETRY_AFTER_SECONDS = 10;

    private ApiErrors() {
    }

    public static Response of(Response.Status status, String error, String reason) {
        return build(status, body(error, reason)).build();
    }

    /** An error about a part of the input, named by its JSON path. */
    public static Response of(Response.Status status, String error, String reason, String path) {
        return build(status, body(error, reason).add("path", path)).build();
    }

    /** 503 with {@code Retry-After}: the request was not processed and a retry is safe. */
    public static Response kubernetesUnavailable(KubernetesUnavailableException e) {
        return build(Response.Status.SERVICE_UNAVAILABLE, body("kubernetes unavailable", e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .build();
    }

    private static JsonObjectBuilder body(String error, String reason) {
        return Json.createObjectBuilder().add("error", error).add("reason", reason == null ? "" : reason);
    }

    private static Response.ResponseBuilder build(Response.Status status, JsonObjectBuilder body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body.build().toString());
    }
}
