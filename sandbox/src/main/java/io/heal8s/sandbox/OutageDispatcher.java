package io.heal8s.sandbox;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The mock server's dispatcher behind a switch: while the API is "down", every request is answered 503. It also makes
 * the server forget each request it receives (see {@link #OutageDispatcher(KubernetesMixedDispatcher, Runnable)}).
 */
final class OutageDispatcher extends Dispatcher implements Resetable, CustomResourceAware {

    private static final int SERVICE_UNAVAILABLE = 503;

    private final KubernetesMixedDispatcher delegate;
    private final Runnable forgetRequest;
    private volatile boolean available = true;

    /**
     * @param forgetRequest run for every request before it is dispatched: fabric8's MockWebServer queues every request
     *     it receives for tests' {@code takeRequest()} and never drops one, so a long-running sandbox would keep every
     *     API call's body (about 85 MB after 60,000 calls under the webhook load benchmark) unless each is taken out
     */
    OutageDispatcher(KubernetesMixedDispatcher delegate, Runnable forgetRequest) {
        this.delegate = delegate;
        this.forgetRequest = forgetRequest;
    }

    void setAvailable(boolean available) {
        this.available = available;
    }

    boolean available() {
        return available;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        forgetRequest.run();
        if (!available) {
            Status status = new StatusBuilder()
                    .withStatus("Failure")
                    .withCode(SERVICE_UNAVAILABLE)
                    .withReason("ServiceUnavailable")
                    .withMessage("the sandbox's Kubernetes API is switched off (Sandbox.setApiAvailable(false))")
                    .build();
            return new MockResponse().setResponseCode(SERVICE_UNAVAILABLE)
                    .setHeader("Content-Type", "application/json")
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
