package io.heal8s.engine.playbook;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigInteger;
import java.util.List;

/**
 * A YAML value with the 1-based position the parser gave it, so that validation can point at the exact line and
 * column. Built by {@link YamlTree}; package-private because it exists only to report errors well.
 */
sealed interface YamlNode permits YamlNode.MapNode, YamlNode.ListNode, YamlNode.Scalar {

    /** Where the value starts. */
    Pos pos();

    /** What the value is, for "expected X, found Y" messages. */
    String describe();

    /** A 1-based line and column. */
    record Pos(int line, int column) {
    }

    /** One key of a mapping, with the key's own position (unknown-field errors point at the key). */
    record Entry(String key, Pos keyPos, YamlNode value) {
    }

    /** A mapping; duplicate keys are kept so that validation can report them. */
    record MapNode(Pos pos, List<Entry> entries) implements YamlNode {
        public MapNode {
            entries = List.copyOf(entries);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A sequence. */
    record ListNode(Pos pos, List<YamlNode> items) implements YamlNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar as YAML resolved it: {@code token} says string, integer, float, boolean or null; {@code text} is the
     * scalar as written (so {@code 0.5} and {@code 129e6} keep their spelling).
     *
     * @param integer the value of an integer scalar, null otherwise
     * @param alias true for an alias ({@code *name}), whose text is the anchor's name
     */
    record Scalar(Pos pos, JsonToken token, String text, BigInteger integer, boolean alias) implements YamlNode {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        boolean isString() {
            return token == JsonToken.VALUE_STRING;
        }

        @Override
        public String describe() {
            switch (token) {
                case VALUE_NULL:
                    return "an empty value";
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return "a boolean (" + text + ")";
                case VALUE_NUMBER_INT:
                    return "an integer (" + text + ")";
                case VALUE_NUMBER_FLOAT:
                    return "a number (" + text + ")";
                default:
                    return "a string (\"" + text + "\")";
            }
        }
    }
}
