package io.heal8s.server.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * The sandbox (module {@code heal8s-sandbox}) reached by reflection: the production build leaves the module out, so
 * the server must compile and run without its classes.
 */
public final class SandboxHandle implements AutoCloseable {

    static final String SANDBOX_CLASS = "io.heal8s.sandbox.Sandbox";

    private final Object sandbox;

    private SandboxHandle(Object sandbox) {
        this.sandbox = sandbox;
    }

    /** Whether this build carries the sandbox. */
    static boolean available() {
        try {
            Class.forName(SANDBOX_CLASS, false, SandboxHandle.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Starts the sandbox on 127.0.0.1 ({@code port} 0: any free port). */
    static SandboxHandle start(int port) {
        try {
            Class<?> type = Class.forName(SANDBOX_CLASS, true, SandboxHandle.class.getClassLoader());
            return new SandboxHandle(type.getMethod("start", int.class).invoke(null, port));
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("the sandbox in this build does not match the server: " + e, e);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    KubernetesClient client() {
        return (KubernetesClient) call("client");
    }

    /** The sandbox API server's URL. */
    public String url() {
        return (String) call("url");
    }

    /** The namespace of the seeded example workloads. */
    public String namespace() {
        try {
            return (String) sandbox.getClass().getField("NAMESPACE").get(null);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("the sandbox in this build does not match the server: " + e, e);
        }
    }

    /** The objects the sandbox created at start-up. */
    @SuppressWarnings("unchecked")
    public List<HasMetadata> seeded() {
        return (List<HasMetadata>) call("seeded");
    }

    /** Switches the simulated outage: while unavailable, the API answers every request 503. */
    public void setApiAvailable(boolean available) {
        try {
            sandbox.getClass().getMethod("setApiAvailable", boolean.class).invoke(sandbox, available);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("the sandbox in this build does not match the server: " + e, e);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    public boolean apiAvailable() {
        return (Boolean) call("apiAvailable");
    }

    @Override
    public void close() {
        call("close");
    }

    private Object call(String method) {
        try {
            return sandbox.getClass().getMethod(method).invoke(sandbox);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("the sandbox in this build does not match the server: " + e, e);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
