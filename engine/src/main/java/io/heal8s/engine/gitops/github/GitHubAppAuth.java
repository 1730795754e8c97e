package io.heal8s.engine.gitops.github;

import io.jsonwebtoken.Jwts;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.function.Supplier;
import org.kohsuke.github.authorization.AuthorizationProvider;

/**
 * Authenticates as a GitHub App installation: signs a short RS256 JWT with the App's private key, exchanges it for an
 * installation token, and reuses that token until a few minutes before its {@code expires_at}. Thread-safe: concurrent
 * callers share one exchange. hub4j's own {@code JWTTokenProvider} reads only PKCS#8 keys, while GitHub hands out
 * PKCS#1, hence this class (the key comes through {@link PemKeys}, which reads both).
 */
public final class GitHubAppAuth implements AuthorizationProvider {

    /** A token is renewed this long before it expires, so no call carries a token that dies in flight. */
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(5);
    /** GitHub allows at most 10 minutes; iat is set 60 s in the past against clock drift, so exp is 9 min after it. */
    static final Duration JWT_BACKDATE = Duration.ofSeconds(60);
    static final Duration JWT_LIFETIME = Duration.ofMinutes(9);

    /** An installation token and when GitHub says it expires. */
    public record Token(String value, Instant expiresAt) {

        public Token {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "Token[expires " + expiresAt + "]";
        }
    }

    /** Exchanges the App's JWT for an installation token. */
    @FunctionalInterface
    public interface TokenExchange {
        Token exchange(long installationId, String jwt);
    }

    private final long appId;
    private final long installationId;
    private final Supplier<RSAPrivateKey> key;
    private final TokenExchange exchange;
    private final Clock clock;
    private final Duration refreshMargin;
    // guarded by this
    private Token token;
    private int exchanges;

    public GitHubAppAuth(long appId, long installationId, Supplier<RSAPrivateKey> key, TokenExchange exchange,
            Clock clock, Duration refreshMargin) {
        this.appId = appId;
        this.installationId = installationId;
        this.key = Objects.requireNonNull(key, "key");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshMargin = Objects.requireNonNull(refreshMargin, "refreshMargin");
    }

    /** {@code token <installation token>}, fetching a new one when there is none or it expires within the margin. */
    @Override
    public synchronized String getEncodedAuthorization() {
        if (token == null || !clock.instant().isBefore(token.expiresAt().minus(refreshMargin))) {
            token = exchange.exchange(installationId, jwt());
            exchanges++;
        }
        return "token " + token.value();
    }

    /** How many installation tokens this provider has fetched. */
    public synchronized int exchanges() {
        return exchanges;
    }

    /** The App's JWT: iss the app id, iat 60 s ago, exp 9 minutes after iat, signed RS256 with the App's key. */
    String jwt() {
        Instant now = Instant.now();
        Instant issued = now.minus(JWT_BACKDATE);
        return Jwts.builder()
                .issuer(Long.toString(appId))
                .issuedAt(Date.from(issued))
                .expiration(Date.from(issued.plus(JWT_LIFETIME)))
                .signWith(key.get(), Jwts.SIG.RS256)
                .compact();
    }

    @Override
    public String toString() {
        return "GitHubAppAuth[app " + appId + ", installation " + installationId + "]";
    }
}
