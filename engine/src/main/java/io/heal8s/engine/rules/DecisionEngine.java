package io.heal8s.engine.rules;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.LoadResult;
import io.heal8s.engine.playbook.Playbook;
import io.heal8s.engine.playbook.RuleSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.rule.Agenda;

/**
 * Decides what to do about an alert by running Drools over one playbook set: generated matching rules per playbook,
 * the core target, guard, params and selection rules, and the user's DRL from {@code playbooks/rules/}.
 *
 * <p>The KieBase is compiled once, by {@link #build}. Each {@link #decide} takes a stateful session from Drools'
 * session pool, inserts the alert and the history, fires the agenda groups of {@link Phase} in order and reads the
 * outcome; returning the session resets it. Sessions hold no long-lived facts: a session reused after fact-by-fact
 * deletion would keep rule matches of the previous decision alive (Drools batches a delete and a re-insert into "no
 * change"), so every decision sees a fresh working memory, and playbooks are reached by number instead. Thread-safe.
 */
public final class DecisionEngine implements AutoCloseable {

    /** The DRL package of generated playbook rules; user DRL must use another one. */
    static final String GENERATED_PACKAGE = "heal8s.generated";

    private static final List<String> CORE_DRL = List.of("target.drl", "guards.drl", "params.drl", "select.drl");
    private static final String CORE_DIR = "io/heal8s/engine/rules/";
    // A decision fires a handful of rules; thousands mean a user rule re-triggers itself (modify without no-loop).
    private static final int MAX_FIRINGS = 10_000;
    // The focus stack is last-in, first-out: SELECT is pushed first so that MATCH runs first.
    private static final String[] FOCUS_ORDER = {
        Phase.SELECT.agendaGroup(), Phase.PARAMS.agendaGroup(), Phase.GUARD.agendaGroup(),
        Phase.TARGET.agendaGroup(), Phase.MATCH.agendaGroup()
    };

    private final List<Playbook> playbooks;
    private final List<PlaybookEntry> entries;
    private final Map<String, Integer> alertNameIds;
    private final Map<String, String> ruleLabels;
    private final KieSessionsPool sessions;
    // Decisions in progress; with the volatile flag below it lets close() wait for none without locking decide().
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean shutDown = new AtomicBoolean();
    private volatile boolean closed;

    private DecisionEngine(List<Playbook> playbooks, List<PlaybookEntry> entries, Map<String, Integer> alertNameIds,
            Map<String, String> ruleLabels, KieBase kieBase) {
        this.playbooks = playbooks;
        this.entries = entries;
        this.alertNameIds = alertNameIds;
        this.ruleLabels = ruleLabels;
        // One ready session so the first decision pays no creation cost; the pool grows with concurrency.
        this.sessions = kieBase.newKieSessionsPool(1);
    }

    /**
     * Compiles the rules of a playbook set, once; decisions then only run them.
     *
     * @param userRules DRL files from {@code playbooks/rules/}, compiled into the same KieBase
     * @throws RuleCompilationException listing every DRL error with its file and line
     */
    public static DecisionEngine build(List<Playbook> playbooks, List<RuleSource> userRules) {
        List<Playbook> set = List.copyOf(playbooks);
        List<RuleSource> rules = List.copyOf(userRules);

        // Ids in sorted name order, so the same set always yields the same DRL.
        Map<String, Integer> nameIds = new HashMap<>();
        for (String name : set.stream().flatMap(p -> p.match().alertNames().stream())
                .collect(Collectors.toCollection(TreeSet::new))) {
            nameIds.put(name, nameIds.size());
        }
        int[] rankOf = ranks(set);
        List<PlaybookEntry> entries = new ArrayList<>(set.size());
        for (int i = 0; i < set.size(); i++) {
            entries.add(new PlaybookEntry(i, rankOf[i], set.get(i)));
        }

        List<RuleBaseCompiler.Unit> units = new ArrayList<>();
        for (String name : CORE_DRL) {
            units.add(RuleBaseCompiler.Unit.drl(CORE_DIR + name, coreDrl(name), Path.of(CORE_DIR + name)));
        }
        Map<String, String> labels = new HashMap<>();
        for (PlaybookEntry entry : entries) {
            Playbook p = entry.playbook();
            List<Integer> ids = p.match().alertNames().stream().sorted().map(nameIds::get).toList();
            units.add(RuleBaseCompiler.Unit.generated("heal8s/generated/playbook_" + entry.index() + ".drl",
                    PlaybookRuleGenerator.drl(entry, ids, labels), p.name(),
                    p.source() == null ? null : p.source().file(), p.source() == null ? 0 : p.source().line()));
        }
        for (int i = 0; i < rules.size(); i++) {
            RuleSource r = rules.get(i);
            units.add(RuleBaseCompiler.Unit.drl("heal8s/user/rules_" + i + ".drl", r.text(), r.file()));
        }
        KieBase kieBase = RuleBaseCompiler.compile(units);
        return new DecisionEngine(set, List.copyOf(entries), Map.copyOf(nameIds), Map.copyOf(labels), kieBase);
    }

