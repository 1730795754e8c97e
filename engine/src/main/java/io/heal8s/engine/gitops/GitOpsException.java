package io.heal8s.engine.gitops;

import java.time.Duration;

/**
 * A change could not be published or followed. {@link #reason()} is a CamelCase word for the Remediation's status
 * ({@code ManifestNotFound}, {@code PatchFailed}, {@code RateLimited}, {@code GitHubUnavailable}, ...);
 * {@link #retryable()} says whether the same call may succeed later, and {@link #retryAfter()} when, if the host said
 * so (a rate limit's reset, a {@code Retry-After} header). Messages never carry a token or a key.
 */
public class GitOpsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final boolean retryable;
    private final transient Duration retryAfter;

    public GitOpsException(String reason, String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** A failure that retrying will not cure: the Remediation fails with {@code reason}. */
    public static GitOpsException permanent(String reason, String message) {
        return new GitOpsException(reason, message, false, null, null);
    }

    /** A failure that may pass: the operator retries, no sooner than {@code retryAfter} when that is not null. */
    public static GitOpsException retryable(String reason, String message, Duration retryAfter, Throwable cause) {
        return new GitOpsException(reason, message, true, retryAfter, cause);
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long to wait before the next call, or null when the host did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
