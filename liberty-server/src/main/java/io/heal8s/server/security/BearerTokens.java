package io.heal8s.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/** Checks an {@code Authorization} header against the configured bearer token, in constant time; no HTTP types. */
public final class BearerTokens {

    /** Why a request was refused (or {@link #ACCEPTED}), worded for the JSON error body. */
    public enum Verdict {
        ACCEPTED(null),
        NO_TOKEN_CONFIGURED("no webhook token is configured on the server"),
        MISSING("missing bearer token"),
        WRONG("wrong bearer token");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private static final String SCHEME = "bearer ";

    private BearerTokens() {
    }

    /** Whether {@code authorization} (the header's value, may be null) carries {@code expected}. */
    public static Verdict check(String authorization, Optional<String> expected) {
        if (expected.isEmpty()) {
            return Verdict.NO_TOKEN_CONFIGURED;
        }
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Verdict.MISSING;
        }
        String presented = authorization.substring(SCHEME.length()).strip();
        if (presented.isEmpty()) {
            return Verdict.MISSING;
        }
        // Digests of equal length, so the comparison's time reveals neither the token's content nor its length.
        return MessageDigest.isEqual(sha256(presented), sha256(expected.get())) ? Verdict.ACCEPTED : Verdict.WRONG;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
