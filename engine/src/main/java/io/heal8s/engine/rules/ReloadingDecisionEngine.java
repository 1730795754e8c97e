package io.heal8s.engine.rules;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.playbook.LoadResult;
import io.heal8s.engine.playbook.PlaybookError;
import io.heal8s.engine.playbook.PlaybookRejectedException;
import io.heal8s.engine.playbook.PlaybookRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link DecisionEngine} in service, rebuilt for each playbook set a {@link PlaybookRepository} accepts. As the
 * repository's listener it compiles every candidate set; when the DRL does not compile it rejects the set with one
 * {@link PlaybookError} per DRL error, so the repository keeps the last good set and this keeps its engine.
 * Thread-safe: decisions never wait for a rebuild.
 */
public final class ReloadingDecisionEngine implements PlaybookRepository.Listener, AutoCloseable {

    /** A playbook set and the engine compiled from it. */
    private record Generation(LoadResult set, DecisionEngine engine) {
    }

    private final AtomicReference<Generation> current = new AtomicReference<>();
    // The generation replaced last, kept open: decisions that began on it may still be running, and the repository
    // hands the previous set back when a later listener rejects a new one.
    private Generation previous;

    /**
     * Listens to {@code repository}; when it already has a set in service, compiles that set first.
     *
     * @throws RuleCompilationException when the set in service does not compile
     */
    public static ReloadingDecisionEngine attach(PlaybookRepository repository) {
        ReloadingDecisionEngine engine = new ReloadingDecisionEngine();
        LoadResult inService = repository.current();
        if (!inService.equals(LoadResult.EMPTY)) {
            engine.install(inService, DecisionEngine.build(inService));
        }
        repository.addListener(engine);
        return engine;
    }

    /**
     * Compiles a candidate set and puts its engine into service.
     *
     * @throws PlaybookRejectedException with each DRL error at its file and line; the engine in service stays
     */
    @Override
    public synchronized void onLoad(LoadResult candidate) throws PlaybookRejectedException {
        Generation now = current.get();
        if (now != null && now.set().equals(candidate)) {
            return;
        }
        if (previous != null && previous.set().equals(candidate)) {
            // The repository rolls back to the set in service after another listener refused a new one.
            Generation back = previous;
            previous = now;
            current.set(back);
            return;
        }
        DecisionEngine engine;
        try {
            engine = DecisionEngine.build(candidate);
        } catch (RuleCompilationException e) {
            throw new PlaybookRejectedException(e.problems().stream().map(ReloadingDecisionEngine::error).toList());
        }
        install(candidate, engine);
    }

    private synchronized void install(LoadResult set, DecisionEngine engine) {
        Generation replaced = current.getAndSet(new Generation(set, engine));
        if (previous != null) {
            previous.engine().close();
        }
        previous = replaced;
    }

    /**
     * Decides with the engine in service. Before any set is in service every alert is a
     * {@link Decision.Outcome#NO_MATCH}.
     *
     * @see DecisionEngine#decide(Alert, List, Instant)
     */
    public Decision decide(Alert alert, List<RemediationRecord> history, Instant now) {
        while (true) {
            Generation g = current.get();
            if (g == null) {
                return Decision.noOp(Decision.Outcome.NO_MATCH, alert,
                        "No playbooks are in service yet, so alert " + alert.name() + " matches none.", List.of());
            }
            try {
                return g.engine().decide(alert, history, now);
            } catch (IllegalStateException e) {
                // Closed under us by two reloads in quick succession: decide with the engine now in service.
                if (!g.engine().isClosed() || current.get() == g) {
                    throw e;
                }
            }
        }
    }

    /** The engine in service, if a set has been compiled. */
    public Optional<DecisionEngine> engine() {
        Generation g = current.get();
        return g == null ? Optional.empty() : Optional.of(g.engine());
    }

    @Override
    public synchronized void close() {
        Generation g = current.getAndSet(null);
        if (g != null) {
            g.engine().close();
        }
        if (previous != null) {
            previous.engine().close();
            previous = null;
        }
    }

    private static PlaybookError error(RuleCompilationException.Problem p) {
        Path file = p.file() != null ? p.file() : Path.of("playbook " + p.playbook());
        String message = p.playbook() == null ? p.message()
                : "generated rule of playbook '" + p.playbook() + "': " + p.message();
        return new PlaybookError(file, Math.max(1, p.line()), 1, "", message);
    }
}
