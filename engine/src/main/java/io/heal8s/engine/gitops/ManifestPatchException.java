package io.heal8s.engine.gitops;

/**
 * A manifest could not be patched: it is not valid YAML, exceeds a {@link PatcherLimits} limit, has no (or more than
 * one) target document or container, or the change would go through YAML that cannot be edited safely in place.
 */
public class ManifestPatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ManifestPatchException(String message) {
        super(message);
    }

    public ManifestPatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
