package io.heal8s.engine.cluster;

/**
 * The Kubernetes API could not answer: no connection, a timeout, or a 5xx or 429 response. Worth retrying later,
 * unlike a 4xx refusal, so the webhook answers 503 and Alertmanager redelivers.
 */
public class KubernetesUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public KubernetesUnavailableException(String operation, int code, Throwable cause) {
        super("Kubernetes API unavailable while trying to " + operation
                + (code > 0 ? " (HTTP " + code + ")" : " (no response)"), cause);
        this.code = code;
    }

    /** The HTTP status the API answered, 0 when it gave no response at all. */
    public int code() {
        return code;
    }
}
