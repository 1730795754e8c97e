package io.heal8s.server.health;

import io.heal8s.server.operator.OperatorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN when the operator stopped reconciling by itself after it ran: with leader election, a replica that lost its
 * Lease never campaigns again (java-operator-sdk 5.3.2), so Kubernetes must restart it. Starting, failing to start
 * and stopping with the application are readiness' business and keep liveness UP.
 */
@Liveness
@ApplicationScoped
public class OperatorLivenessCheck implements HealthCheck {

    @Inject
    OperatorService operator;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("operator").status(operator.alive())
                .withData("state", operator.state().name()).build();
    }
}
