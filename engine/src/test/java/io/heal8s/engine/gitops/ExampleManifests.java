package io.heal8s.engine.gitops;

/** The example manifests the GitOps publishers' tests commit, as a team keeps them in Git. */
public final class ExampleManifests {

    /** The checkout Deployment and its Service: a comment to keep, two documents, flow mappings. */
    public static final String CHECKOUT = """
            # The checkout service, as kept in Git. Owned by team-payments.
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: checkout
              namespace: shop
            spec:
              replicas: 2
              selector:
                matchLabels: {app: checkout}
              template:
                metadata:
                  labels: {app: checkout}
                spec:
                  containers:
                    - name: checkout
                      image: ghcr.io/shop/checkout:1.4.2
                      resources:
                        limits:
                          memory: 256Mi   # raised by hand in March
                        requests:
                          memory: 128Mi
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: checkout
              namespace: shop
            spec:
              selector: {app: checkout}
              ports:
                - port: 80
                  targetPort: 8080
            """;

    private ExampleManifests() {
    }
}
