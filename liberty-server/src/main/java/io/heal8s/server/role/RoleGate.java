package io.heal8s.server.role;

import io.heal8s.operator.Role;
import io.heal8s.server.ApiErrors;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Answers 404 to the webhook that the other role serves, before authentication: in split mode Alertmanager's webhook
 * belongs to the operator (the GitOps worker has neither the webhook token nor the rights to create Remediations), and
 * GitHub's to the GitOps worker (the operator holds no GitHub webhook secret). The body says which role serves it, so a
 * misrouted Alertmanager or GitHub webhook is found from its own error log.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class RoleGate implements ContainerRequestFilter {

    // Compiled once: the filter runs on every /api request, each Alertmanager delivery included.
    private static final Pattern EDGE_SLASHES = Pattern.compile("^/+|/+$");

    /** Alertmanager's webhook, relative to the application's path. */
    static final String ALERTS = "v1/alerts";
    /** GitHub's webhook, relative to the application's path. */
    static final String GITHUB = "v1/github/webhook";

    @Inject
    ServerRole role;

    @Override
    public void filter(ContainerRequestContext request) {
        refusal(role.role(), request.getUriInfo().getPath()).ifPresent(reason -> request.abortWith(
                ApiErrors.of(Response.Status.NOT_FOUND, "not served by this role", reason)));
    }

    /** Why {@code role} does not serve {@code path} (relative to {@code /api}), or empty when it does. */
    static Optional<String> refusal(Role role, String path) {
        String p = path == null ? "" : EDGE_SLASHES.matcher(path).replaceAll("");
        if (!role.receivesAlerts() && under(p, ALERTS)) {
            return Optional.of(Role.KEY + "=" + role.value() + ": Alertmanager's webhook is served by the "
                    + Role.OPERATOR.value() + " role; point Alertmanager at the operator's Service.");
        }
        if (!role.receivesGitHubEvents() && under(p, GITHUB)) {
            return Optional.of(Role.KEY + "=" + role.value() + ": GitHub's webhook is served by the "
                    + Role.GITOPS_WORKER.value() + " role; point the GitHub App's webhook at the worker's Service.");
        }
        return Optional.empty();
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
