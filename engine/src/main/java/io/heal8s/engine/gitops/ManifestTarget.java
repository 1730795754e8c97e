package io.heal8s.engine.gitops;

import java.util.Objects;

/**
 * The object to patch in a manifest file: its kind and name, and its namespace when known.
 *
 * @param namespace {@code null} to accept any; a document without a namespace matches any namespace (kustomize and
 *     {@code kubectl -n} set it later), though a document naming the namespace wins over one that names none
 */
public record ManifestTarget(String kind, String name, String namespace) {

    public ManifestTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
