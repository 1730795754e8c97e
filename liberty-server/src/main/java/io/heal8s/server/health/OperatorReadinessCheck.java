package io.heal8s.server.health;

import io.heal8s.engine.playbook.Strategy;
import io.heal8s.operator.Role;
import io.heal8s.server.gitops.GitOpsService;
import io.heal8s.server.operator.OperatorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the Remediation operator runs: before that, Remediations would be stored but nobody would move them on.
 * With leader election a replica that waits for the Lease counts as running, since it takes over within the lease
 * duration. It says the role ({@code heal8s.role}); where GitOps changes go only in a role that publishes them.
 */
@Readiness
@ApplicationScoped
public class OperatorReadinessCheck implements HealthCheck {

    @Inject
    OperatorService operator;

    @Inject
    GitOpsService gitops;

    @Override
    public HealthCheckResponse call() {
        OperatorService.State state = operator.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("operator")
                .status(state == OperatorService.State.RUNNING)
                .withData("state", state.name());
        var settings = operator.settings();
        if (settings != null) {
            response.withData("namespaces", settings.namespaces().isEmpty() ? "*"
                    : String.join(",", settings.namespaces()))
                    .withData("leaderElection", settings.leaderElection());
        }
        if (operator.role() != null) {
            response.withData("role", operator.role().value());
        }
        if (operator.policyEngine() != null && operator.role() != Role.GITOPS_WORKER) {
            // The worker never asks the policy: its engine would only mislead.
            response.withData("policyEngine", operator.policyEngine());
        }
        if ((state == OperatorService.State.RUNNING || state == OperatorService.State.STARTING)
                && operator.role() != null && operator.role().executes(Strategy.Mode.GitOps)) {
            // Where GitOps changes go: a missing default repository or GitHub shows here before a Remediation fails.
            response.withData("gitopsDefaultRepository", Objects.requireNonNullElse(gitops.defaultRepository(), "none"))
                    .withData("github", Objects.requireNonNullElse(gitops.githubApiUrl(), "not configured"));
        }
        if (operator.error() != null) {
            response.withData("error", operator.error());
        }
        return response.build();
    }
}
