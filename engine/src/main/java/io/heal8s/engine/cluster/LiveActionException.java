package io.heal8s.engine.cluster;

/**
 * The live cluster does not hold what an action needs: the workload, its container, its PersistentVolumeClaim's
 * StorageClass, or a field the calculator reads. Retrying will not help until someone changes the cluster, unlike
 * {@link KubernetesUnavailableException}, so the remediation fails with this message as its reason.
 */
public class LiveActionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LiveActionException(String message) {
        super(message);
    }
}
