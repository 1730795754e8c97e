package io.heal8s.engine.action;

/** How a {@link Patch} body is applied to the live object, with the content type the Kubernetes API expects for it. */
public enum PatchType {
    /** RFC 7386 JSON merge patch: maps merge, lists are replaced whole. */
    MERGE("application/merge-patch+json"),
    /** Kubernetes strategic merge patch: lists such as {@code containers} merge by their key ({@code name}). */
    STRATEGIC_MERGE("application/strategic-merge-patch+json");

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }
}
