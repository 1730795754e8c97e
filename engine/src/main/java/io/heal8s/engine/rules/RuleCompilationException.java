package io.heal8s.engine.rules;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rules of a playbook set do not compile. The message lists every error as {@code file:line: text}: the user's
 * DRL file and line, or, for a generated rule, the playbook's name and where it is defined.
 */
public final class RuleCompilationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * One compilation error.
     *
     * @param file the user's DRL file; for a generated rule the playbook's file (null for a playbook built in code);
     *     for a core rule its class-path resource
     * @param line the line in {@code file}, 0 when Drools did not say
     * @param playbook the playbook whose generated rule failed, or null
     */
    public record Problem(Path file, int line, String playbook, String message) {
        @Override
        public String toString() {
            String where = file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ";
            return where + (playbook == null ? "" : "generated rule of playbook '" + playbook + "': ") + message;
        }
    }

    private final transient List<Problem> problems;

    RuleCompilationException(List<Problem> problems) {
        super(problems.size() + (problems.size() == 1 ? " DRL error" : " DRL errors") + ":\n  "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
