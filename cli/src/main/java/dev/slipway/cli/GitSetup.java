package dev.slipway.cli;

import dev.slipway.common.Threads;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileSnapshot;
import org.eclipse.jgit.internal.util.CleanupService;
import org.eclipse.jgit.internal.util.ShutdownHook;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.jspecify.annotations.Nullable;

/**
 * JGit, left to itself, starts {@code git --version} and {@code git config --system} to find the system-wide git
 * configuration: two processes on every start of {@code slipway}. Slipway reads repositories it controls and needs no
 * system configuration, so it tells JGit there is none, as {@code GIT_CONFIG_NOSYSTEM=1} does for C git.
 */
final class GitSetup {
    private GitSetup() {}

    /** Whether {@link #cleanupOnExit} ran in this JVM. */
    private static boolean cleanupHooked;

    /**
     * Does {@link #noSystemConfig} and {@link #cleanupOnExit} on a thread of its own and initialises the JGit classes
     * that every repository opening needs (file snapshots, the time zone), overlapping with building the command line.
     * Call {@link #await} before using JGit.
     */
    static Thread prepareInBackground() {
        return Thread.ofPlatform().daemon().name("slipway-git-setup").start(() -> {
            noSystemConfig();
            cleanupOnExit();
            FileSnapshot.save(Instant.EPOCH);
        });
    }

    /** Waits for {@link #prepareInBackground}. */
    static void await(Thread setup) {
        if (Threads.joinUninterruptibly(setup)) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * JGit's cleanup at exit (deleting the lock files and half-made clones it leaves when the JVM ends) belongs to a
     * {@link CleanupService} that JGit creates on first use. That one first loads JGit's whole message bundle (its
     * 1,000-odd fields set by reflection: 50-100 ms of CPU that a one-step {@code slipway run} waited for) and puts a
     * JVM shutdown hook in place whose {@link ShutdownHook} loads the bundle again if it was not, to log a debug line
     * per listener. The service made with its public constructor, as OSGi makes it, only records the cleanup; Slipway's
     * own hook ({@link #runJGitCleanup}) notifies the listeners instead, without the log line. Runs once per JVM; a
     * service JGit made before (in tests that used JGit first) keeps its own hook.
     */
    static synchronized void cleanupOnExit() {
        if (cleanupHooked) {
            return;
        }
        cleanupHooked = true;
        Field listeners = listenersField();
        if (listeners == null
                || !ShutdownHooks.add(new Thread(() -> runJGitCleanup(listeners), "slipway-git-cleanup"))) {
            return; // another JGit: its own service and hook stay in charge
        }
        new CleanupService();
    }

    /**
     * What JGit's shutdown hook does: notify every {@link ShutdownHook} listener, read from {@code field} ({@link
     * #listenersField}). Returns how many were notified.
     */
    static int runJGitCleanup(Field field) {
        List<ShutdownHook.Listener> listeners;
        try {
            listeners = ((Set<?>) field.get(ShutdownHook.INSTANCE))
                    .stream()
                            .filter(ShutdownHook.Listener.class::isInstance)
                            .map(ShutdownHook.Listener.class::cast)
                            .toList();
        } catch (IllegalAccessException | RuntimeException e) {
            return 0;
        }
        for (ShutdownHook.Listener listener : listeners) {
            try {
                listener.onShutdown();
            } catch (RuntimeException e) {
                // the JVM is ending; the other listeners still run
            }
        }
        return listeners.size();
    }

    /** {@link ShutdownHook}'s set of listeners, made accessible; null with a JGit that keeps them otherwise. */
    static @Nullable Field listenersField() {
        try {
            Field field = ShutdownHook.class.getDeclaredField("listeners");
            field.setAccessible(true);
            return Set.class.isAssignableFrom(field.getType()) ? field : null;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    static void noSystemConfig() {
        SystemReader.setInstance(new SystemReader.Delegate(SystemReader.getInstance()) {
            @Override
            public FileBasedConfig openSystemConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, null, fs) {
                    @Override
                    public void load() {
                        // there is no system configuration
                    }

                    @Override
                    public boolean isOutdated() {
                        return false;
                    }
                };
            }
        });
    }
}
