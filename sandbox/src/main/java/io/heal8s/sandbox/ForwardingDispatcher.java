package io.heal8s.sandbox;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Objects;

/**
 * A dispatcher in front of the mock server's CRUD dispatcher (or of another such dispatcher): it answers some requests
 * itself and forwards the rest. The mock server resets a dispatcher, tells it of custom resources and shuts it down
 * through {@link Resetable} and {@link CustomResourceAware}; those calls go through to the one behind, which holds the
 * store, so a chain of dispatchers behaves as the CRUD dispatcher alone.
 *
 * @param <D> the dispatcher behind: a {@link Dispatcher} that is also {@link Resetable} and {@link CustomResourceAware}
 */
public abstract class ForwardingDispatcher<D extends Dispatcher & Resetable & CustomResourceAware> extends Dispatcher
        implements Resetable, CustomResourceAware {

    /** The dispatcher the requests this one does not answer go to. */
    protected final D delegate;

    protected ForwardingDispatcher(D delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * An error as a kube-apiserver writes it: the HTTP code and a {@code Status} body with the same code, its reason
     * and message, so that the client raises its real {@code KubernetesClientException}.
     */
    public static MockResponse status(int code, String reason, String message) {
        Status status = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
                .withMessage(message).build();
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(status));
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
