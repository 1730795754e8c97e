package io.heal8s.operator;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Answers chosen requests with an error a kube-apiserver gives (404 of an object deleted meanwhile, 422 of an invalid
 * value, 409, 5xx), with a {@code Status} body as the API server writes it, so that tests see the client's real
 * {@code KubernetesClientException}; every other request goes to the CRUD mock behind it. It stands in front of
 * {@link StrategicMergeDispatcher}, so a strategic merge patch is refused before it is merged.
 */
final class RefusingDispatcher extends Dispatcher implements Resetable, CustomResourceAware {

    /** One refusal: the requests it matches and the answer they get. */
    private record Refusal(Predicate<RecordedRequest> which, int code, String reason, String message) {
    }

    private final StrategicMergeDispatcher delegate;
    private final AtomicInteger refused = new AtomicInteger();
    private volatile Refusal refusal;

    RefusingDispatcher(StrategicMergeDispatcher delegate) {
        this.delegate = delegate;
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
            Status status = new StatusBuilder().withStatus("Failure").withCode(r.code()).withReason(r.reason())
                    .withMessage(r.message()).build();
            return new MockResponse().setResponseCode(r.code()).setHeader("Content-Type", "application/json")
                    .setBody(Serialization.asJson(status));
        }
        return delegate.dispatch(request);
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext context) {
        delegate.expectCustomResource(context);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }
}
