package io.heal8s.engine.verification;

/**
 * Asks one PromQL query and says whether its answer is healthy: a seam so that the operator's verification is tested
 * with a scripted answer, and runs against {@link PrometheusClient} in production.
 */
@FunctionalInterface
public interface PromQlCheck {

    /**
     * @throws PrometheusException when Prometheus cannot answer (unreachable, slow, an error or an unreadable answer)
     */
    PromQlAnswer ask(String query) throws PrometheusException;

    /** One answer: healthy or not, and a one-line summary for the status. */
    record PromQlAnswer(boolean healthy, String summary) {
    }
}
