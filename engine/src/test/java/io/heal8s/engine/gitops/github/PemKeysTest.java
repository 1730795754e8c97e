package io.heal8s.engine.gitops.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemKeysTest {

    private static final KeyPair PAIR = TestKeys.generate();

    @Test
    void pkcs1AsGitHubHandsItOutAndPkcs8GiveTheSameKey() {
        RSAPrivateKey fromPkcs1 = PemKeys.parseRsaPrivateKey(TestKeys.pkcs1Pem(PAIR));
        RSAPrivateKey fromPkcs8 = PemKeys.parseRsaPrivateKey(TestKeys.pkcs8Pem(PAIR));

        assertThat(TestKeys.pkcs1Pem(PAIR)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(fromPkcs1.getEncoded()).isEqualTo(PAIR.getPrivate().getEncoded());
        assertThat(fromPkcs8.getEncoded()).isEqualTo(PAIR.getPrivate().getEncoded());
    }

    @Test
    void textAroundTheBlockAndCrLfLineEndingsAreAccepted() {
        String pem = "Bag Attributes: from a keystore\r\n" + TestKeys.pkcs1Pem(PAIR).replace("\n", "\r\n");

        assertThat(PemKeys.parseRsaPrivateKey(pem).getModulus())
                .isEqualTo(((RSAPrivateKey) PAIR.getPrivate()).getModulus());
    }

    @Test
    void anEncryptedKeyIsRefused() {
        String pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQww\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n";

        assertThatThrownBy(() -> PemKeys.parseRsaPrivateKey(pem)).hasMessageContaining("encrypted");
    }

    @Test
    void aCertificateOrGarbageIsRefusedWithoutQuotingIt() {
        String certificate = "-----BEGIN CERTIFICATE-----\nTUlJQ3NlY3JldGlzaA==\n-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> PemKeys.parseRsaPrivateKey(certificate))
                .hasMessageContaining("no 'BEGIN RSA PRIVATE KEY' (PKCS#1) or 'BEGIN PRIVATE KEY' (PKCS#8)")
                .hasMessageNotContaining("TUlJQ3NlY3JldGlzaA");
        String damaged = "-----BEGIN RSA PRIVATE KEY-----\nTUlJQ3NlY3JldGlzaA==\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PemKeys.parseRsaPrivateKey(damaged))
                .hasMessageContaining("does not hold a valid RSA private key in PKCS#1 form")
                .hasMessageNotContaining("TUlJQ3NlY3JldGlzaA");
    }

    @Test
    void mismatchedBeginAndEndLinesAreRefused() {
        String mismatched = TestKeys.pkcs1Pem(PAIR).replace("END RSA PRIVATE KEY", "END PRIVATE KEY");
        assertThatThrownBy(() -> PemKeys.parseRsaPrivateKey(mismatched)).hasMessageContaining("mismatched");
    }

    @Test
    void anEcKeyIsNotAnRsaKey() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ec.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> PemKeys.parseRsaPrivateKey(pem))
                .hasMessageContaining("does not hold a valid RSA private key in PKCS#8 form");
    }
}
