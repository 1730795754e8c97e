package io.heal8s.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code heal8sctl}: tools for playbook authors, in the spirit of {@code amtool config routes test} and
 * {@code opa test}. Exit codes: 0 success, 1 the playbooks or rules have errors, 2 bad usage or bad input.
 */
@Command(name = "heal8sctl",
        mixinStandardHelpOptions = true,
        version = "heal8sctl 0.1.0",
        description = "Lint heal8s playbooks, explain what heal8s would decide for an Alertmanager payload, and preview the change it would propose for a manifest.",
        subcommands = {LintCommand.class, ExplainCommand.class, PreviewCommand.class})
public final class Heal8sCtl implements Runnable {

    /** Playbooks or rules have errors. */
    static final int EXIT_INVALID = 1;
    /** Bad usage or unreadable input. */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: lint, explain or preview");
    }

    /** Runs a command line against the given writers; the entry point for tests. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Heal8sCtl());
        cli.setOut(out);
        cli.setErr(err);
        // Picocli answers bad usage with 2 already; an unreadable file is bad input too, not a crash.
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println(Terminal.printable(String.valueOf(e.getMessage())));
            return EXIT_USAGE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }
}
