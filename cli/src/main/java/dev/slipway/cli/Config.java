package dev.slipway.cli;

import dev.slipway.actions.ActionSource;
import dev.slipway.actions.Builtins;
import dev.slipway.actions.LocalArtifactStore;
import dev.slipway.actions.LocalCacheStore;
import dev.slipway.common.UserError;
import dev.slipway.plan.RunInfo;
import dev.slipway.run.Orchestrator;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.JobRunner;
import dev.slipway.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The configuration of a local run: where Slipway keeps its state ({@code $XDG_CACHE_HOME/slipway}: artifacts,
 * caches, resolved actions, run numbers), secrets, executors and the action source.
 */
final class Config {
    private final RunCommand options;
    private final Path home;
    private final Map<String, String> secrets;
    private final CountDownLatch finished = new CountDownLatch(1);

    private Config(RunCommand options, Path home, Map<String, String> secrets) {
        this.options = options;
        this.home = home;
        this.secrets = secrets;
    }

    static Config create(RunCommand options, Path root) {
        Path home = stateHome();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Path file : options.secretFiles) {
            secrets.putAll(Dotenv.read(file));
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

    static Path stateHome() {
        String prop = System.getProperty("slipway.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("SLIPWAY_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("slipway");
    }

    Map<String, String> secrets() {
        return secrets;
    }

    String serverUrl() {
        String url = System.getenv("SLIPWAY_SERVER_URL");
        return url == null || url.isBlank() ? "http://localhost:8080" : url;
    }

    /** The next run number, kept in the state directory so numbers grow across runs like GitHub's. */
    synchronized RunInfo nextRun() {
        long n;
        try {
            Files.createDirectories(home);
            Path counter = home.resolve("run-number");
            n = Files.exists(counter) ? Long.parseLong(Files.readString(counter).strip()) + 1 : 1;
            Files.writeString(counter, Long.toString(n));
        } catch (IOException | NumberFormatException e) {
            n = System.currentTimeMillis() / 1000;
        }
        return new RunInfo(n, n, 1, serverUrl(), "", 90);
    }

    Path runDir(RunInfo info) throws IOException {
        Path dir = home.resolve("runs")
                .resolve(info.runId() + "-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        return dir;
    }

    Orchestrator orchestrator(Path root) throws IOException {
        Platforms.Builder platforms = LocalExecutors.platforms();
        options.platforms.forEach(platforms::map);
        List<String> sources = new ArrayList<>(options.actionSources);
        String env = System.getenv("SLIPWAY_ACTION_SOURCE");
        if (env != null && !env.isBlank()) {
            sources.addAll(List.of(env.split(",")));
        }
        Path defaultMirror = home.resolve("action-mirror");
        if (Files.isDirectory(defaultMirror)) {
            sources.add(defaultMirror.toString());
        }
        ActionSource source = ActionSource.of(sources, home.resolve("actions"));
        Builtins builtins = Builtins.standard(
                LocalArtifactStore.of(home.resolve("artifacts")), LocalCacheStore.of(home.resolve("cache")));
        RuntimeOptions runtime = RuntimeOptions.defaults()
                .withBuiltins(builtins::find)
                .withActions(source::resolve, sources.isEmpty() ? "(none configured)" : String.join(", ", sources))
                .withDebug(options.verbose);
        return new Orchestrator(
                platforms.build(),
                executor -> new JobRunner(executor, runtime),
                path -> WorkflowLoader.parse(root.resolve(path), root));
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
