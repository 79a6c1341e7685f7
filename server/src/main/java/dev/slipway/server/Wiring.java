package dev.slipway.server;

import dev.slipway.actions.Builtins;
import dev.slipway.actions.LocalArtifactStore;
import dev.slipway.actions.LocalCacheStore;
import dev.slipway.git.PushListener;
import dev.slipway.git.Repositories;
import dev.slipway.runtime.RuntimeOptions;
import dev.slipway.server.api.RunControl;
import dev.slipway.server.metrics.RunMetrics;
import dev.slipway.server.runs.RunService;
import dev.slipway.server.schedule.Scheduler;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.SecretBox;
import dev.slipway.server.store.User;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Connects workflow runs to the rest of the server: pushes go to the run service, the API's actions endpoints call
 * it, and its embedded agent starts and stops with the server. The one place that knows the run service.
 *
 * <p>The service is made in {@link #start}, once the server's URL is known (the port may have been 0); git and the
 * API are built before that, so they reach the service through this object.
 */
final class Wiring implements RunControl {
    private final Database db;
    private final Repositories git;
    private final Path dataDir;
    private final ExecutorFactory executors;
    private final RunMetrics metrics;
    private volatile @Nullable RunService service;
    private @Nullable Scheduler scheduler;

    Wiring(Database db, Repositories git, Path dataDir, ExecutorFactory executors, RunMetrics metrics) {
        this.db = db;
        this.git = git;
        this.dataDir = dataDir;
        this.executors = executors;
        this.metrics = metrics;
    }

    /** Tells the run service about pushes (none arrive before {@link #start}: the server is not listening yet). */
    PushListener pushes() {
        return event -> service().onPush(event);
    }

    /** Creates the run service for a server reachable at {@code serverUrl}, recovers and starts its agent. */
    synchronized void start(String serverUrl) {
        if (service != null) {
            throw new IllegalStateException("runs were started already");
        }
        var builtins = Builtins.standard(
                LocalArtifactStore.of(dataDir.resolve("artifacts")), LocalCacheStore.of(dataDir.resolve("cache")));
        var runtime = RuntimeOptions.defaults().withBuiltins(builtins::find).withRunnerName("slipway-embedded");
        var created = new RunService(
                db,
                git,
                dataDir.resolve("logs"),
                executors.create(),
                runtime,
                serverUrl,
                RunService.DEFAULT_WORKERS,
                metrics,
                SecretBox.of(Secrets.actionsKey(dataDir)));
        created.start();
        service = created;
        scheduler = new Scheduler(git, created::schedule, Clock.systemUTC());
        scheduler.start();
    }

    /** Lets running jobs finish for up to {@code drain}, then cancels them. */
    synchronized void stop(Duration drain) {
        if (scheduler != null) {
            scheduler.stop();
        }
        var current = service;
        if (current != null) {
            current.stop(drain);
        }
    }

    @Override
    public Run dispatch(
            String owner, String name, String workflowFile, String ref, Map<String, String> inputs, User actor) {
        return service().dispatch(owner, name, workflowFile, ref, inputs, actor);
    }

    @Override
    public Optional<Run> rerun(long runId) {
        return service().rerun(runId);
    }

    @Override
    public Optional<Run> rerunSome(long runId, Optional<String> jobKey) {
        return service().rerunSome(runId, jobKey);
    }

    @Override
    public void cancel(long runId) {
        service().cancel(runId);
    }

    @Override
    public Optional<Path> logFile(long jobId) {
        return service().logFile(jobId);
    }

    private RunService service() {
        var current = service;
        if (current == null) {
            throw new IllegalStateException("the run service has not started");
        }
        return current;
    }
}
