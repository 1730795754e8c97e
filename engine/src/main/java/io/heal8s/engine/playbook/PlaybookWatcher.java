package io.heal8s.engine.playbook;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a playbook directory and its {@code rules/} folder and reacts once per burst of changes: an editor's save
 * or a {@code git pull} touches several files, so events are gathered until the directory is quiet for the debounce
 * time. Runs on one daemon thread until closed.
 */
public final class PlaybookWatcher implements AutoCloseable {

    /** Quiet time that ends a burst of changes. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(PlaybookWatcher.class);

    // A directory that never goes quiet (a log file misplaced in it) must still be reloaded now and then.
    private static final int MAX_DEBOUNCES_PER_BURST = 10;

    private final Path directory;
    private final Duration debounce;
    private final Runnable onChange;
    private final WatchService watchService;
    private final Thread thread;
    private final WatchKey directoryKey;

    private PlaybookWatcher(Path directory, Duration debounce, Runnable onChange) throws IOException {
        this.directory = directory;
        this.debounce = debounce;
        this.onChange = onChange;
        this.watchService = FileSystems.getDefault().newWatchService();
        try {
            directoryKey = register(directory);
            registerRules();
        } catch (IOException e) {
            watchService.close();
            throw e;
        }
        this.thread = new Thread(this::run, "heal8s-playbook-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Reloads the repository after each burst of changes. Start it before the repository's first
     * {@link PlaybookRepository#reload()} so that no edit falls between the two.
     */
    public static PlaybookWatcher start(PlaybookRepository repository) throws IOException {
        return new PlaybookWatcher(repository.directory(), DEFAULT_DEBOUNCE, repository::reload);
    }

    /** Loads the directory after each burst of changes and hands the result, good or not, to {@code consumer}. */
    public static PlaybookWatcher start(Path directory, Consumer<LoadResult> consumer) throws IOException {
        return start(directory, new PlaybookLoader(), DEFAULT_DEBOUNCE, consumer);
    }

    /** As {@link #start(Path, Consumer)}, with a chosen loader and debounce time. */
    public static PlaybookWatcher start(Path directory, PlaybookLoader loader, Duration debounce,
            Consumer<LoadResult> consumer) throws IOException {
        Objects.requireNonNull(consumer, "consumer");
        return new PlaybookWatcher(directory, debounce, () -> consumer.accept(loader.load(directory)));
    }

    @Override
    public void close() throws IOException {
        watchService.close();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                drain(watchService.take());
                WatchKey next;
                int rounds = 0;
                while (rounds++ < MAX_DEBOUNCES_PER_BURST
                        && (next = watchService.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    drain(next);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    // The watcher must outlive one failed reload, or later edits would go unnoticed.
                    LOG.error("Reloading playbooks from {} failed", directory, e);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            LOG.debug("Playbook watcher for {} stopped", directory);
        }
    }

    private void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
        if (key == directoryKey) {
            // rules/ may have been created, or swapped with a ConfigMap's atomic '..data' symlink flip.
            registerRules();
        }
    }

    private void registerRules() {
        Path rules = directory.resolve(PlaybookLoader.RULES_DIR);
        if (Files.isDirectory(rules)) {
            try {
                register(rules);
            } catch (IOException | ClosedWatchServiceException e) {
                LOG.debug("Cannot watch {}: {}", rules, e.toString());
            }
        }
    }

    private WatchKey register(Path dir) throws IOException {
        return dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
    }
}
