package io.heal8s.engine.gitops;

/**
 * Bounds on the manifests the patcher reads, so hostile YAML (a huge file, deep nesting, an alias bomb) fails fast
 * with a clear message instead of exhausting memory or the stack.
 *
 * @param maxChars the largest file, in characters
 * @param maxDepth the deepest nesting of mappings and sequences
 * @param maxAliases the most alias nodes ({@code *name}) in a file
 * @param maxDocuments the most YAML documents in a file
 */
public record PatcherLimits(int maxChars, int maxDepth, int maxAliases, int maxDocuments) {

    /**
     * 4 MiB of text (a Helm-rendered release is rarely 1 MiB), 64 levels (Kubernetes objects nest about 15 deep), 50
     * aliases (a billion-laughs bomb needs about 80), 1,000 documents.
     */
    public static final PatcherLimits DEFAULT = new PatcherLimits(4 << 20, 64, 50, 1_000);

    public PatcherLimits {
        if (maxChars < 1 || maxDepth < 1 || maxAliases < 0 || maxDocuments < 1) {
            throw new IllegalArgumentException("patcher limits must be positive: " + maxChars + ", " + maxDepth + ", "
                    + maxAliases + ", " + maxDocuments);
        }
    }
}
