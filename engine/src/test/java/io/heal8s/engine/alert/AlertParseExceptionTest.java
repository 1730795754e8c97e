package io.heal8s.engine.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.engine.alert.AlertParseException.Kind;

import org.junit.jupiter.api.Test;

class AlertParseExceptionTest {

    @Test
    void messageIsPathColonReason() {
        AlertParseException e = new AlertParseException(Kind.BAD_LABEL, "$.alerts[3].labels.namespace", "too long");

        assertThat(e).hasMessage("$.alerts[3].labels.namespace: too long");
        assertThat(e.kind()).isEqualTo(Kind.BAD_LABEL);
        assertThat(e.path()).isEqualTo("$.alerts[3].labels.namespace");
        assertThat(e.reason()).isEqualTo("too long");
    }

    @Test
    void echoKeepsShortValuesWhole() {
        assertThat(AlertParseException.echo("firing")).isEqualTo("\"firing\"");
    }

    @Test
    void echoTruncatesToSixtyFourCharacters() {
        assertThat(AlertParseException.echo("a".repeat(1000))).isEqualTo("\"" + "a".repeat(64) + "...\"");
    }

    @Test
    void echoEscapesControlCharactersQuotesAndBidiOverrides() {
        assertThat(AlertParseException.echo("a\nb\u0000c\"d\\e\u202ef\u0085"))
                .isEqualTo("\"a\\u000ab\\u0000c\\\"d\\\\e\\u202ef\\u0085\"");
    }

    @Test
    void echoNeverSplitsASurrogatePair() {
        String value = "a".repeat(63) + "\uD83D\uDE00" + "tail";

        assertThat(AlertParseException.echo(value)).isEqualTo("\"" + "a".repeat(63) + "...\"");
    }

    @Test
    void echoEscapesLoneSurrogates() {
        assertThat(AlertParseException.echo("x\uD800y")).isEqualTo("\"x\\ud800y\"");
    }

    @Test
    void clipCapsLongTextAndEscapesIt() {
        assertThat(AlertParseException.clip("line\n" + "z".repeat(1000))).startsWith("line\\u000az").endsWith("...")
                .hasSizeLessThan(260);
    }
}
