package io.heal8s.engine.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles DRL texts into one KieBase through the public KIE API, and turns Drools' error messages into
 * {@link RuleCompilationException.Problem}s that name the user's file (or the playbook, for generated rules).
 */
final class RuleBaseCompiler {

    /**
     * One DRL text to compile.
     *
     * @param path the unique, engine-chosen resource path (never a user's file name, which may hold any character)
     * @param file the file messages name: the user's DRL, the playbook's YAML (null when built in code), or the core
     *     resource
     * @param playbook for generated DRL, the playbook's name; its messages point at {@code line} instead of the
     *     generated text, whose line numbers mean nothing to the playbook's author
     */
    record Unit(String path, String text, Path file, String playbook, int line) {

        static Unit drl(String path, String text, Path file) {
            return new Unit(path, text, file, null, 0);
        }

        static Unit generated(String path, String text, String playbook, Path file, int line) {
            return new Unit(path, text, file, playbook, line);
        }
    }

    private static final String RESOURCES = "src/main/resources/";
    private static final String NULL_PACKAGE = "Parser returned a null Package";
    private static final List<String> PHASES = Arrays.stream(Phase.values()).map(Phase::agendaGroup).toList();
    // Each build gets its own release id: KieHelper's shared default id would let two concurrent builds (two
    // reloads, or two engines in one JVM) overwrite each other's module in the global KieRepository.
    private static final AtomicLong BUILDS = new AtomicLong();

    private RuleBaseCompiler() {
    }

    static KieBase compile(List<Unit> units) {
        KieServices ks = KieServices.Factory.get();
        ClassLoader loader = RuleBaseCompiler.class.getClassLoader();
        ReleaseId id = ks.newReleaseId("io.heal8s.rules", "playbook-set", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(id);
        Map<String, Unit> byPath = new HashMap<>();
        for (Unit u : units) {
            kfs.write(RESOURCES + u.path(), u.text());
            byPath.put(u.path(), u);
        }
        KieBuilder builder = ks.newKieBuilder(kfs, loader).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            ks.getRepository().removeKieModule(id);
            List<RuleCompilationException.Problem> problems = new ArrayList<>();
            for (Message m : errors) {
                problems.add(problem(m, byPath));
            }
            // Drools adds this after any syntax error of a file; it says nothing the first message did not.
            problems.removeIf(p -> p.message().equals(NULL_PACKAGE) && problems.stream()
                    .anyMatch(other -> other != p && Objects.equals(other.file(), p.file())));
            throw new RuleCompilationException(problems);
        }
        KieBase kieBase;
        try {
            KieContainer container = ks.newKieContainer(id, loader);
            kieBase = container.getKieBase();
        } finally {
            // The KieBase is built; the module would otherwise stay in the JVM-wide repository for ever.
            ks.getRepository().removeKieModule(id);
        }
        List<RuleCompilationException.Problem> outside = rulesOutsideThePhases(kieBase, byPath);
        if (!outside.isEmpty()) {
            throw new RuleCompilationException(outside);
        }
        return kieBase;
    }

    /**
     * Rules in an agenda group that no decision focuses. Drools accepts them, but they would fire after selection
     * (the MAIN group) or never (a misspelt group): a guard written that way would silently not guard.
     */
    private static List<RuleCompilationException.Problem> rulesOutsideThePhases(KieBase kieBase,
            Map<String, Unit> byPath) {
        List<RuleCompilationException.Problem> problems = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                // RuleImpl is Drools' internal type; the public Rule interface does not expose the agenda group.
                if (!(rule instanceof RuleImpl impl) || impl.isQuery() || PHASES.contains(impl.getAgendaGroup())) {
                    continue;
                }
                Unit unit = impl.getResource() == null ? null : byPath.get(strip(impl.getResource().getSourcePath()));
                String message = "rule \"" + rule.getName() + "\" is in agenda group \"" + impl.getAgendaGroup()
                        + "\", which no decision runs; put it in one of " + PHASES.stream()
                                .map(g -> "\"" + g + "\"").collect(Collectors.joining(", "))
                        + " (they run in that order), for example agenda-group \"guard\"";
                problems.add(unit == null
                        ? new RuleCompilationException.Problem(null, 0, null, message)
                        : new RuleCompilationException.Problem(unit.file(), lineOfRule(unit.text(), rule.getName()),
                                unit.playbook(), message));
            }
        }
        return problems;
    }

    /** The line declaring the rule, found in the text since Drools keeps no line for a compiled rule; 0 if unsure. */
    private static int lineOfRule(String text, String name) {
        String quoted = Pattern.quote(name);
        Matcher m = Pattern.compile("(?m)^[ \\t]*rule[ \\t]+(?:\"" + quoted + "\"|'" + quoted + "'|" + quoted + "\\s)")
                .matcher(text);
        return m.find() ? 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() : 0;
    }

    private static String strip(String path) {
        if (path == null) {
            return "";
        }
        return path.startsWith(RESOURCES) ? path.substring(RESOURCES.length()) : path;
    }

    private static RuleCompilationException.Problem problem(Message m, Map<String, Unit> byPath) {
        String path = strip(m.getPath());
        Unit unit = byPath.get(path);
        String text = m.getText() == null ? "" : m.getText().strip();
        if (unit == null) {
            return new RuleCompilationException.Problem(path.isEmpty() ? null : Path.of(path), m.getLine(), null,
                    text);
        }
        if (unit.playbook() != null) {
            return new RuleCompilationException.Problem(unit.file(), unit.line(), unit.playbook(), text);
        }
        return new RuleCompilationException.Problem(unit.file(), m.getLine(), null, text);
    }
}
