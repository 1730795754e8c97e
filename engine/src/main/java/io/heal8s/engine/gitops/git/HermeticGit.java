package io.heal8s.engine.gitops.git;

import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.internal.WorkQueue;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit as heal8s runs it: blind to the host's Git configuration, and leaving no thread behind.
 *
 * <p>By default JGit reads the system configuration (running the {@code git} executable to find it) and the user's
 * {@code ~/.gitconfig}. A server's Git behaviour must not depend on the image or the account it runs under: a
 * {@code url.<base>.insteadOf} or a credential helper there would send heal8s' pushes, with their token, somewhere
 * else. {@link #install()} makes both empty. (JGit's own configuration, where it caches what it measured of the file
 * system, stays.)
 * {@link #shutdown()} stops JGit's shared work queue, a static thread pool that would otherwise outlive an undeployed
 * application and pin its classes.
 */
public final class HermeticGit {

    private HermeticGit() {
    }

    /** Makes JGit read no system or user Git configuration in this class loader; idempotent. */
    public static synchronized void install() {
        SystemReader current = SystemReader.getInstance();
        if (current instanceof NoHostConfiguration) {
            return;
        }
        SystemReader.setInstance(new NoHostConfiguration(current));
    }

    /** Stops JGit's shared work queue; call when the application stops. */
    public static void shutdown() {
        WorkQueue.getExecutor().shutdownNow();
    }

    private static final class NoHostConfiguration extends SystemReader.Delegate {

        NoHostConfiguration(SystemReader delegate) {
            super(delegate);
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return empty(parent, fs);
        }

        @Override
        public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return empty(parent, fs);
        }

        private static FileBasedConfig empty(Config parent, FS fs) {
            return new FileBasedConfig(parent, null, fs) {
                @Override
                public void load() {
                    // Nothing to read: this configuration is empty by design.
                }

                @Override
                public boolean isOutdated() {
                    return false;
                }
            };
        }
    }
}
