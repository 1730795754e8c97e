package io.heal8s.engine.cluster;

import java.util.regex.Pattern;

/**
 * Kubernetes' rules for object names, applied to names that come from alert labels before they reach an API path: a
 * label such as {@code pod="../secrets/x"} must never become a request for another resource.
 */
public final class KubernetesNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int LABEL_MAX = 63;
    private static final int SUBDOMAIN_MAX = 253;

    private KubernetesNames() {
    }

    /** A DNS-1123 label: what a namespace's name must be. */
    public static boolean isLabel(String name) {
        return name != null && name.length() <= LABEL_MAX && LABEL.matcher(name).matches();
    }

    /** A DNS-1123 subdomain: what the name of a Pod, a Deployment, a StatefulSet or a claim must be. */
    public static boolean isSubdomain(String name) {
        return name != null && name.length() <= SUBDOMAIN_MAX && SUBDOMAIN.matcher(name).matches();
    }
}
