package io.heal8s.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The mock server's CRUD dispatcher behind a switch: the requests it selects (all of them while the API is "down")
 * are answered 503, as a kube-apiserver that cannot serve. The sandbox uses it for its outage switch, tests for
 * outages of chosen calls. It also makes the server forget each request it receives (see
 * {@link #OutageDispatcher(KubernetesMixedDispatcher, Runnable)}).
 */
public final class OutageDispatcher extends ForwardingDispatcher<KubernetesMixedDispatcher> {

    private static final int SERVICE_UNAVAILABLE = 503;
    private static final Predicate<RecordedRequest> ALL = request -> true;

    private final Runnable forgetRequest;
    private final AtomicInteger refused = new AtomicInteger();
    private volatile Predicate<RecordedRequest> failing;

    /**
     * @param forgetRequest run for every request before it is dispatched: fabric8's MockWebServer queues every request
     *     it receives for tests' {@code takeRequest()} and never drops one, so a long-running sandbox would keep every
     *     API call's body (about 85 MB after 60,000 calls under the webhook load benchmark) unless each is taken out
     */
    public OutageDispatcher(KubernetesMixedDispatcher delegate, Runnable forgetRequest) {
        super(delegate);
        this.forgetRequest = forgetRequest;
    }

    /** Every request answered 503 (false) or served (true). */
    public void setAvailable(boolean available) {
        failing = available ? null : ALL;
    }

    /** Whether every request is served. */
    public boolean available() {
        return failing == null;
    }

    /**
     * Answers 503 to the requests that match (null: none) from now on.
     *
     * @return the count of requests answered 503 so far, live
     */
    public AtomicInteger fail(Predicate<RecordedRequest> which) {
        failing = which;
        return refused;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        forgetRequest.run();
        Predicate<RecordedRequest> f = failing;
        if (f != null && f.test(request)) {
            refused.incrementAndGet();
            return status(SERVICE_UNAVAILABLE, "ServiceUnavailable",
                    "the Kubernetes API is switched off for this request (sandbox outage switch)");
        }
        return delegate.dispatch(request);
    }
}
