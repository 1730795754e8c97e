package io.heal8s.engine.action;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MarkdownTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "app                 | `app`",
        // Markdown, HTML and mentions are inert inside a code span
        "**bold** <b>x</b>   | `**bold** <b>x</b>`",
        "@org/team           | `@org/team`",
        "[link](http://x)    | `[link](http://x)`",
        // a backtick inside needs a longer fence; one at an edge needs padding
        "a`b                 | ``a`b``",
        "a``b`               | ``` a``b` ```",
        "`x                  | `` `x ``",
        "\" a \"             | `  a  `",
        "\"\"                | (empty)",
    })
    void showsUntrustedTextLiterallyInACodeSpan(String text, String expected) {
        assertThat(Markdown.code(text)).isEqualTo(expected);
    }

    @Test
    void keepsTheSpanOnOneLine() {
        // A blank line would end the span and let the rest render as Markdown.
        assertThat(Markdown.code("a\n\n# heading\r\tb\u2028c")).isEqualTo("`a  # heading  b c`");
    }

    @Test
    void shortensVeryLongText() {
        String code = Markdown.code("x".repeat(1000));

        assertThat(code).hasSize(203).endsWith("x…`");
    }
}
