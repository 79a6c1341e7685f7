package dev.slipway.cli;

import dev.slipway.actions.ActionSource;
import dev.slipway.actions.Artifact;
import dev.slipway.actions.Builtins;
import dev.slipway.actions.LocalArtifactStore;
import dev.slipway.actions.LocalCacheStore;
import dev.slipway.actions.WorkingTree;
import dev.slipway.agent.CacheServer;
import dev.slipway.common.UserError;
import dev.slipway.plan.RunInfo;
import dev.slipway.run.Orchestrator;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.JobRunner;
import dev.slipway.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a local run: where Slipway keeps its state ({@code $XDG_CACHE_HOME/slipway}: artifacts,
 * caches, resolved actions, run numbers), secrets, executors and the action source.
 */
final class Config {
    private final RunCommand options;
    private final Path home;
    private @Nullable Path work; // guarded by this
    private final Map<String, String> secrets;
    private final CountDownLatch finished = new CountDownLatch(1);
    private WorkingTree workingTree = WorkingTree.NONE;
    private @Nullable LocalArtifactStore artifacts;

    private Config(RunCommand options, Path home, Map<String, String> secrets) {
        this.options = options;
        this.home = home;
        this.secrets = secrets;
    }

    static Config create(RunCommand options, Path root) {
        Path home = stateHome();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Path file : options.secretFiles) {
            secrets.putAll(Dotenv.read(file, "secret file"));
        }
        for (String s : options.secrets) {
            int eq = s.indexOf('=');
            if (eq > 0) {
                secrets.put(s.substring(0, eq), s.substring(eq + 1));
            } else {
                String v = System.getenv(s);
                if (v == null) {
                    throw new UserError("--secret " + s + ": no value given and no environment variable " + s);
                }
                secrets.put(s, v);
            }
        }
        return new Config(options, home, secrets);
    }

    /**
     * Where the runs' job directories go: {@code SLIPWAY_WORK}, else the state directory's {@code runs} when the state
     * directory was chosen ({@code SLIPWAY_HOME}), else {@code $TMPDIR/slipway-<user>/runs}: the default state
     * directory ({@code ~/.cache/slipway}) is hidden, and tools refuse or skip paths with a dot segment (Node's {@code
     * send}, which Express serves files with, answers 404 for them), where GitHub's workspace has none. A temporary
     * directory that is not this user's own (made by someone else, or a link) is not used: the state directory then.
     */
    static Path workHome(Path stateHome) {
        String work = System.getenv("SLIPWAY_WORK");
        if (work != null && !work.isBlank()) {
            return Path.of(work);
        }
        if (chosenHome().isPresent()) {
            return stateHome.resolve("runs");
        }
        String tmp = System.getenv("TMPDIR");
        Path base = Path.of(tmp != null && !tmp.isBlank() ? tmp : "/tmp");
        Path own = base.resolve("slipway-" + System.getProperty("user.name", "user"));
        return privateDirectory(own) ? own.resolve("runs") : stateHome.resolve("runs");
    }

    /** Whether {@code dir} is, or could be made, a directory of this user's alone (mode 700, not a link). */
    static boolean privateDirectory(Path dir) {
        try {
            try {
                Files.createDirectory(
                        dir,
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made before, by this user or another: checked below
            }
            var attrs = Files.readAttributes(
                    dir, java.nio.file.attribute.PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            String me = System.getProperty("user.name", "");
            return attrs.isDirectory()
                    && attrs.owner().getName().equals(me)
                    && attrs.permissions().equals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The state directory the user chose: {@code -Dslipway.home}, else {@code SLIPWAY_HOME}. */
    private static Optional<Path> chosenHome() {
        String prop = System.getProperty("slipway.home");
        if (prop != null && !prop.isBlank()) {
            return Optional.of(Path.of(prop));
        }
        String env = System.getenv("SLIPWAY_HOME");
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        return Optional.empty();
    }

    static Path stateHome() {
        Optional<Path> chosen = chosenHome();
        if (chosen.isPresent()) {
            return chosen.get();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("slipway");
    }

    Map<String, String> secrets() {
        return secrets;
    }

    /**
     * {@code github.server_url} of a local run: {@code SLIPWAY_SERVER_URL}, else the server of the repository's
     * {@code origin} remote ({@code https://github.com} for a clone of a GitHub repository), else a local Slipway
     * server's address.
     */
    String serverUrl(LocalGit git) {
        String url = System.getenv("SLIPWAY_SERVER_URL");
        return url == null || url.isBlank() ? git.originServer().orElse("http://localhost:8080") : url;
    }

    /** The next run number, kept in the state directory so numbers grow across runs like GitHub's. */
    synchronized RunInfo nextRun(String serverUrl) {
        long n;
        try {
            Files.createDirectories(home);
            Path counter = home.resolve("run-number");
            n = Files.exists(counter) ? Long.parseLong(Files.readString(counter).strip()) + 1 : 1;
            Files.writeString(counter, Long.toString(n));
        } catch (IOException | NumberFormatException e) {
            n = System.currentTimeMillis() / 1000;
        }
        return new RunInfo(n, n, 1, serverUrl, "", 90);
    }

    /** How many runs at once may each hold a run slot; more runs get a directory of their own. */
    private static final int RUN_SLOTS = 64;

    /**
     * A run directory that outlives its run ({@code runs/slot-<k>}): the next run that holds the slot takes over its
     * job directories, emptied, instead of creating new ones. The slot is held through a lock on {@code
     * runs/slot-<k>.lock}, which the system releases when the process ends, also when it is killed.
     */
    record Slot(Path dir, FileChannel lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lock.close();
            } catch (IOException e) {
                // closing releases the lock; nothing else to do
            }
        }
    }

    /** The first free run slot, held until closed; empty when all are held (by this or other processes). */
    Optional<Slot> claimSlot() throws IOException {
        return claimSlot(work());
    }

    /** {@link #workHome} of this configuration's state directory, worked out (and made) once. */
    private synchronized Path work() {
        if (work == null) {
            work = workHome(home);
        }
        return work;
    }

    /** {@link #claimSlot()} in the work directory {@code runs} (see {@link #workHome}). */
    static Optional<Slot> claimSlot(Path runs) throws IOException {
        Files.createDirectories(runs);
        for (int k = 1; k <= RUN_SLOTS; k++) {
            FileChannel channel = FileChannel.open(
                    runs.resolve("slot-" + k + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                if (channel.tryLock() != null) {
                    return Optional.of(new Slot(Files.createDirectories(runs.resolve("slot-" + k)), channel));
                }
            } catch (OverlappingFileLockException e) {
                // another run of this process holds it
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            channel.close();
        }
        return Optional.empty();
    }

    Path runDir(RunInfo info) throws IOException {
        Path dir = work().resolve(info.runId() + "-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        return dir;
    }

    Orchestrator orchestrator(Path root) throws IOException {
        Platforms.Builder platforms = LocalExecutors.platforms();
        options.platforms.forEach(platforms::map);
        List<String> sources = new ArrayList<>(options.actionSources);
        sources.addAll(ActionSource.split(System.getenv("SLIPWAY_ACTION_SOURCE")));
        // last, so that the user's sources win: slipway/rollout, which says it needs a server when a local run reaches
        // it; without a writable state directory a local run does without it (the action is then not found)
        try {
            sources.add(dev.slipway.server.SlipwayActions.install(home).toString());
        } catch (java.io.UncheckedIOException e) {
            // not found later, naming the sources tried
        }
        ActionSource source = ActionSource.inHome(sources, home);
        workingTree = options.uncommitted ? WorkingTree.including(root) : WorkingTree.noting(root);
        artifacts = LocalArtifactStore.of(home.resolve("artifacts"));
        LocalCacheStore caches = LocalCacheStore.of(home.resolve("cache"));
        Builtins builtins = Builtins.standard(artifacts, caches, workingTree, Optional.of(source));
        RuntimeOptions runtime = RuntimeOptions.defaults()
                .withBuiltins(builtins::find)
                .withCacheService(CacheServer.lazy(caches))
                .withActions(source::resolve, source.describe())
                .withDebug(options.verbose);
        return new Orchestrator(
                platforms.build(), executor -> new JobRunner(executor, runtime), RepoWorkflows.of(root, source));
    }

    /** The artifacts run {@code runId} uploaded, by name; empty when none or they cannot be listed. */
    List<Artifact> artifacts(long runId) {
        if (artifacts == null) {
            return List.of();
        }
        try {
            return artifacts.list(Long.toString(runId));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The uncommitted changes of the run's repository, as the last {@link #orchestrator}'s checkouts see them. */
    WorkingTree workingTree() {
        return workingTree;
    }

    /** Called by the Ctrl-C hook: waits a little for the run to finish its cleanup. */
    void awaitQuiet() {
        try {
            finished.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void done() {
        finished.countDown();
    }

    void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover workspace is harmless; it is under the state directory
        }
    }
}
