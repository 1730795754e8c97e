package io.heal8s.cli;

import io.heal8s.engine.playbook.LoadResult;
import io.heal8s.engine.playbook.PlaybookError;
import io.heal8s.engine.playbook.PlaybookLoader;
import io.heal8s.engine.rules.DecisionEngine;
import io.heal8s.engine.rules.RuleCompilationException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Loads a playbook directory and compiles its rules as the server does, printing every problem as {@code file:line}. */
final class PlaybookSetLoader {

    private PlaybookSetLoader() {
    }

    /** The compiled engine, or empty after printing every error to {@code err}. */
    static Optional<Loaded> load(Path dir, PrintWriter err) {
        if (!Files.isDirectory(dir)) {
            err.println(dir + ": not a directory");
            return Optional.empty();
        }
        LoadResult loaded = new PlaybookLoader().load(dir);
        if (!loaded.ok()) {
            List<PlaybookError> errors = loaded.errors().stream().sorted(PlaybookError.ORDER).toList();
            errors.forEach(e -> err.println(Terminal.printable(e.toString())));
            err.println(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in " + dir);
            return Optional.empty();
        }
        try {
            return Optional.of(new Loaded(loaded, DecisionEngine.build(loaded)));
        } catch (RuleCompilationException e) {
            e.problems().forEach(p -> err.println(Terminal.printable(p.toString())));
            err.println(e.problems().size() + (e.problems().size() == 1 ? " error" : " errors")
                    + " compiling the rules of " + dir);
            return Optional.empty();
        }
    }

    /** A playbook set that loaded and compiled. */
    record Loaded(LoadResult result, DecisionEngine engine) {
    }
}
