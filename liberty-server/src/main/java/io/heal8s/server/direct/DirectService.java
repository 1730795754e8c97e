package io.heal8s.server.direct;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.heal8s.operator.DirectExecutor;
import io.heal8s.operator.OperatorSettings;
import io.heal8s.operator.RemediationExecutor;
import io.heal8s.server.config.Settings;
import io.heal8s.server.verification.VerificationService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Gives the operator its Direct executor, beside {@code GitOpsService}'s GitOps one: Remediations whose policy
 * decision is Direct are patched in the cluster with the application's Kubernetes client, their rollout followed for
 * {@code heal8s.operator.rollout-timeout} (10m by default) and rolled back when it does not finish, or when the change
 * is not verified within its window ({@link VerificationService}).
 */
@ApplicationScoped
public class DirectService {

    private static final Logger LOG = Logger.getLogger(DirectService.class.getName());

    @Inject
    KubernetesClient client;

    @Inject
    VerificationService verification;

    /** The Direct executor the operator hands Direct Remediations to. */
    @Produces
    @ApplicationScoped
    RemediationExecutor directExecutor() {
        OperatorSettings settings = Settings.operator();
        LOG.info("Direct: changes are patched with field manager " + DirectExecutor.FIELD_MANAGER
                + "; a rollout not done within " + settings.rolloutTimeout() + " is rolled back");
        return new DirectExecutor(client, Clock.systemUTC(), settings.rolloutTimeout(), verification.verifier());
    }
}
