package io.heal8s.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.heal8s.server.security.BearerTokens.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

    static final Optional<String> TOKEN = Optional.of("s3cret-token");

    @Test
    void theConfiguredTokenIsAcceptedWhateverTheSchemesCase() {
        assertThat(BearerTokens.check("Bearer s3cret-token", TOKEN)).isEqualTo(Verdict.ACCEPTED);
        assertThat(BearerTokens.check("bearer s3cret-token", TOKEN)).isEqualTo(Verdict.ACCEPTED);
        assertThat(BearerTokens.check("BEARER  s3cret-token ", TOKEN)).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void anotherTokenIsWrong() {
        assertThat(BearerTokens.check("Bearer s3cret-tokem", TOKEN)).isEqualTo(Verdict.WRONG);
        assertThat(BearerTokens.check("Bearer s3cret-token-longer", TOKEN)).isEqualTo(Verdict.WRONG);
        assertThat(BearerTokens.check("Bearer s3cret", TOKEN)).isEqualTo(Verdict.WRONG);
    }

    @Test
    void noHeaderAnotherSchemeOrAnEmptyTokenIsMissing() {
        assertThat(BearerTokens.check(null, TOKEN)).isEqualTo(Verdict.MISSING);
        assertThat(BearerTokens.check("", TOKEN)).isEqualTo(Verdict.MISSING);
        assertThat(BearerTokens.check("Bearer ", TOKEN)).isEqualTo(Verdict.MISSING);
        assertThat(BearerTokens.check("Bearer    ", TOKEN)).isEqualTo(Verdict.MISSING);
        assertThat(BearerTokens.check("Basic czNjcmV0LXRva2Vu", TOKEN)).isEqualTo(Verdict.MISSING);
        assertThat(BearerTokens.check("s3cret-token", TOKEN)).isEqualTo(Verdict.MISSING);
    }

    @Test
    void withoutAConfiguredTokenEveryRequestIsRefused() {
        assertThat(BearerTokens.check("Bearer anything", Optional.empty())).isEqualTo(Verdict.NO_TOKEN_CONFIGURED);
        assertThat(BearerTokens.check(null, Optional.empty())).isEqualTo(Verdict.NO_TOKEN_CONFIGURED);
    }

    @Test
    void everyRefusalHasAReasonThatNeverEchoesTheToken() {
        for (Verdict v : Verdict.values()) {
            if (v != Verdict.ACCEPTED) {
                assertThat(v.reason()).isNotBlank().doesNotContain("s3cret");
            }
        }
    }
}
