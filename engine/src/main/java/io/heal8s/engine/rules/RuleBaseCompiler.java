package io.heal8s.engine.rules;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.Message;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderErrors;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.conf.ParallelRulesBuildThresholdOption;
import org.kie.internal.io.ResourceFactory;

/**
 * Compiles DRL texts into one KieBase with Drools' KnowledgeBuilder, and turns Drools' error messages into
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

    private static final String NULL_PACKAGE = "Parser returned a null Package";
    private static final List<String> PHASES = Arrays.stream(Phase.values()).map(Phase::agendaGroup).toList();

    private RuleBaseCompiler() {
    }

    /**
     * Compiles with a {@link KnowledgeBuilder} of its own and a KieBase made from its packages: no KieFileSystem, pom,
     * KieModule or KieContainer, and nothing written to the JVM-wide KieRepository, so concurrent builds (two reloads,
     * or two engines in one JVM) share no state. All units go in one batch, so a file may use what another declares.
     * These are kie-internal and drools-kiesession types rather than the public KIE API: the module machinery they
     * skip cost about half a second of a fresh JVM's first build.
     */
    static KieBase compile(List<Unit> units) {
        ClassLoader loader = RuleBaseCompiler.class.getClassLoader();
        KnowledgeBuilderConfiguration configuration =
                KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, loader);
        // Drools compiles a package of more than 10 rules on a JVM-wide ForkJoinPool that it never shuts down: its
        // workers outlived an undeployed application (ApplicationThreadsIT). The core package has more than 10 rules
        // since guard:loop; a few dozen rules compile about as fast on the calling thread.
        configuration.setOption(ParallelRulesBuildThresholdOption.get(-1));
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(configuration);
        Map<String, Unit> byPath = new HashMap<>();
        CompositeKnowledgeBuilder batch = builder.batch();
        for (Unit u : units) {
            batch.add(ResourceFactory.newByteArrayResource(u.text().getBytes(StandardCharsets.UTF_8))
                    .setSourcePath(u.path()), ResourceType.DRL);
            byPath.put(u.path(), u);
        }
        batch.build();
        KnowledgeBuilderErrors errors = builder.getErrors();
        if (!errors.isEmpty()) {
            List<RuleCompilationException.Problem> problems = new ArrayList<>();
            long id = 0;
            for (KnowledgeBuilderError error : errors) {
                // The same conversion KieBuilder applies: the first of the error's lines, -1 when it has none.
                problems.add(problem(error.asMessage(++id), byPath));
            }
            // Drools adds this after any syntax error of a file; it says nothing the first message did not.
            problems.removeIf(p -> p.message().equals(NULL_PACKAGE) && problems.stream()
                    .anyMatch(other -> other != p && Objects.equals(other.file(), p.file())));
            throw new RuleCompilationException(problems);
        }
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(
                KieServices.Factory.get().newKieBaseConfiguration(null, loader));
        kieBase.addPackages(builder.getKnowledgePackages());
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
                Unit unit = impl.getResource() == null ? null : byPath.get(orEmpty(impl.getResource().getSourcePath()));
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

    /** A resource's source path, which is the unit's path as given to the builder; "" for none. */
    private static String orEmpty(String path) {
        return path == null ? "" : path;
    }

    private static RuleCompilationException.Problem problem(Message m, Map<String, Unit> byPath) {
        String path = orEmpty(m.getPath());
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
