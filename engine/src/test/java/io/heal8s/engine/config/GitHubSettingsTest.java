package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubSettingsTest {

    @TempDir
    Path dir;

    @Test
    void absentKeysMeanNoGitHubAndTheDefaults() {
        GitHubSettings settings = GitHubSettings.fromMap(Map.of());

        assertThat(settings.auth()).isEqualTo(GitHubSettings.Auth.NONE);
        assertThat(settings.apiUrl()).isEqualTo(URI.create("https://api.github.com"));
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.token()).isEmpty();
        assertThat(settings.toString()).contains("no authentication");
    }

    @Test
    void aTokenFileIsReadTrimmedAndNeverShown() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), " ghp_s3cret\n");

        GitHubSettings settings = GitHubSettings.fromMap(Map.of(GitHubSettings.TOKEN_FILE, token.toString(),
                GitHubSettings.API_URL, "https://ghe.example.com/api/v3/", GitHubSettings.TIMEOUT, "2s500ms"));

        assertThat(settings.auth()).isEqualTo(GitHubSettings.Auth.TOKEN);
        assertThat(settings.token()).contains("ghp_s3cret");
        assertThat(settings.apiUrl()).isEqualTo(URI.create("https://ghe.example.com/api/v3"));
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.toString()).doesNotContain("ghp_s3cret").contains("ghe.example.com", "token from");
    }

    @Test
    void aRotatedTokenFileIsReadAgain() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "one");
        GitHubSettings settings = GitHubSettings.fromMap(Map.of(GitHubSettings.TOKEN_FILE, token.toString()));
        assertThat(settings.token()).contains("one");

        Files.writeString(token, "two");
        Files.setLastModifiedTime(token, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(settings.token()).contains("two");
    }

    @Test
    void aGitHubAppTakesItsIdsAndAPkcs1KeyAndRereadsARotatedKey() throws Exception {
        KeyPair first = rsa();
        Path key = Files.writeString(dir.resolve("app.pem"), pkcs1(first));

        GitHubSettings settings = GitHubSettings.fromMap(Map.of(GitHubSettings.APP_ID, "123",
                GitHubSettings.INSTALLATION_ID, "456", GitHubSettings.PRIVATE_KEY_FILE, key.toString()));

        assertThat(settings.auth()).isEqualTo(GitHubSettings.Auth.APP);
        assertThat(settings.appId()).isEqualTo(123);
        assertThat(settings.installationId()).isEqualTo(456);
        assertThat(settings.privateKey().getEncoded()).isEqualTo(first.getPrivate().getEncoded());
        assertThat(settings.toString()).contains("app 123", "installation 456", "app.pem").doesNotContain("BEGIN");

        KeyPair second = rsa();
        Files.writeString(key, pkcs8(second));
        Files.setLastModifiedTime(key, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(settings.privateKey().getEncoded()).isEqualTo(second.getPrivate().getEncoded());
    }

    @Test
    void aBadKeyFileIsNamedWithoutShowingItsContent() throws Exception {
        Path key = Files.writeString(dir.resolve("bad.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nTUlJQ3NlY3JldGlzaA==\n-----END RSA PRIVATE KEY-----\n");

        assertThatThrownBy(() -> GitHubSettings.fromMap(Map.of(GitHubSettings.APP_ID, "1",
                GitHubSettings.INSTALLATION_ID, "2", GitHubSettings.PRIVATE_KEY_FILE, key.toString())))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo(GitHubSettings.PRIVATE_KEY_FILE))
                .hasMessageContaining("bad.pem")
                .hasMessageContaining("does not hold a valid RSA private key in PKCS#1 form")
                .hasMessageNotContaining("TUlJQ3NlY3JldGlzaA");
    }

    @Test
    void exactlyOneFormOfAuthentication() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t");
        Path key = Files.writeString(dir.resolve("app.pem"), pkcs1(rsa()));

        assertThatThrownBy(() -> GitHubSettings.fromMap(Map.of(GitHubSettings.TOKEN_FILE, token.toString(),
                GitHubSettings.APP_ID, "1")))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo(GitHubSettings.TOKEN_FILE))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> GitHubSettings.fromMap(Map.of(GitHubSettings.APP_ID, "1",
                GitHubSettings.PRIVATE_KEY_FILE, key.toString())))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo(GitHubSettings.INSTALLATION_ID))
                .hasMessageContaining("is required for a GitHub App");
        assertThatThrownBy(() -> GitHubSettings.fromMap(Map.of(GitHubSettings.APP_ID, "1",
                GitHubSettings.INSTALLATION_ID, "2")))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo(GitHubSettings.PRIVATE_KEY_FILE));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "heal8s.github.api-url | api.github.com | expected an http or https URL",
        "heal8s.github.api-url | https://user:pw@ghe.example.com/api/v3 | expected no user, query or fragment",
        "heal8s.github.timeout | ten seconds | invalid duration",
        "heal8s.github.timeout | 0 | longer than 0",
        "heal8s.github.token-file | /nonexistent/token | not a readable file",
        "heal8s.github.app-id | twelve | not a positive whole number",
        "heal8s.github.installation-id | -4 | not a positive whole number",
    })
    void aBadValueIsRefusedNamingItsKey(String key, String value, String message) throws Exception {
        Path pem = Files.writeString(dir.resolve("app.pem"), pkcs1(rsa()));
        Map<String, String> values = key.contains("app-id") || key.contains("installation-id")
                ? Map.of(GitHubSettings.APP_ID, key.endsWith("app-id") ? value : "1",
                        GitHubSettings.INSTALLATION_ID, key.endsWith("installation-id") ? value : "1",
                        GitHubSettings.PRIVATE_KEY_FILE, pem.toString())
                : Map.of(key, value);

        assertThatThrownBy(() -> GitHubSettings.fromMap(values))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void anEmptyTokenFileIsRefused() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "  \n");

        assertThatThrownBy(() -> GitHubSettings.fromMap(Map.of(GitHubSettings.TOKEN_FILE, token.toString())))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo(GitHubSettings.TOKEN_FILE))
                .hasMessageContaining("is empty");
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pkcs8(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** PKCS#1 is the OCTET STRING at the end of the PKCS#8 envelope of a 2048-bit key (fixed 26-byte header). */
    private static String pkcs1(KeyPair pair) {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        byte[] inner = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(inner)
                + "\n-----END RSA PRIVATE KEY-----\n";
    }
}
