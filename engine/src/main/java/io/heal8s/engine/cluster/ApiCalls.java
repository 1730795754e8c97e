package io.heal8s.engine.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one rule for "the Kubernetes API cannot answer now" (429, 5xx, or no answer at all), shared by every class of
 * this package that calls the API: such failures become {@link KubernetesUnavailableException} (the webhook answers
 * 503, the operator backs off); 4xx answers stay {@link KubernetesClientException}s.
 */
public final class ApiCalls {

    private ApiCalls() {
    }

    /** Runs one API call, turning "the API cannot answer now" into {@link KubernetesUnavailableException}. */
    public static <T> T call(String operation, Supplier<T> apiCall) {
        try {
            return apiCall.get();
        } catch (KubernetesClientException e) {
            if (unavailable(e)) {
                throw new KubernetesUnavailableException(operation, Math.max(e.getCode(), 0), e);
            }
            throw e;
        }
    }

    /** Whether the failure means the API cannot answer now (worth retrying), rather than a refusal. */
    public static boolean unavailable(KubernetesClientException e) {
        int code = e.getCode();
        if (code == 429 || code >= 500) {
            return true;
        }
        if (code > 0) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
