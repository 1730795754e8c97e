package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heal8s.engine.alert.AlertLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSettingsTest {

    @TempDir
    Path dir;

    @Test
    void absentKeysMeanNoTokenAndTheParsersDefaultSize() {
        WebhookSettings settings = WebhookSettings.fromMap(Map.of());

        assertThat(settings.token()).isEmpty();
        assertThat(settings.maxPayloadBytes()).isEqualTo(AlertLimits.DEFAULT.maxPayloadBytes());
        assertThat(settings.alertLimits()).isEqualTo(AlertLimits.DEFAULT);
        assertThat(settings.tokenSource()).contains(WebhookSettings.TOKEN).contains(WebhookSettings.TOKEN_FILE);
    }

    @Test
    void anInlineTokenIsTrimmedAndNeverShownByToString() {
        WebhookSettings settings = WebhookSettings.fromMap(Map.of(WebhookSettings.TOKEN, " s3cret \n",
                WebhookSettings.MAX_PAYLOAD_BYTES, "1024"));

        assertThat(settings.token()).contains("s3cret");
        assertThat(settings.maxPayloadBytes()).isEqualTo(1024);
        assertThat(settings.alertLimits().maxPayloadBytes()).isEqualTo(1024);
        assertThat(settings.toString()).doesNotContain("s3cret").contains("heal8s.webhook.token");
    }

    @Test
    void aTokenFileIsReReadWhenItsModificationTimeChanges() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "first-token\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-25T10:00:00Z")));
        WebhookSettings settings = WebhookSettings.fromMap(Map.of(WebhookSettings.TOKEN_FILE, file.toString()));
        assertThat(settings.token()).contains("first-token");

        Files.writeString(file, "rotated-token\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-25T11:00:00Z")));

        assertThat(settings.token()).contains("rotated-token");
        assertThat(settings.toString()).doesNotContain("token\n").doesNotContain("rotated-token");
    }

    @Test
    void theLastTokenReadStaysWhileTheFileIsBrieflyGone() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "kept");
        WebhookSettings settings = WebhookSettings.fromMap(Map.of(WebhookSettings.TOKEN_FILE, file.toString()));

        Files.delete(file);

        assertThat(settings.token()).contains("kept");
    }

    @Test
    void anEmptyTokenFileMeansNoToken() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "  \n");

        assertThat(WebhookSettings.fromMap(Map.of(WebhookSettings.TOKEN_FILE, file.toString())).token()).isEmpty();
    }

    @Test
    void aMissingTokenFileNamesTheKey() {
        assertThatThrownBy(() -> WebhookSettings.fromMap(Map.of(WebhookSettings.TOKEN_FILE,
                dir.resolve("absent").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("heal8s.webhook.token-file: ")
                .hasMessageContaining("not a readable file");
    }

    @Test
    void bothTokenKeysAreRefusedWithoutEchoingTheToken() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-file");

        assertThatThrownBy(() -> WebhookSettings.fromMap(Map.of(WebhookSettings.TOKEN, "inline-secret",
                WebhookSettings.TOKEN_FILE, file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not both")
                .message().doesNotContain("inline-secret");
    }

    @Test
    void aBadPayloadSizeNamesTheKeyAndTheValue() {
        for (String bad : new String[] {"0", "-5", "lots", "99999999999"}) {
            assertThatThrownBy(() -> WebhookSettings.fromMap(Map.of(WebhookSettings.MAX_PAYLOAD_BYTES, bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("heal8s.webhook.max-payload-bytes: '" + bad + "'");
        }
    }
}
