package io.heal8s.engine.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret kept in a file, as a mounted Kubernetes Secret is: read again whenever the file's modification time
 * changes, so that a rotated token takes effect without a restart. Surrounding whitespace is stripped; a blank file
 * holds no secret. Once read, a file that vanishes for an instant (Kubernetes swaps a Secret's symlinks when it
 * rotates it) leaves the last value in force. The value never appears in a message or in {@link #toString()}.
 */
public final class SecretFile {

    private final String key;
    private final Path path;
    // The last read and the modification time it was read at; guarded by this.
    private FileTime readAt;
    private String value;

    /**
     * @param key the configuration key that names the file, for error messages
     * @param path the file
     */
    public SecretFile(String key, Path path) {
        this.key = Objects.requireNonNull(key, "key");
        this.path = Objects.requireNonNull(path, "path");
    }

    public Path path() {
        return path;
    }

    /**
     * The secret, re-read when the file changed; empty when the file is blank.
     *
     * @throws ConfigException naming the key and the file (never its content) when the file cannot be read and never
     *     could be
     */
    public synchronized Optional<String> read() {
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            if (!modified.equals(readAt)) {
                String text = Files.readString(path, StandardCharsets.UTF_8).strip();
                value = text.isEmpty() ? null : text;
                readAt = modified;
            }
        } catch (IOException e) {
            if (readAt == null) {
                throw new ConfigException(key, "cannot read '" + path + "' (" + e.getClass().getSimpleName() + ")");
            }
        }
        return Optional.ofNullable(value);
    }

    /** The key and the path, never the value. */
    @Override
    public String toString() {
        return key + "=" + path;
    }
}
