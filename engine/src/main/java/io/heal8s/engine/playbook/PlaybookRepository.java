package io.heal8s.engine.playbook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The playbooks in service: the last set that loaded without errors and that every listener accepted. A broken edit
 * never replaces it; its errors are kept in {@link #lastErrors()} until a good set arrives. Thread-safe: reads are
 * lock-free, reloads are serialised.
 */
public final class PlaybookRepository {

    private static final Logger LOG = LoggerFactory.getLogger(PlaybookRepository.class);

    /**
     * Runs with each error-free candidate set before it goes into service, for example to compile the rule files
     * into a new KieBase. Throwing rejects the set: it does not go into service, and the exception's message (or the
     * errors of a {@link PlaybookRejectedException}) become {@link #lastErrors()}.
     */
    @FunctionalInterface
    public interface Listener {
        void onLoad(LoadResult candidate) throws Exception;
    }

    private final Path directory;
    private final PlaybookLoader loader;
    private final AtomicReference<LoadResult> current = new AtomicReference<>(LoadResult.EMPTY);
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile List<PlaybookError> lastErrors = List.of();

    public PlaybookRepository(Path directory) {
        this(directory, new PlaybookLoader());
    }

    public PlaybookRepository(Path directory, PlaybookLoader loader) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** The playbook directory this repository loads. */
    public Path directory() {
        return directory;
    }

    /** Adds a listener; add them before the first {@link #reload()} so none misses the initial set. */
    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The set in service; {@link LoadResult#EMPTY} until a good set was loaded. Never has errors. */
    public LoadResult current() {
        return current.get();
    }

    /** The errors of the last load or rejection; empty when the last attempt went into service. */
    public List<PlaybookError> lastErrors() {
        return lastErrors;
    }

    /** Loads the directory and offers the result; true when it is (now) in service. */
    public boolean reload() {
        return offer(loader.load(directory));
    }

    /**
     * Puts a loaded set into service when it has no errors and every listener accepts it; otherwise keeps the set in
     * service and records why. An unchanged set is accepted without calling the listeners again.
     *
     * @return true when {@code candidate} is in service afterwards
     */
    public synchronized boolean offer(LoadResult candidate) {
        if (!candidate.ok()) {
            reject(candidate.errors());
            return false;
        }
        LoadResult previous = current.get();
        if (candidate.equals(previous)) {
            lastErrors = List.of();
            return true;
        }
        List<Listener> accepted = new ArrayList<>();
        for (Listener listener : listeners) {
            try {
                listener.onLoad(candidate);
                accepted.add(listener);
            } catch (Exception e) {
                // Listeners that already took the candidate go back to the set that stays in service.
                for (Listener a : accepted) {
                    try {
                        a.onLoad(previous);
                    } catch (Exception again) {
                        LOG.error("Playbook listener {} failed to return to the playbooks in service", a, again);
                    }
                }
                reject(errorsOf(e));
                return false;
            }
        }
        current.set(candidate);
        lastErrors = List.of();
        LOG.info("{} playbooks and {} rule files from {} in service", candidate.playbooks().size(),
                candidate.rules().size(), directory);
        return true;
    }

    private void reject(List<PlaybookError> errors) {
        lastErrors = List.copyOf(errors);
        // Not thrown: a broken edit must not stop the engine, which keeps working with the previous set.
        LOG.warn("Playbooks in {} rejected, the previous set stays in service ({} playbooks):\n{}", directory,
                current.get().playbooks().size(),
                errors.stream().map(PlaybookError::toString).reduce((a, b) -> a + "\n" + b).orElse(""));
    }

    private List<PlaybookError> errorsOf(Exception e) {
        if (e instanceof PlaybookRejectedException rejected && !rejected.errors().isEmpty()) {
            return rejected.errors();
        }
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return List.of(new PlaybookError(directory, 1, 1, "", "rejected: " + message));
    }
}
