package io.heal8s.engine.cluster;

import io.heal8s.engine.remediation.Remediation;
import java.util.Objects;

/**
 * What {@link RemediationStore#createIfAbsent} did: created the Remediation, or found one of the same name (a
 * redelivered alert) and returned that one as stored.
 *
 * @param remediation the stored resource, as the API server returned it
 */
public record CreateResult(Remediation remediation, boolean created) {

    public CreateResult {
        Objects.requireNonNull(remediation, "remediation");
    }

    /** {@code created} or {@code existing}, as the webhook reports it. */
    public String disposition() {
        return created ? "created" : "existing";
    }
}
