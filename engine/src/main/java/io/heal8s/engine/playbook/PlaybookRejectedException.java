package io.heal8s.engine.playbook;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by a {@link PlaybookRepository.Listener} that refuses a freshly loaded set, typically because a rule file
 * does not compile; the repository keeps the set in service and records these errors.
 */
public class PlaybookRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<PlaybookError> errors;

    public PlaybookRejectedException(List<PlaybookError> errors) {
        super(errors.stream().map(PlaybookError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    /** What was wrong, each at its file and position. */
    public List<PlaybookError> errors() {
        return errors;
    }
}
