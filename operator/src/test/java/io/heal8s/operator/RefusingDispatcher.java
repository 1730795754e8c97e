package io.heal8s.operator;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.heal8s.sandbox.ForwardingDispatcher;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Answers chosen requests with an error a kube-apiserver gives (404 of an object deleted meanwhile, 422 of an invalid
 * value, 409, 5xx), with a {@code Status} body as the API server writes it, so that tests see the client's real
 * {@code KubernetesClientException}; every other request goes to the CRUD mock behind it. It stands in front of
 * {@link StrategicMergeDispatcher}, so a strategic merge patch is refused before it is merged.
 */
final class RefusingDispatcher extends ForwardingDispatcher<StrategicMergeDispatcher> {

    /** One refusal: the requests it matches and the answer they get. */
    private record Refusal(Predicate<RecordedRequest> which, int code, String reason, String message) {
    }

    private final AtomicInteger refused = new AtomicInteger();
    private volatile Refusal refusal;

    RefusingDispatcher(StrategicMergeDispatcher delegate) {
        super(delegate);
    }

    /**
     * From now on answers {@code code} to the requests that match (replacing any earlier refusal).
     *
     * @return the count of requests refused so far, live
     */
    AtomicInteger refuse(Predicate<RecordedRequest> which, int code, String reason, String message) {
        refusal = new Refusal(which, code, reason, message);
        return refused;
    }

    /** Serves every request again. */
    void stopRefusing() {
        refusal = null;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Refusal r = refusal;
        if (r != null && r.which().test(request)) {
            refused.incrementAndGet();
            return status(r.code(), r.reason(), r.message());
        }
        return delegate.dispatch(request);
    }
}
