package io.heal8s.fakegithub;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Verifies a GitHub App JWT as GitHub does: RS256 signed by the app's registered key, {@code iss} the app id (string
 * or number), {@code iat} and {@code exp} present, {@code exp} in the future and at most 10 minutes after {@code iat}.
 * Hand-written on {@link Signature} so the fake needs no JWT library and checks what a client really signs.
 */
final class JwtVerifier {

    static final String DOCS = "https://docs.github.com/rest";
    private static final long MAX_LIFETIME_SECONDS = 600;
    private static final long CLOCK_DRIFT_SECONDS = 60;

    private JwtVerifier() {
    }

    /** Returns the app id the token was signed for, or throws a 401 with GitHub's message. */
    static long verify(String jwt, Map<Long, PublicKey> apps, Instant now, ObjectMapper json) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw undecodable();
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            header = json.readTree(decoder.decode(parts[0]));
            claims = json.readTree(decoder.decode(parts[1]));
            signature = decoder.decode(parts[2]);
        } catch (Exception e) {
            throw undecodable();
        }
        if (header == null || claims == null || !"RS256".equals(header.path("alg").asText())) {
            throw undecodable();
        }
        JsonNode iss = claims.get("iss");
        long appId;
        try {
            appId = iss == null ? -1 : Long.parseLong(iss.asText());
        } catch (NumberFormatException e) {
            appId = -1;
        }
        PublicKey key = apps.get(appId);
        if (key == null) {
            throw new ApiException(401, "Integration not found", DOCS);
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature)) {
                throw undecodable();
            }
        } catch (GeneralSecurityException e) {
            throw undecodable();
        }
        JsonNode iat = claims.get("iat");
        JsonNode exp = claims.get("exp");
        if (iat == null || !iat.canConvertToLong() || iat.asLong() > now.getEpochSecond() + CLOCK_DRIFT_SECONDS) {
            throw new ApiException(401, "'Issued at' claim ('iat') must be an Integer representing the time that"
                    + " the assertion was issued.", DOCS);
        }
        if (exp == null || !exp.canConvertToLong() || exp.asLong() <= now.getEpochSecond()) {
            throw new ApiException(401, "'Expiration time' claim ('exp') must be a numeric value representing the"
                    + " future time at which the assertion expires.", DOCS);
        }
        if (exp.asLong() - iat.asLong() > MAX_LIFETIME_SECONDS) {
            throw new ApiException(401, "'Expiration time' claim ('exp') is too far in the future.", DOCS);
        }
        return appId;
    }

    private static ApiException undecodable() {
        return new ApiException(401, "A JSON web token could not be decoded", DOCS);
    }
}
