package io.heal8s.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The sandbox as a process of its own: the in-memory Kubernetes API, seeded as usual, plus a kubeconfig that points
 * at it. Used to run heal8s as in production, against an API server in another process
 * ({@code heal8s.kubernetes.mode=cluster} with {@code KUBECONFIG}), for example by the webhook load benchmark, so that
 * the server's memory and CPU are heal8s' own and not the API server's.
 *
 * <pre>{@code java -cp ... io.heal8s.sandbox.SandboxMain <port> <kubeconfig file>}</pre>
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: SandboxMain <port> <kubeconfig file to write>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path kubeconfig = Path.of(args[1]);
        Sandbox sandbox = Sandbox.start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        write(kubeconfig, kubeconfig(sandbox.url()));
        System.out.println("sandbox Kubernetes API at " + sandbox.url() + ", kubeconfig " + kubeconfig.toAbsolutePath());
        stopped.await();
    }

    /** A kubeconfig with one cluster, one user without credentials and one context, in namespace shop. */
    static String kubeconfig(String url) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: heal8s-sandbox
                  cluster:
                    server: %s
                users:
                - name: heal8s-sandbox
                  user: {}
                contexts:
                - name: heal8s-sandbox
                  context:
                    cluster: heal8s-sandbox
                    user: heal8s-sandbox
                    namespace: %s
                current-context: heal8s-sandbox
                """.formatted(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, Sandbox.NAMESPACE);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
        }
    }
}
