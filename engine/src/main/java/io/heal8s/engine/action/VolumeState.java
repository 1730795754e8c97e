package io.heal8s.engine.action;

import java.util.Objects;

/**
 * A PersistentVolumeClaim's storage request and what its StorageClass allows.
 *
 * @param storageClass the class name, {@code null} when the claim names none
 */
public record VolumeState(Quantity request, boolean storageClassAllowsExpansion, String storageClass) {

    public VolumeState {
        Objects.requireNonNull(request, "request");
    }
}
