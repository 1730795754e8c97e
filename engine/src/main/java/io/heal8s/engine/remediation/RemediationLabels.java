package io.heal8s.engine.remediation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labels heal8s puts on every Remediation, so people and the webhook can select them ({@code kubectl get rem
 * -l heal8s.io/target-name=cart}), and {@link #value} that turns any text into a valid label value.
 */
public final class RemediationLabels {

    public static final String PLAYBOOK = "heal8s.io/playbook";
    public static final String ACTION = "heal8s.io/action";
    public static final String TARGET_KIND = "heal8s.io/target-kind";
    public static final String TARGET_NAME = "heal8s.io/target-name";
    public static final String FINGERPRINT = "heal8s.io/fingerprint";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "heal8s";

    /** The annotation holding the instant heal8s decided (RFC 3339). */
    public static final String DECIDED_AT = "heal8s.io/decided-at";

    /**
     * The annotation the GitHub webhook sets to {@code <action>:<delivery id>} when the Remediation's pull request
     * changes: a wake-up for the operator, which then asks GitHub for the pull request's state itself.
     */
    public static final String PR_EVENT = "heal8s.io/pr-event";

    /** A Kubernetes label value's limit. */
    public static final int MAX_LENGTH = 63;

    private static final Pattern VALID = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final int HASH_HEX = 10;

    private RemediationLabels() {
    }

    /**
     * The instant heal8s decided on the Remediation: its {@link #DECIDED_AT} annotation, else its
     * {@code creationTimestamp}; null when neither can be read (an annotation edited by hand falls back on the
     * creation time). Guards, TTLs and durations all measure from it.
     */
    public static Instant decidedAt(HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        String decided = annotations == null ? null : annotations.get(DECIDED_AT);
        Instant at = WireFormats.timestampOrNull(decided);
        return at != null ? at : WireFormats.timestampOrNull(resource.getMetadata().getCreationTimestamp());
    }

    /** Whether Kubernetes accepts the text as a label value (empty included). */
    public static boolean isValidValue(String text) {
        return text.length() <= MAX_LENGTH && VALID.matcher(text).matches();
    }

    /**
     * The text itself when it is a valid label value; otherwise its allowed characters (others become {@code _},
     * the ends trimmed to a letter or digit) cut short and followed by {@code -} and 10 hex of its SHA-256, so two
     * different texts never share a value. Null reads as empty.
     */
    public static String value(String text) {
        if (text == null) {
            return "";
        }
        if (isValidValue(text)) {
            return text;
        }
        StringBuilder cleaned = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            cleaned.append(allowed ? c : '_');
        }
        String hash = RemediationNames.sha256Hex(text).substring(0, HASH_HEX);
        String head = trim(cleaned.toString(), MAX_LENGTH - HASH_HEX - 1);
        return head.isEmpty() ? hash : head + '-' + hash;
    }

    /** At most {@code max} characters, starting and ending with a letter or digit. */
    private static String trim(String s, int max) {
        int start = 0;
        while (start < s.length() && !Character.isLetterOrDigit(s.charAt(start))) {
            start++;
        }
        String t = s.substring(start, Math.min(s.length(), start + max));
        int end = t.length();
        while (end > 0 && !Character.isLetterOrDigit(t.charAt(end - 1))) {
            end--;
        }
        return t.substring(0, end);
    }
}
