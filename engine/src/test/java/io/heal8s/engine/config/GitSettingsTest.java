package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitSettingsTest {

    @TempDir
    Path dir;

    @Test
    void absentKeysMeanNoCredentialsTheHeal8sAuthorAndThirtySeconds() {
        GitSettings settings = GitSettings.fromMap(Map.of());

        assertThat(settings.username()).isEqualTo("x-access-token");
        assertThat(settings.password()).isEmpty();
        assertThat(settings.workDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "heal8s-git"));
        assertThat(settings.authorName()).isEqualTo("heal8s");
        assertThat(settings.authorEmail()).isEqualTo("heal8s@users.noreply.local");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyKeyIsReadAndThePasswordIsNeverShown() throws Exception {
        Path password = Files.writeString(dir.resolve("token"), "  ghp_s3cret\n");

        GitSettings settings = GitSettings.fromMap(Map.of(
                GitSettings.USERNAME, "deploy",
                GitSettings.PASSWORD_FILE, password.toString(),
                GitSettings.WORK_DIR, dir.resolve("clones").toString(),
                GitSettings.AUTHOR_NAME, "Platform Bot",
                GitSettings.AUTHOR_EMAIL, "bot@acme.example",
                GitSettings.TIMEOUT, "1m"));

        assertThat(settings.username()).isEqualTo("deploy");
        assertThat(settings.password()).contains("ghp_s3cret");
        assertThat(settings.workDir()).isEqualTo(dir.resolve("clones"));
        assertThat(settings.authorName()).isEqualTo("Platform Bot");
        assertThat(settings.authorEmail()).isEqualTo("bot@acme.example");
        assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.toString()).doesNotContain("ghp_s3cret").contains("deploy", password.toString());
    }

    @Test
    void aRotatedPasswordFileIsReadAgain() throws Exception {
        Path password = Files.writeString(dir.resolve("token"), "one");
        GitSettings settings = GitSettings.fromMap(Map.of(GitSettings.PASSWORD_FILE, password.toString()));
        assertThat(settings.password()).contains("one");

        Files.writeString(password, "two");
        Files.setLastModifiedTime(password, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(settings.password()).contains("two");
        // Mid-rotation the file may be gone for an instant: the last password stays.
        Files.delete(password);
        assertThat(settings.password()).contains("two");
    }

    @Test
    void aFractionOfASecondIsRoundedUpNotDownToNoTimeout() {
        assertThat(GitSettings.fromMap(Map.of(GitSettings.TIMEOUT, "500ms")).timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(GitSettings.fromMap(Map.of(GitSettings.TIMEOUT, "1s500ms")).timeout())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "heal8s.git.timeout      | 0        | must be longer than 0",
        "heal8s.git.timeout      | soon     | invalid duration 'soon'",
        "heal8s.git.author-email | heal8s   | is not an e-mail address",
        "heal8s.git.author-email | a b@c.d  | is not an e-mail address",
        "heal8s.git.author-name  | <script> | must be one line without '<' or '>'",
        "heal8s.git.username     | a<b      | must be one line without '<' or '>'",
    })
    void aBadValueIsRefusedNamingItsKey(String key, String value, String message) {
        assertThatThrownBy(() -> GitSettings.fromMap(Map.of(key, value)))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith(key + ": ").contains(message);
                });
    }

    @Test
    void anUnreadablePasswordFileOrAWorkDirThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");

        assertThatThrownBy(() -> GitSettings.fromMap(Map.of(GitSettings.PASSWORD_FILE, dir.resolve("nope").toString())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key())
                        .isEqualTo(GitSettings.PASSWORD_FILE));
        assertThatThrownBy(() -> GitSettings.fromMap(Map.of(GitSettings.PASSWORD_FILE, dir.toString())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key())
                        .isEqualTo(GitSettings.PASSWORD_FILE));
        assertThatThrownBy(() -> GitSettings.fromMap(Map.of(GitSettings.WORK_DIR, file.toString())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(GitSettings.WORK_DIR));
    }
}
