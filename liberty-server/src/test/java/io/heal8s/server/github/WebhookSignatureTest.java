package io.heal8s.server.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.server.github.WebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    // GitHub's documented example ("Validating webhook deliveries").
    static final String SECRET = "It's a Secret to Everybody";
    static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    static final String HELLO_SIGNATURE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void githubsDocumentedExampleIsSignedAndVerified() {
        assertThat(WebhookSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), HELLO)).isEqualTo(HELLO_SIGNATURE);
        assertThat(WebhookSignature.verify(SECRET, HELLO, HELLO_SIGNATURE)).isEqualTo(Verdict.VALID);
    }

    @Test
    void upperCaseHexDigitsAreTheSameSignature() {
        String upper = "sha256=" + HELLO_SIGNATURE.substring(7).toUpperCase(Locale.ROOT);

        assertThat(WebhookSignature.verify(SECRET, HELLO, upper)).isEqualTo(Verdict.VALID);
    }

    @Test
    void anotherBodyOrAnotherSecretIsInvalid() {
        byte[] changed = "Hello, World?".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.verify(SECRET, changed, HELLO_SIGNATURE)).isEqualTo(Verdict.INVALID);
        assertThat(WebhookSignature.verify("It's a Secret to Everybody!", HELLO, HELLO_SIGNATURE))
                .isEqualTo(Verdict.INVALID);
        String lastDigitChanged = HELLO_SIGNATURE.substring(0, HELLO_SIGNATURE.length() - 1) + "8";
        assertThat(WebhookSignature.verify(SECRET, HELLO, lastDigitChanged)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void anAbsentOrEmptyHeaderIsMissing() {
        assertThat(WebhookSignature.verify(SECRET, HELLO, null)).isEqualTo(Verdict.MISSING);
        assertThat(WebhookSignature.verify(SECRET, HELLO, "")).isEqualTo(Verdict.MISSING);
    }

    @Test
    void anythingButSha256AndSixtyFourHexDigitsIsMalformed() {
        String hex = HELLO_SIGNATURE.substring(7);
        for (String header : new String[] {
            hex,                                   // no prefix
            "sha1=" + hex,                         // GitHub's legacy header's form
            "SHA256=" + hex,
            "sha256=" + hex.substring(2),          // too short
            "sha256=" + hex + "00",                // too long
            "sha256=" + hex.substring(1) + "g",    // not hex
            "sha256= " + hex.substring(1),
        }) {
            assertThat(WebhookSignature.verify(SECRET, HELLO, header)).as(header).isEqualTo(Verdict.MALFORMED);
        }
    }

    @Test
    void anEmptyBodyHasASignatureToo() {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(secret, new byte[0]);

        assertThat(WebhookSignature.verify(secret, new byte[0], signature)).isEqualTo(Verdict.VALID);
        assertThat(WebhookSignature.verify(secret, HELLO, signature)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void anEmptySecretIsRefusedNamingIt() {
        assertThatThrownBy(() -> WebhookSignature.verify(new byte[0], HELLO, HELLO_SIGNATURE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("secret:");
    }
}
