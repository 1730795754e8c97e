package io.heal8s.server.health;

import io.heal8s.server.playbooks.PlaybookService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a compiled playbook set is in service. A later broken edit keeps it ready (the last good set still
 * decides) and shows the error in the check's data.
 */
@Readiness
@ApplicationScoped
public class PlaybooksReadinessCheck implements HealthCheck {

    @Inject
    PlaybookService playbooks;

    @Override
    public HealthCheckResponse call() {
        var current = playbooks.current();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("playbooks")
                .status(playbooks.ready())
                .withData("directory", String.valueOf(playbooks.settings() == null ? "" : playbooks.settings().dir()))
                .withData("playbooks", current.playbooks().size())
                .withData("ruleFiles", current.rules().size());
        var errors = playbooks.lastErrors();
        if (!errors.isEmpty()) {
            response.withData("errors", errors.size()).withData("firstError", errors.get(0).toString());
        }
        return response.build();
    }
}
