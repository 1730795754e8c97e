package io.heal8s.server.health;

import io.heal8s.server.alerts.WebhookWarmUp;
import io.heal8s.server.playbooks.PlaybookService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Startup;

/**
 * The startup probe: UP once the application has started, the first playbook load has been tried and the webhook's
 * path has been warmed up, so that Kubernetes neither kills a slow first start nor routes the first alert to a cold
 * replica. Whether the playbooks and Kubernetes are usable is readiness' business, not this check's.
 */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    @Inject
    PlaybookService playbooks;

    @Inject
    WebhookWarmUp warmUp;

    @Override
    public HealthCheckResponse call() {
        boolean loaded = playbooks.settings() != null;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("started")
                .status(loaded && warmUp.done())
                .withData("playbooksLoaded", loaded)
                .withData("warmedUp", warmUp.done());
        if (warmUp.done()) {
            response.withData("warmUpMillis", warmUp.took().toMillis());
        }
        return response.build();
    }
}
