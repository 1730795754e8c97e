package io.heal8s.engine.playbook;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Alertmanager-style label matcher: {@code name="v"}, {@code name!="v"}, {@code name=~"re"}, {@code name!~"re"}.
 * As in Alertmanager, an absent label reads as the empty string and regular expressions are fully anchored.
 */
public record LabelMatcher(String name, Op op, String value, Pattern pattern) {

    /** The four operators of Alertmanager's matchers. */
    public enum Op {
        EQ("="),
        NEQ("!="),
        RE("=~"),
        NRE("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean regex() {
            return this == RE || this == NRE;
        }
    }

    /** The forms {@link #parse} accepts, for error messages. */
    public static final String FORMS = "name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\"";

    // Alertmanager's classic matcher syntax (pkg/labels/parse.go): a label name, an operator, the rest is the value.
    private static final Pattern SYNTAX =
            Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(=~|=|!=|!~)\\s*(.*?)\\s*", Pattern.DOTALL);

    public LabelMatcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (op.regex() && pattern == null) {
            // Anchored as Alertmanager does: the expression must match the whole value.
            pattern = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
        }
    }

    /** Builds a matcher, compiling the regular expression when the operator needs one. */
    public static LabelMatcher of(String name, Op op, String value) {
        return new LabelMatcher(name, op, value, null);
    }

    /**
     * Parses a matcher as Alertmanager does: {@code name="value"} with the escapes {@code \"}, {@code \\} and
     * {@code \n} (any other backslash stays, so {@code "\d+"} keeps its regex meaning), or an unquoted value
     * such as {@code severity=critical}.
     *
     * @throws IllegalArgumentException for a malformed matcher or an invalid regular expression
     */
    public static LabelMatcher parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed matcher '" + text + "': expected " + FORMS);
        }
        Op op = null;
        for (Op candidate : Op.values()) {
            if (candidate.symbol.equals(m.group(2))) {
                op = candidate;
            }
        }
        String value = unquote(text, m.group(3));
        if (op.regex()) {
            try {
                // Compiled unanchored first so the error index points into the user's own expression.
                Pattern.compile(value, Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression '" + value + "' in matcher '" + text
                        + "': " + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""), e);
            }
        }
        return of(m.group(1), op, value);
    }

    private static String unquote(String text, String raw) {
        boolean quoted = raw.startsWith("\"");
        String body = quoted ? raw.substring(1) : raw;
        StringBuilder value = new StringBuilder(body.length());
        boolean closed = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i < body.length() - 1) {
                char next = body.charAt(++i);
                switch (next) {
                    case 'n':
                        value.append('\n');
                        break;
                    case '"':
                    case '\\':
                        value.append(next);
                        break;
                    default:
                        // A spurious escape is kept literally, as Alertmanager does.
                        value.append('\\').append(next);
                }
            } else if (c == '"') {
                if (!quoted || i < body.length() - 1) {
                    throw new IllegalArgumentException("malformed matcher '" + text
                            + "': unescaped double quote in the value (write \\\" inside a quoted value)");
                }
                closed = true;
            } else {
                value.append(c);
            }
        }
        if (quoted && !closed) {
            throw new IllegalArgumentException("malformed matcher '" + text + "': the value's closing quote is missing");
        }
        return value.toString();
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        switch (op) {
            case EQ:
                return actual.equals(value);
            case NEQ:
                return !actual.equals(value);
            case RE:
                return pattern.matcher(actual).matches();
            case NRE:
                return !pattern.matcher(actual).matches();
            default:
                throw new IllegalStateException("unknown operator " + op);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher other
                && name.equals(other.name) && op == other.op && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }

    @Override
    public String toString() {
        // Quoted as Alertmanager prints matchers, so that parse(toString()) gives the same matcher back.
        return name + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