    /**
     * Builds from a playbook load that succeeded.
     *
     * @throws IllegalArgumentException when the load has errors: a broken set must never be put into service
     */
    public static DecisionEngine build(LoadResult loaded) {
        if (!loaded.ok()) {
            throw new IllegalArgumentException("the playbook set has " + loaded.errors().size()
                    + " error(s); first: " + loaded.errors().get(0));
        }
        return build(loaded.playbooks(), loaded.rules());
    }

    /**
     * Decides on one alert. Only firing alerts are remediated; a resolved one gets {@link Decision.Outcome#NO_MATCH}
     * without running rules.
     *
     * @param history recent remediations, at least those of the alert's workload; the guards count them
     * @param now the decision's time, against which cooldowns and windows are measured
     * @throws RuleExecutionException when a rule fails on this alert
     * @throws IllegalStateException when the engine is closed
     */
    public Decision decide(Alert alert, List<RemediationRecord> history, Instant now) {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(now, "now");
        running.incrementAndGet();
        try {
            if (closed) {
                throw new IllegalStateException("this DecisionEngine is closed");
            }
            if (!alert.firing()) {
                return Decision.noOp(Decision.Outcome.NO_MATCH, alert,
                        "Alert " + alert.name() + " is resolved; heal8s acts only on firing alerts.", List.of());
            }
            KieSession session = sessions.newKieSession();
            try {
                return run(session, alert, history, now);
            } finally {
                // For a pooled session dispose() resets it (working memory, agenda, globals, listeners) and hands it
                // back to the pool; the reset also clears whatever a failed rule left behind.
                session.dispose();
            }
        } finally {
            if (running.decrementAndGet() == 0 && closed) {
                shutDownSessions();
            }
        }
    }

    private Decision run(KieSession session, Alert alert, List<RemediationRecord> history, Instant now) {
        DecisionContext ctx = new DecisionContext(ruleLabels, now);
        // A reset clears globals and listeners, so both are set for each decision.
        session.setGlobal(DecisionContext.GLOBAL, ctx);
        SessionListener listener = new SessionListener(ctx);
        session.addEventListener((AgendaEventListener) listener);
        session.addEventListener((RuleRuntimeEventListener) listener);

        session.insert(new AlertFact(alert, alertNameIds.getOrDefault(alert.name(), AlertFact.UNKNOWN_NAME),
                entries));
        for (RemediationRecord r : history) {
            session.insert(Objects.requireNonNull(r, "history record"));
        }
        Agenda agenda = session.getAgenda();
        for (String group : FOCUS_ORDER) {
            agenda.getAgendaGroup(group).setFocus();
        }
        int fired;
        try {
            fired = session.fireAllRules(MAX_FIRINGS + 1);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause();
            // Drools' message names the rule; the cause says what went wrong in it.
            throw new RuleExecutionException("a rule failed on alert " + alert.name() + ": " + e.getMessage()
                    + (cause == null || cause == e ? "" : ": " + cause), e);
        }
        if (fired > MAX_FIRINGS) {
            List<TraceEntry> trace = ctx.trace();
            throw new RuleExecutionException("rules fired more than " + MAX_FIRINGS + " times on alert "
                    + alert.name() + "; a rule probably re-triggers itself (modify without no-loop). Last: "
                    + trace.subList(Math.max(0, trace.size() - 3), trace.size()), null);
        }
        return Outcomes.decision(alert, ctx);
    }

    /** The playbooks this engine decides over, in the order given to {@link #build}. */
    public List<Playbook> playbooks() {
        return playbooks;
    }

    /**
     * Releases the pooled sessions once no decision is running (Drools' pool disposes sessions in use too, so it
     * is shut down only by the last decision to finish). New decisions are refused.
     */
    @Override
    public void close() {
        closed = true;
        if (running.get() == 0) {
            shutDownSessions();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private void shutDownSessions() {
        if (shutDown.compareAndSet(false, true)) {
            sessions.shutdown();
        }
    }

    /** Selection order: priority descending, then name ascending, then position; rank 0 wins. */
    private static int[] ranks(List<Playbook> set) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> -set.get(i).priority())
                .thenComparing(i -> set.get(i).name())
                .thenComparingInt(i -> i));
        int[] rank = new int[set.size()];
        for (int r = 0; r < order.size(); r++) {
            rank[order.get(r)] = r;
        }
        return rank;
    }

    private static String coreDrl(String name) {
        try (InputStream in = DecisionEngine.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("core rule resource " + CORE_DIR + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read core rule resource " + CORE_DIR + name, e);
        }
    }
}
