package io.heal8s.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheValueStrippedAndReadsItAgainWhenTheFileChanges() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  first\n");
        SecretFile secret = new SecretFile("heal8s.x.token-file", file);
        assertThat(secret.read()).contains("first");

        Files.writeString(file, "second\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(secret.read()).contains("second");
    }

    @Test
    void aBlankFileHoldsNoSecret() throws Exception {
        SecretFile secret = new SecretFile("heal8s.x.token-file", Files.writeString(dir.resolve("token"), " \n\t"));
        assertThat(secret.read()).isEmpty();
    }

    @Test
    void aFileThatVanishesAfterAReadLeavesTheLastValueInForce() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "kept");
        SecretFile secret = new SecretFile("heal8s.x.token-file", file);
        secret.read();

        Files.delete(file);

        assertThat(secret.read()).contains("kept");
    }

    @Test
    void aFileNeverReadNamesTheKeyAndThePathButNoContent() {
        SecretFile secret = new SecretFile("heal8s.x.token-file", dir.resolve("missing"));
        assertThatThrownBy(secret::read).isInstanceOf(ConfigException.class)
                .hasMessageContaining("heal8s.x.token-file").hasMessageContaining("missing");
    }

    @Test
    void toStringShowsTheKeyAndPathOnly() throws Exception {
        SecretFile secret = new SecretFile("heal8s.x.token-file", Files.writeString(dir.resolve("token"), "s3cr3t"));
        secret.read();
        assertThat(secret.toString()).contains("heal8s.x.token-file").doesNotContain("s3cr3t");
    }
}
