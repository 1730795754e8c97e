package io.heal8s.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heal8sctl lint DIR}: validates every playbook and compiles every DRL file, as the server would. */
@Command(name = "lint",
        mixinStandardHelpOptions = true,
        description = "Validate the playbooks in DIR and compile DIR/rules/*.drl. Prints each error as "
                + "file:line:column and exits 1 if there is any.")
final class LintCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", defaultValue = "playbooks",
            description = "The playbook directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var loaded = PlaybookSetLoader.load(dir, spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return Heal8sCtl.EXIT_INVALID;
        }
        var result = loaded.get().result();
        loaded.get().engine().close();
        spec.commandLine().getOut().println(dir + ": " + result.playbooks().size() + " playbooks, "
                + result.rules().size() + " rule files: OK");
        return 0;
    }
}
