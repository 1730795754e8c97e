package io.heal8s.engine.playbook;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

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
        return name + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
