package io.heal8s.engine.alert;

import java.util.Objects;

/**
 * A webhook body that {@link AlertParser} refused, with the JSON path of the offending value (such as
 * {@code $.alerts[3].labels.namespace}) and a {@link Kind} an HTTP layer maps to a status code: {@code TOO_LARGE}
 * to 413, every other kind to 400. The message never carries more than a short, escaped excerpt of the input.
 */
public final class AlertParseException extends RuntimeException {

    /** What was wrong with the body. */
    public enum Kind {
        /** Not JSON at all, truncated, duplicate keys, or content after the payload object. */
        NOT_JSON,
        /** {@code version} is not {@code "4"}. */
        WRONG_VERSION,
        /** A required field is absent or null. */
        MISSING_FIELD,
        /** A field holds the wrong JSON type, such as a number where a string belongs. */
        WRONG_TYPE,
        /** A field has the right type but a value outside its domain, such as status {@code "pending"}. */
        BAD_VALUE,
        /** {@code startsAt} or {@code endsAt} is not an RFC 3339 timestamp. */
        BAD_TIMESTAMP,
        /** A label name breaks Prometheus' rules or a label value is too long. */
        BAD_LABEL,
        /** The body, or one string or number in it, is longer than its limit. */
        TOO_LARGE,
        /** Arrays and objects nest deeper than the limit. */
        TOO_DEEP,
        /** Too many alerts, or too many labels or annotations in one object. */
        TOO_MANY
    }

    /** How much of any input value a message may echo. */
    static final int MAX_ECHO = 64;

    private static final int MAX_REASON = 240;

    private final Kind kind;
    private final String path;
    private final String reason;

    AlertParseException(Kind kind, String path, String reason) {
        this(kind, path, reason, null);
    }

    AlertParseException(Kind kind, String path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.path = Objects.requireNonNull(path, "path");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Kind kind() {
        return kind;
    }

    /** JSONPath of the offending value, {@code $} for the whole body. */
    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }

    /** Quotes an input value for a message: at most {@link #MAX_ECHO} characters, control characters escaped. */
    static String echo(String value) {
        StringBuilder out = new StringBuilder(MAX_ECHO + 8).append('"');
        appendEscaped(out, value, MAX_ECHO);
        return out.append('"').toString();
    }

    /** Makes a text that may quote input (a Jackson message, say) safe for a message: escaped and capped. */
    static String clip(String text) {
        StringBuilder out = new StringBuilder();
        appendEscaped(out, text == null ? "" : text, MAX_REASON);
        return out.toString();
    }

    static void appendEscaped(StringBuilder out, String value, int maxChars) {
        int end = Math.min(value.length(), maxChars);
        // Never cut a surrogate pair in half: the result would be invalid UTF-16.
        if (end < value.length() && end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (needsEscape(value, i, c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (end < value.length()) {
            out.append("...");
        }
    }

    // Control characters could forge log lines or terminal output; bidi overrides and lone surrogates could make a
    // message read differently from what it holds.
    private static boolean needsEscape(String value, int i, char c) {
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }
}
