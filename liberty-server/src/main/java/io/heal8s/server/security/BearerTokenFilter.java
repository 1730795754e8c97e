package io.heal8s.server.security;

import io.heal8s.server.ApiErrors;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Lets a request to any resource of the API ({@code /api/...}: the webhook, the read API, the sandbox's switch)
 * through only with {@code Authorization: Bearer <the webhook token>}; others get 401 with a
 * {@code WWW-Authenticate} challenge and a JSON error. Health and metrics are served outside this application.
 * Resources marked {@link SignedRequests} (the GitHub webhook) check a signature of each body instead.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Bearer realm=\"heal8s\"";

    @Inject
    WebhookConfiguration configuration;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> type = resource == null ? null : resource.getResourceClass();
        if (type != null && type.isAnnotationPresent(SignedRequests.class)) {
            return;
        }
        BearerTokens.Verdict verdict = BearerTokens.check(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                configuration.settings().token());
        if (verdict != BearerTokens.Verdict.ACCEPTED) {
            request.abortWith(Response.fromResponse(
                            ApiErrors.of(Response.Status.UNAUTHORIZED, "unauthorized", verdict.reason()))
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                    .build());
        }
    }
}
