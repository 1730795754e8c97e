package io.heal8s.engine.gitops.github;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a GitHub App's RSA private key from PEM. GitHub hands out PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), which the JDK
 * cannot read directly, and tools such as {@code openssl pkcs8} turn it into PKCS#8 ({@code BEGIN PRIVATE KEY}); both
 * are accepted: a PKCS#1 key is wrapped in the few DER bytes of a PKCS#8 envelope. Error messages never quote the key.
 */
public final class PemKeys {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA )?PRIVATE KEY-----");
    /** AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemKeys() {
    }

    /**
     * The RSA private key in {@code pem}.
     *
     * @throws IllegalArgumentException saying what is wrong (no PEM block, an encrypted key, a key that is not RSA),
     *     never quoting the text
     */
    public static RSAPrivateKey parseRsaPrivateKey(String pem) {
        if (pem == null) {
            throw new IllegalArgumentException("holds no PEM private key");
        }
        if (pem.contains("ENCRYPTED")) {
            throw new IllegalArgumentException("holds an encrypted private key; heal8s needs it unencrypted "
                    + "(as GitHub hands it out)");
        }
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("holds no 'BEGIN RSA PRIVATE KEY' (PKCS#1) or 'BEGIN PRIVATE KEY' "
                    + "(PKCS#8) PEM block");
        }
        boolean pkcs1 = m.group(1) != null;
        if (pkcs1 != (m.group(3) != null)) {
            throw new IllegalArgumentException("has mismatched BEGIN and END lines");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a PEM block that is not valid base64");
        }
        byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return (RSAPrivateKey) key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("does not hold a valid RSA private key in "
                    + (pkcs1 ? "PKCS#1" : "PKCS#8") + " form");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING pkcs1 }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
        byte[] out = new byte[bytes + 1];
        out[0] = (byte) (0x80 | bytes);
        for (int i = 0; i < bytes; i++) {
            out[bytes - i] = (byte) (length >>> (8 * i));
        }
        return out;
    }
}
