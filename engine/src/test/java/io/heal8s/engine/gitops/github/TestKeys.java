package io.heal8s.engine.gitops.github;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** RSA key pairs for tests, written as PEM in PKCS#8 (what the JDK encodes) and PKCS#1 (what GitHub hands out). */
final class TestKeys {

    private TestKeys() {
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pkcs8Pem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    static String pkcs1Pem(KeyPair pair) {
        return pem("RSA PRIVATE KEY", pkcs1(pair.getPrivate().getEncoded()));
    }

    /** The OCTET STRING inside PrivateKeyInfo: SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING }. */
    static byte[] pkcs1(byte[] pkcs8) {
        int[] at = {0};
        expect(pkcs8, at, 0x30);
        length(pkcs8, at);
        expect(pkcs8, at, 0x02);
        skip(pkcs8, at);
        expect(pkcs8, at, 0x30);
        skip(pkcs8, at);
        expect(pkcs8, at, 0x04);
        int n = length(pkcs8, at);
        return Arrays.copyOfRange(pkcs8, at[0], at[0] + n);
    }

    private static void skip(byte[] der, int[] at) {
        int n = length(der, at);
        at[0] += n;
    }

    private static void expect(byte[] der, int[] at, int tag) {
        if ((der[at[0]++] & 0xff) != tag) {
            throw new IllegalArgumentException("unexpected DER tag at " + (at[0] - 1));
        }
    }

    private static int length(byte[] der, int[] at) {
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            n = (n << 8) | (der[at[0]++] & 0xff);
        }
        return n;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
