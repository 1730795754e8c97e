package io.heal8s.engine.playbook;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * One problem found while loading playbooks, at a 1-based line and column, printed as compilers print theirs
 * ({@code file:line:column: field: message}) so editors and CI logs link straight to it.
 *
 * @param field the dotted path of the offending field ({@code spec.action.params.percent},
 *     {@code spec.match.labels[0]}); empty for problems of the whole file, such as a YAML syntax error
 */
public record PlaybookError(Path file, int line, int column, String field, String message) {

    /** File, then position: the order a reader fixes them in. */
    public static final Comparator<PlaybookError> ORDER = Comparator
            .comparing((PlaybookError e) -> e.file().toString())
            .thenComparingInt(PlaybookError::line)
            .thenComparingInt(PlaybookError::column);

    public PlaybookError {
        Objects.requireNonNull(file, "file");
        field = field == null ? "" : field;
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
