package io.heal8s.engine.gitops.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GitHubAppAuthTest {

    private static final KeyPair PAIR = TestKeys.generate();
    private static final RSAPrivateKey KEY = PemKeys.parseRsaPrivateKey(TestKeys.pkcs1Pem(PAIR));

    @Test
    void theJwtIsRs256WithTheAppIdAsIssuerBackdatedAMinuteAndShorterThanTenMinutes() {
        GitHubAppAuth auth = new GitHubAppAuth(4242, 7, () -> KEY, (id, jwt) -> null,
                new MutableClock(Instant.now()), GitHubAppAuth.DEFAULT_REFRESH_MARGIN);

        Jws<Claims> jws = Jwts.parser().verifyWith(PAIR.getPublic()).build().parseSignedClaims(auth.jwt());

        assertThat(jws.getHeader().getAlgorithm()).isEqualTo("RS256");
        Claims claims = jws.getPayload();
        assertThat(claims.getIssuer()).isEqualTo("4242");
        Instant iat = claims.getIssuedAt().toInstant();
        Instant exp = claims.getExpiration().toInstant();
        assertThat(iat).isCloseTo(Instant.now().minusSeconds(60), within(5, ChronoUnit.SECONDS));
        assertThat(Duration.between(iat, exp)).isLessThanOrEqualTo(Duration.ofMinutes(10)).isPositive();
    }

    @Test
    void theInstallationTokenIsReusedAndRenewedFiveMinutesBeforeItExpires() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        List<Long> installations = new ArrayList<>();
        AtomicInteger issued = new AtomicInteger();
        GitHubAppAuth auth = new GitHubAppAuth(1, 99, () -> KEY, (id, jwt) -> {
            installations.add(id);
            return new GitHubAppAuth.Token("ghs_" + issued.incrementAndGet(), clock.instant().plus(Duration.ofHours(1)));
        }, clock, GitHubAppAuth.DEFAULT_REFRESH_MARGIN);

        assertThat(auth.getEncodedAuthorization()).isEqualTo("token ghs_1");
        clock.advance(Duration.ofMinutes(54));
        assertThat(auth.getEncodedAuthorization()).isEqualTo("token ghs_1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(auth.getEncodedAuthorization()).isEqualTo("token ghs_2");

        assertThat(auth.exchanges()).isEqualTo(2);
        assertThat(installations).containsExactly(99L, 99L);
        assertThat(new GitHubAppAuth.Token("ghs_secret", clock.instant()).toString()).doesNotContain("ghs_secret");
    }

    @Test
    void concurrentCallersShareOneExchange() throws Exception {
        AtomicInteger exchanges = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        GitHubAppAuth auth = new GitHubAppAuth(1, 2, () -> KEY, (id, jwt) -> {
            exchanges.incrementAndGet();
            return new GitHubAppAuth.Token("ghs_shared", Instant.now().plus(Duration.ofHours(1)));
        }, new MutableClock(Instant.now()), GitHubAppAuth.DEFAULT_REFRESH_MARGIN);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = Collections.nCopies(8, () -> {
                start.await();
                return auth.getEncodedAuthorization();
            });
            List<Future<String>> results = new ArrayList<>();
            calls.forEach(c -> results.add(pool.submit(c)));
            start.countDown();
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo("token ghs_shared");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(exchanges).hasValue(1);
    }
}
