package io.heal8s.engine.verification;

/** Prometheus could not answer a query: unreachable, too slow, an error status, or an answer heal8s cannot read. */
public class PrometheusException extends Exception {

    private static final long serialVersionUID = 1L;

    public PrometheusException(String message) {
        super(message);
    }

    public PrometheusException(String message, Throwable cause) {
        super(message, cause);
    }
}
