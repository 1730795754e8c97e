package io.heal8s.engine.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.heal8s.engine.playbook.LabelMatcher.Op;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Matcher semantics as Alertmanager defines them: absent label reads as "", regular expressions fully anchored. */
class LabelMatcherTest {

    private static final Map<String, String> LABELS = Map.of("namespace", "kube-system", "severity", "critical",
            "empty", "");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "=>", value = {
        // equality
        "namespace=\"kube-system\" => true",
        "namespace=\"kube\" => false",
        "namespace!=\"kube-system\" => false",
        "namespace!=\"default\" => true",
        // regular expressions are anchored at both ends
        "namespace=~\"kube-.*\" => true",
        "namespace=~\"kube\" => false",
        "namespace=~\"system\" => false",
        "namespace=~\".*system\" => true",
        "namespace=~\"kube-system|kube-public\" => true",
        "namespace!~\"kube-system|kube-public\" => false",
        "namespace!~\"kube\" => true",
        // an absent label is the empty string
        "team=\"\" => true",
        "team!=\"\" => false",
        "team=~\"\" => true",
        "team=~\".*\" => true",
        "team=~\".+\" => false",
        "team!~\".+\" => true",
        "team=\"a\" => false",
        "team!=\"a\" => true",
        // a present but empty label is the same as an absent one
        "empty=\"\" => true",
        "empty!=\"\" => false",
        // unquoted values, spaces around the operator
        "severity=critical => true",
        "severity = \"critical\" => true",
        "severity=~crit.* => true",
    })
    void matchesLikeAlertmanager(String matcher, boolean expected) {
        assertThat(LabelMatcher.parse(matcher).matches(LABELS)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "a=\"b\"                 | a | EQ  | b",
        "a!=\"b\"                | a | NEQ | b",
        "a=~\"b\"                | a | RE  | b",
        "a!~\"b\"                | a | NRE | b",
        "a=\"say \\\"hi\\\"\"    | a | EQ  | say \"hi\"",
        "a=\"back\\\\slash\"     | a | EQ  | back\\slash",
        "a=~\"\\d+\"             | a | RE  | \\d+",
        "a=\"\"                  | a | EQ  | ''",
        "a=                      | a | EQ  | ''",
        "__name__=\"up\"         | __name__ | EQ | up",
    })
    void parsesAlertmanagerEscapes(String text, String name, Op op, String value) {
        LabelMatcher m = LabelMatcher.parse(text);

        assertThat(m).isEqualTo(LabelMatcher.of(name, op, value == null ? "" : value));
        assertThat(LabelMatcher.parse(m.toString())).isEqualTo(m);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "a=~\"\\d+\" | 42  | true",
        "a=~\"\\d+\" | 4x2 | false",
    })
    void spuriousEscapesStayForTheRegularExpression(String text, String value, boolean expected) {
        assertThat(LabelMatcher.parse(text).matches(Map.of("a", value))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "namespace               | malformed matcher 'namespace'",
        "=\"x\"                  | malformed matcher '=\"x\"'",
        "1abc=\"x\"              | malformed matcher '1abc=\"x\"'",
        "a=\"x                   | the value's closing quote is missing",
        "a=\"x\"y\"              | unescaped double quote",
        "a=x\"                   | unescaped double quote",
        "a=~\"(x\"               | invalid regular expression '(x' in matcher 'a=~\"(x\"': Unclosed group",
        "a!~\"*\"                | invalid regular expression '*' in matcher 'a!~\"*\"': Dangling meta character '*' at index 0",
    })
    void refusesMalformedMatchers(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> LabelMatcher.parse(text)).withMessageContaining(message);
    }

    @Test
    void newlineRoundTripsThroughToString() {
        LabelMatcher m = LabelMatcher.of("a", Op.EQ, "two\nlines");

        assertThat(m).hasToString("a=\"two\\nlines\"");
        assertThat(LabelMatcher.parse(m.toString())).isEqualTo(m);
    }
}
