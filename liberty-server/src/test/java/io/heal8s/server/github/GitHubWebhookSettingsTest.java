package io.heal8s.server.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubWebhookSettingsTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheKeyTheWebhookHasNoSecret() {
        GitHubWebhookSettings settings = GitHubWebhookSettings.fromMap(Map.of());

        assertThat(settings.configured()).isFalse();
        assertThat(settings.secret()).isEmpty();
        assertThat(settings.secretSource()).contains(GitHubWebhookSettings.SECRET_FILE);
    }

    @Test
    void theSecretIsTheFilesTextWithoutSurroundingWhitespace() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "  s3cret value\n");

        GitHubWebhookSettings settings = settings(file);

        assertThat(settings.configured()).isTrue();
        assertThat(settings.secret()).get().isEqualTo("s3cret value".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRotatedSecretIsReadWhenTheFileChanges() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "first");
        GitHubWebhookSettings settings = settings(file);
        assertThat(settings.secret()).get().isEqualTo("first".getBytes(StandardCharsets.UTF_8));

        Files.writeString(file, "second");
        // A new modification time, whatever the file system's granularity.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(settings.secret()).get().isEqualTo("second".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theLastSecretStaysInForceWhileTheFileIsGoneMidRotation() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "kept");
        GitHubWebhookSettings settings = settings(file);
        settings.secret();

        Files.delete(file);

        assertThat(settings.secret()).get().isEqualTo("kept".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBlankFileIsNoSecret() throws Exception {
        GitHubWebhookSettings settings = settings(Files.writeString(dir.resolve("secret"), " \n"));

        assertThat(settings.configured()).isTrue();
        assertThat(settings.secret()).isEmpty();
    }

    @Test
    void aFileThatWasNeverReadableIsAnErrorNamingTheKey() {
        GitHubWebhookSettings settings = settings(dir.resolve("absent"));

        assertThatThrownBy(settings::secret).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(GitHubWebhookSettings.SECRET_FILE + ": cannot read");
    }

    @Test
    void anInvalidPathIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> GitHubWebhookSettings.fromMap(Map.of(GitHubWebhookSettings.SECRET_FILE, "a\0b")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(GitHubWebhookSettings.SECRET_FILE));
    }

    @Test
    void neitherTheTextNorTheSecretAppearsInToString() throws Exception {
        GitHubWebhookSettings settings = settings(Files.writeString(dir.resolve("secret"), "do-not-print"));
        settings.secret();

        assertThat(settings.toString()).doesNotContain("do-not-print").contains("secret");
    }

    private static GitHubWebhookSettings settings(Path file) {
        return GitHubWebhookSettings.fromMap(Map.of(GitHubWebhookSettings.SECRET_FILE, file.toString()));
    }
}
