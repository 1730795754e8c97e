package io.heal8s.engine.remediation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic Remediation names: the same firing of an alert (its fingerprint and startsAt) and playbook always give
 * the same name, so a redelivered alert finds its Remediation instead of creating a second one, while the same alert
 * firing again later (a new startsAt) is a new Remediation. Names are DNS-1123 labels whatever the input's case or
 * characters.
 */
public final class RemediationNames {

    /** A DNS-1123 label's limit, which also keeps the name usable as a label value. */
    public static final int MAX_LENGTH = 63;

    private static final int HASH_HEX = 10;
    private static final int PREFIX_MAX = MAX_LENGTH - HASH_HEX - 1;

    private RemediationNames() {
    }

    /**
     * {@code <playbook, lowercased and trimmed>-<10 hex of SHA-256(fingerprint, playbook)>}, such as
     * {@code oom-increase-memory-3f9a1c0b7e}. The hash covers the raw inputs, so playbooks whose names differ only in
     * case or punctuation still get different names.
     */
    public static String forAlert(String fingerprint, String playbook) {
        String fp = fingerprint == null ? "" : fingerprint;
        String pb = playbook == null ? "" : playbook;
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        return named(pb, fp + '\u0000' + pb);
    }

    /**
     * The name of the Remediation that {@code playbook} makes for the firing of the alert {@code fingerprint} that
     * started at {@code startsAt}: as {@link #forAlert(String, String)} with the start (Unix seconds, the precision of
     * {@code spec.alert.alertId}) in the hash. Without a start, the name {@link #forAlert(String, String)} gives.
     */
    public static String forAlert(String fingerprint, Instant startsAt, String playbook) {
        if (startsAt == null) {
            return forAlert(fingerprint, playbook);
        }
        String fp = fingerprint == null ? "" : fingerprint;
        String pb = playbook == null ? "" : playbook;
        return named(pb, fp + '\u0000' + startsAt.getEpochSecond() + '\u0000' + pb);
    }

    /** {@code <playbook as a DNS label prefix>-<10 hex of SHA-256(hashed)>}, or {@code rem-<hash>} without a prefix. */
    private static String named(String playbook, String hashed) {
        String prefix = dnsLabelPrefix(playbook, PREFIX_MAX);
        String hash = sha256Hex(hashed).substring(0, HASH_HEX);
        return prefix.isEmpty() ? "rem-" + hash : prefix + '-' + hash;
    }

    /**
     * The identity of one firing of an alert, {@code spec.alert.alertId}: {@code <fingerprint>-<startsAt in Unix
     * seconds>}, or the fingerprint alone for an alert without a start.
     */
    public static String alertId(String fingerprint, Instant startsAt) {
        return startsAt == null ? fingerprint : fingerprint + "-" + startsAt.getEpochSecond();
    }

    /**
     * A stand-in fingerprint for an alert that came without one: 16 hex of SHA-256 over the labels sorted by name.
     * Alertmanager always sends a fingerprint; this keeps names deterministic for other senders.
     */
    public static String fingerprintOf(Map<String, String> labels) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(labels).forEach((name, value) ->
                text.append(name).append('\u00ff').append(value).append('\u00ff'));
        return sha256Hex(text.toString()).substring(0, 16);
    }

    /** Lowercase letters, digits and single hyphens, first and last a letter or digit, at most {@code max} long. */
    static String dnsLabelPrefix(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        boolean hyphen = false;
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (hyphen && out.length() > 0) {
                    out.append('-');
                }
                hyphen = false;
                out.append(c);
            } else {
                hyphen = true;
            }
            if (out.length() >= max) {
                break;
            }
        }
        String s = out.length() > max ? out.substring(0, max) : out.toString();
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '-') {
            end--;
        }
        return s.substring(0, end);
    }

    static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
