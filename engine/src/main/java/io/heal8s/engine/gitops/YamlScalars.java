package io.heal8s.engine.gitops;

import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/** Writes a new scalar value in the style of the one it replaces, quoting only where YAML would misread it. */
final class YamlScalars {

    /** What a plain scalar resolves to, under YAML 1.2's core schema or YAML 1.1 (which older Kubernetes tools use). */
    enum Kind { STRING, NULL, BOOL, INT, FLOAT, TIMESTAMP }

    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern BOOL = Pattern.compile(
            "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    private static final Pattern INT = Pattern.compile(
            "[-+]?(0|[1-9][0-9_]*)|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|0o[0-7]+|[-+]?0b[01_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+");
    private static final Pattern FLOAT = Pattern.compile(
            "[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\\.(inf|Inf|INF)"
            + "|\\.(nan|NaN|NAN)|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
    private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

    private YamlScalars() {
    }

    static Kind kind(String plain) {
        if (NULL.matcher(plain).matches()) {
            return Kind.NULL;
        }
        if (BOOL.matcher(plain).matches()) {
            return Kind.BOOL;
        }
        if (INT.matcher(plain).matches()) {
            return Kind.INT;
        }
        if (FLOAT.matcher(plain).matches()) {
            return Kind.FLOAT;
        }
        return TIMESTAMP.matcher(plain).matches() ? Kind.TIMESTAMP : Kind.STRING;
    }

    /** True when the text can be written as a plain scalar in block or flow context and reads back as itself. */
    static boolean plainSafe(String value) {
        if (value.isEmpty() || INDICATORS.indexOf(value.charAt(0)) >= 0 || value.endsWith(":")
                || Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1))
                || value.contains(": ") || value.contains(" #")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ',' || c == '[' || c == ']' || c == '{' || c == '}') {
                return false;
            }
        }
        return true;
    }

    /**
     * The text for a value that replaces a scalar: quoted as the old one was; plain when the old one was plain and
     * the new one stays plain-safe and reads as a string or as the same kind the old value was ({@code 3} → {@code 5});
     * double-quoted otherwise ({@code 500m} → {@code "2"} keeps a string a string).
     */
    static String replacing(String oldValue, ScalarStyle oldStyle, String newValue) {
        switch (oldStyle) {
            case SINGLE_QUOTED:
                return newValue.indexOf('\n') < 0 ? "'" + newValue.replace("'", "''") + "'" : doubleQuoted(newValue);
            case PLAIN:
                if (plainSafe(newValue)) {
                    Kind kind = kind(newValue);
                    if (kind == Kind.STRING || kind == kind(oldValue)) {
                        return newValue;
                    }
                }
                return doubleQuoted(newValue);
            case DOUBLE_QUOTED:
            default:
                return doubleQuoted(newValue);
        }
    }

    /** The text for a new value: plain when it reads back as the same string, else double-quoted. */
    static String inserting(String value) {
        return plainSafe(value) && kind(value) == Kind.STRING ? value : doubleQuoted(value);
    }

    static String doubleQuoted(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
