package io.heal8s.engine.playbook;

import java.nio.file.Path;
import java.util.Objects;

/** The text of one Drools rule file from the playbook directory's {@code rules/} folder, read but not compiled. */
public record RuleSource(Path file, String text) {

    public RuleSource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
    }
}
