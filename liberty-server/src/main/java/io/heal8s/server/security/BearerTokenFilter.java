package io.heal8s.server.security;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Lets a request under {@code /api/v1/} through only with {@code Authorization: Bearer <the webhook token>};
 * others get 401 with a {@code WWW-Authenticate} challenge and a JSON error.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Bearer realm=\"heal8s\"";

    @Inject
    WebhookConfiguration configuration;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("v1/") || path.startsWith("/v1/"))) {
            return;
        }
        BearerTokens.Verdict verdict = BearerTokens.check(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                configuration.settings().token());
        if (verdict != BearerTokens.Verdict.ACCEPTED) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Json.createObjectBuilder()
                            .add("error", "unauthorized")
                            .add("reason", verdict.reason())
                            .build().toString())
                    .build());
        }
    }
}
