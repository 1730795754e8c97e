package io.heal8s.server.github;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhook signature, {@code X-Hub-Signature-256: sha256=<hex>}: the HMAC-SHA256 of the raw body bytes keyed
 * with the webhook's secret. Checked before anything of the body is parsed, with a constant-time comparison, so that
 * neither an unauthenticated body nor the time of a refusal tells a forger anything.
 */
public final class WebhookSignature {

    /** The header GitHub signs deliveries in. */
    public static final String HEADER = "X-Hub-Signature-256";

    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int HEX_LENGTH = 64;

    /** What a presented signature is; only {@link #VALID} lets a delivery through. */
    public enum Verdict {
        VALID,
        /** No header, or an empty one. */
        MISSING,
        /** Not {@code sha256=} followed by 64 hex digits. */
        MALFORMED,
        /** Well formed, but not the body's signature with this secret. */
        INVALID
    }

    private WebhookSignature() {
    }

    /** The header's value GitHub would send for {@code body} with {@code secret}: {@code sha256=<lower-case hex>}. */
    public static String sign(byte[] secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    /**
     * Checks {@code header} (the header's value, may be null) against the HMAC of {@code body}.
     *
     * @param secret the webhook's secret, not empty
     */
    public static Verdict verify(byte[] secret, byte[] body, String header) {
        if (header == null || header.isEmpty()) {
            return Verdict.MISSING;
        }
        if (!header.startsWith(PREFIX) || header.length() != PREFIX.length() + HEX_LENGTH) {
            return Verdict.MALFORMED;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header, PREFIX.length(), header.length());
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        // Both 32 bytes: MessageDigest.isEqual then takes the same time whichever byte differs.
        return MessageDigest.isEqual(hmac(secret, body), presented) ? Verdict.VALID : Verdict.INVALID;
    }

    /** As {@link #verify(byte[], byte[], String)} with a secret given as text (GitHub's form: UTF-8). */
    public static Verdict verify(String secret, byte[] body, String header) {
        return verify(secret.getBytes(StandardCharsets.UTF_8), body, header);
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("secret: an HMAC needs a non-empty secret");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java platform has " + ALGORITHM, e);
        }
    }
}
