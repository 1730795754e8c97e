package io.heal8s.server.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The sandbox (module {@code heal8s-sandbox}) reached by reflection: the production build leaves the module out, so
 * the server must compile and run without its classes.
 */
public final class SandboxHandle implements AutoCloseable {

    static final String SANDBOX_CLASS = "io.heal8s.sandbox.Sandbox";
    static final String GIT_REPOSITORY_CLASS = "io.heal8s.sandbox.SandboxGitRepository";

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
        Class<?> type;
        try {
            type = Class.forName(SANDBOX_CLASS, true, SandboxHandle.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this build has no sandbox (built with -Dproduction)", e);
        }
        return new SandboxHandle(invoke(type, null, "start", new Class<?>[] {int.class}, port));
    }

    /**
     * Creates (or reuses) the sandbox's manifests repository: a bare Git repository at {@code bareRepoDir} whose
     * {@code main} holds the files of {@code sourceDir}; returns its {@code file:} URI.
     */
    public static URI seedManifestsRepository(Path bareRepoDir, Path sourceDir) {
        Class<?> type;
        try {
            type = Class.forName(GIT_REPOSITORY_CLASS, true, SandboxHandle.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this build has no sandbox (built with -Dproduction)", e);
        }
        return (URI) invoke(type, null, "seed", new Class<?>[] {Path.class, Path.class}, bareRepoDir, sourceDir);
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
        invoke(sandbox.getClass(), sandbox, "setApiAvailable", new Class<?>[] {boolean.class}, available);
    }

    public boolean apiAvailable() {
        return (Boolean) call("apiAvailable");
    }

    @Override
    public void close() {
        call("close");
    }

    private Object call(String method) {
        return invoke(sandbox.getClass(), sandbox, method, new Class<?>[0]);
    }

    private static Object invoke(Class<?> type, Object target, String method, Class<?>[] types, Object... args) {
        try {
            return type.getMethod(method, types).invoke(target, args);
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
