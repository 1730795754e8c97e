package io.heal8s.server.playbooks;

import io.heal8s.engine.alert.Alert;
import io.heal8s.engine.config.PlaybookSettings;
import io.heal8s.engine.playbook.Guards;
import io.heal8s.engine.playbook.LoadResult;
import io.heal8s.engine.playbook.PlaybookError;
import io.heal8s.engine.playbook.PlaybookLoader;
import io.heal8s.engine.playbook.PlaybookRepository;
import io.heal8s.engine.playbook.PlaybookWatcher;
import io.heal8s.engine.rules.Decision;
import io.heal8s.engine.rules.ReloadingDecisionEngine;
import io.heal8s.engine.rules.RemediationRecord;
import io.heal8s.server.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Gauge;

/**
 * The playbooks and rules in service: loaded and compiled when the application starts (never on the first alert),
 * reloaded when their files change, the last good set kept when an edit breaks them.
 */
@ApplicationScoped
public class PlaybookService {

    private static final Logger LOG = Logger.getLogger(PlaybookService.class.getName());

    private PlaybookSettings settings;
    private PlaybookRepository repository;
    private ReloadingDecisionEngine engine;
    private PlaybookWatcher watcher;

    void onStart(@Observes Startup event) {
        start(Settings.playbooks(), Settings.guards());
    }

    /** @param defaultGuards the guards of every playbook field that the playbook does not set itself */
    synchronized void start(PlaybookSettings playbookSettings, Guards defaultGuards) {
        settings = playbookSettings;
        repository = new PlaybookRepository(settings.dir(), new PlaybookLoader(defaultGuards));
        engine = ReloadingDecisionEngine.attach(repository);
        if (settings.watch() && Files.isDirectory(settings.dir())) {
            try {
                // Started before the first load so that no edit between the two is missed.
                watcher = PlaybookWatcher.start(repository);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch the playbook directory " + settings.dir(), e);
            }
        }
        if (!repository.reload()) {
            LOG.log(Level.SEVERE, "the playbooks in {0} are not in service: {1}",
                    new Object[] {settings.dir(), describe(repository.lastErrors())});
        }
    }

    /** Decides with the rules in service. */
    public Decision decide(Alert alert, List<RemediationRecord> history, Instant now) {
        return engine.decide(alert, history, now);
    }

    /** Whether a compiled playbook set is in service. */
    public boolean ready() {
        return engine != null && engine.engine().isPresent();
    }

    public PlaybookSettings settings() {
        return settings;
    }

    /** The set in service ({@link LoadResult#EMPTY} before the first good load). */
    public LoadResult current() {
        return repository == null ? LoadResult.EMPTY : repository.current();
    }

    /** Why the latest load or edit was not put into service; empty when it was. */
    public List<PlaybookError> lastErrors() {
        return repository == null ? List.of() : repository.lastErrors();
    }

    @Gauge(name = "heal8s_playbooks_loaded", unit = MetricUnits.NONE, absolute = true,
            description = "Playbooks in service.")
    public long playbooksLoaded() {
        return current().playbooks().size();
    }

    @Gauge(name = "heal8s_playbook_errors", unit = MetricUnits.NONE, absolute = true,
            description = "Errors of the latest playbook load that was not put into service (0 when it was).")
    public long playbookErrors() {
        return lastErrors().size();
    }

    static String describe(List<PlaybookError> errors) {
        if (errors.isEmpty()) {
            return "no playbook set loaded";
        }
        return errors.size() + (errors.size() == 1 ? " error" : " errors") + ", first: " + errors.get(0);
    }

    @PreDestroy
    synchronized void stop() {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the playbook watcher", e);
        }
        if (engine != null) {
            engine.close();
        }
    }
}
