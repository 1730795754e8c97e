package io.heal8s.engine.config;

import io.heal8s.engine.cluster.KubernetesNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which Kubernetes API heal8s talks to (a real cluster or the in-memory sandbox) and which namespaces it watches.
 * Built from any key/value source by {@link #fromMap}.
 *
 * @param mode how the API server is chosen
 * @param namespaces the watched namespaces; empty means all
 * @param sandboxPort the sandbox API server's port on 127.0.0.1; 0 takes any free port
 */
public record KubernetesSettings(Mode mode, List<String> namespaces, int sandboxPort) {

    /** {@code auto}, {@code cluster} or {@code sandbox}. Default {@code auto}. */
    public static final String MODE = "heal8s.kubernetes.mode";
    /** The watched namespaces, a comma-separated list. Default empty: all namespaces. */
    public static final String NAMESPACES = "heal8s.kubernetes.namespaces";
    /** The port of the sandbox's API server, 0 for any free port. Default 0. */
    public static final String SANDBOX_PORT = "heal8s.sandbox.port";

    /** How the Kubernetes API server is chosen. */
    public enum Mode {
        /** The cluster the fabric8 client finds (kubeconfig or service account); without one, the sandbox. */
        AUTO,
        /** The cluster the fabric8 client finds, or start-up fails. */
        CLUSTER,
        /** The in-memory sandbox, or start-up fails when the build left it out. */
        SANDBOX;

        /** The value as written in configuration. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public KubernetesSettings {
        namespaces = List.copyOf(namespaces);
    }

    /** Reads the settings, applying defaults for absent keys; throws {@link ConfigException} naming a bad key. */
    public static KubernetesSettings fromMap(Map<String, String> values) {
        return new KubernetesSettings(parseMode(values.get(MODE)), parseNamespaces(values.get(NAMESPACES)),
                parsePort(values.get(SANDBOX_PORT)));
    }

    /** Whether every namespace is watched. */
    public boolean allNamespaces() {
        return namespaces.isEmpty();
    }

    private static Mode parseMode(String text) {
        if (text == null || text.isBlank()) {
            return Mode.AUTO;
        }
        for (Mode mode : Mode.values()) {
            if (mode.value().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new ConfigException(MODE, "'" + text + "' is not auto, cluster or sandbox");
    }

    private static List<String> parseNamespaces(String text) {
        List<String> namespaces = new ArrayList<>();
        if (text == null) {
            return namespaces;
        }
        for (String part : text.split(",")) {
            String namespace = part.trim();
            if (namespace.isEmpty()) {
                continue;
            }
            if (!KubernetesNames.isLabel(namespace)) {
                throw new ConfigException(NAMESPACES, "'" + namespace
                        + "' is not a namespace name (lower-case letters, digits and '-', at most 63 characters)");
            }
            if (!namespaces.contains(namespace)) {
                namespaces.add(namespace);
            }
        }
        return namespaces;
    }

    private static int parsePort(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw new ConfigException(SANDBOX_PORT, "'" + text + "' is not a port from 0 to 65535 (0: any free port)");
    }
}
