package dev.slipway.server;

import dev.slipway.actions.ArtifactStore;
import dev.slipway.actions.Builtins;
import dev.slipway.actions.CacheStore;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.git.PushListener;
import dev.slipway.git.Repositories;
import dev.slipway.runtime.RuntimeOptions;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.server.api.RunControl;
import dev.slipway.server.auth.Caller;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.hooks.Webhooks;
import dev.slipway.server.metrics.RunMetrics;
import dev.slipway.server.pulls.PullEventSink;
import dev.slipway.server.pulls.PullMerger;
import dev.slipway.server.pulls.Pulls;
import dev.slipway.server.runs.RunService;
import dev.slipway.server.runs.StoredArtifacts;
import dev.slipway.server.runs.StoredCaches;
import dev.slipway.server.schedule.Scheduler;
import dev.slipway.server.store.Artifact;
import dev.slipway.server.store.CacheEntry;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Review;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.SecretBox;
import dev.slipway.server.store.User;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects workflow runs to the rest of the server: pushes go to the run service, the API's actions endpoints call
 * it, and its embedded agent starts and stops with the server. The one place that knows the run service.
 *
 * <p>The service is made in {@link #start}, once the server's URL is known (the port may have been 0); git and the
 * API are built before that, so they reach the service through this object.
 */
final class Wiring implements RunControl {
    /** How often expired artifacts and unused caches are deleted. */
    static final Duration SWEEP_EVERY = Duration.ofMinutes(30);

    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);
    private final Database db;
    private final Repositories git;
    private final Path dataDir;
    private final ExecutorFactory executors;
    private final RunMetrics metrics;
    private final Pulls pulls;
    private final PullMerger merger;
    private final AgentHub hub;
    private final boolean embeddedAgent;
    private volatile @Nullable RunService service;
    private volatile String serverUrl = "";
    private @Nullable Scheduler scheduler;
    private @Nullable ScheduledExecutorService sweeper;
    private final StoredArtifacts artifacts;
    private final StoredCaches caches;

    private volatile @Nullable Webhooks webhooks;
    private List<String> actionSources = List.of();
    private dev.slipway.workflow.TokenPermissions tokenPermissions = dev.slipway.workflow.TokenPermissions.DEFAULT;

    Wiring(
            Database db,
            Repositories git,
            Path dataDir,
            ExecutorFactory executors,
            RunMetrics metrics,
            Permissions permissions,
            AgentHub hub,
            boolean embeddedAgent) {
        this.hub = hub;
        this.embeddedAgent = embeddedAgent;
        this.db = db;
        this.git = git;
        this.dataDir = dataDir;
        this.executors = executors;
        this.metrics = metrics;
        this.pulls = new Pulls(db, git, new PullEvents());
        this.merger = new PullMerger(pulls, permissions, pushes());
        this.artifacts = new StoredArtifacts(db, dataDir, () -> serverUrl);
        this.caches = new StoredCaches(db, dataDir, Clock.systemUTC());
    }

    /** Where jobs' artifacts go, for the embedded agent and (over HTTP) remote ones. */
    ArtifactStore artifacts() {
        return artifacts;
    }

    /** Where jobs find the actions they name ({@code uses: owner/repo@ref}); before {@link #start}. */
    synchronized void actionSources(List<String> locations) {
        this.actionSources = List.copyOf(locations);
    }

    /** Where pushes and releases are told as webhook events; before {@link #start}. */
    void webhooks(Webhooks hooks) {
        this.webhooks = hooks;
    }

    /** What jobs' tokens may do when their workflow sets no {@code permissions}; before {@link #start}. */
    synchronized void tokenPermissions(dev.slipway.workflow.TokenPermissions permissions) {
        this.tokenPermissions = permissions;
    }

    /** Where jobs' caches go. */
    CacheStore caches() {
        return caches;
    }

    /**
     * Tells the run service, then the pull requests, about pushes (none arrive before {@link #start}: the server is
     * not listening yet). Merges of pull requests come through here too; a merge by a job's token starts no run, as
     * on GitHub.
     */
    PushListener pushes() {
        return event -> {
            try {
                // what a job's token pushes starts no runs; its webhooks are sent all the same, as on GitHub
                service().onPush(event, !Caller.isJobActor(event.pusher().login()));
            } finally {
                pulls.onPush(event);
            }
        };
    }

    /** Pull requests. */
    Pulls pulls() {
        return pulls;
    }

    /** Merging and auto-merge of pull requests. */
    PullMerger merger() {
        return merger;
    }

    /** The server's URL once started, for links in git's messages. */
    String serverUrl() {
        return serverUrl;
    }

    /** Creates the run service for a server reachable at {@code serverUrl}, recovers and starts its agent. */
    synchronized void start(String serverUrl) {
        if (service != null) {
            throw new IllegalStateException("runs were started already");
        }
        this.serverUrl = serverUrl;
        var builtins = Builtins.standard(artifacts, caches);
        // jobs find the actions they name where the server was told (--action-source, SLIPWAY_ACTION_SOURCE), and in
        // <data>/action-mirror as slipway run does in its own state directory
        // Slipway's own actions (slipway/rollout) come first, so that no other source shadows them
        var locations = new java.util.ArrayList<String>();
        locations.add(SlipwayActions.install(dataDir).toString());
        locations.addAll(actionSources);
        var source = dev.slipway.actions.ActionSource.inHome(locations, dataDir);
        var runtime = RuntimeOptions.defaults()
                .withBuiltins(builtins::find)
                .withActions(source::resolve, source.describe())
                .withRunnerName("slipway-embedded")
                .withCacheService(dev.slipway.agent.CacheServer.lazy(caches));
        var created = new RunService(
                db,
                git,
                dataDir.resolve("logs"),
                executors.create(),
                runtime,
                serverUrl,
                RunService.DEFAULT_WORKERS,
                new WorkflowRunReports(metrics, db, (run, actions) -> service().onWorkflowRun(run, actions)),
                hub,
                embeddedAgent,
                SecretBox.of(Secrets.actionsKey(dataDir)));
        created.defaultTokenPermissions(tokenPermissions);
        var hooks = webhooks;
        if (hooks != null) {
            created.deploymentEvents(new dev.slipway.server.hooks.DeploymentHooks(hooks, db, () -> serverUrl));
            created.pushEvents(event -> hookEvent(hooks, event));
            created.pullRequestEvents(event -> hookEvent(hooks, event));
        }
        created.start();
        service = created;
        merger.start();
        scheduler = new Scheduler(git, created::schedule, Clock.systemUTC());
        scheduler.start();
        sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("retention-sweep").factory());
        sweeper.scheduleWithFixedDelay(this::sweep, 0, SWEEP_EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    /** Deletes expired artifacts and unused caches; failures are logged and retried at the next sweep. */
    void sweep() {
        try {
            int gone = artifacts.sweep();
            int evicted = caches.sweep();
            if (gone + evicted > 0) {
                LOG.info("retention: deleted {} expired artifacts and {} caches", gone, evicted);
            }
        } catch (RuntimeException e) {
            LOG.warn("retention sweep failed; retrying later", e);
        }
    }

    /** Lets running jobs finish for up to {@code drain}, then cancels them. */
    synchronized void stop(Duration drain) {
        merger.stop();
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (scheduler != null) {
            scheduler.stop();
        }
        var current = service;
        if (current != null) {
            current.stop(drain);
        }
        var hooks = webhooks;
        if (hooks != null) {
            hooks.close(); // deliveries cut short are sent at the next start
        }
    }

    @Override
    public Run dispatch(
            String owner, String name, String workflowFile, String ref, Map<String, String> inputs, User actor) {
        return service().dispatch(owner, name, workflowFile, ref, inputs, actor);
    }

    /** A push, pull request or review event as its webhook event, with the payload its runs get. */
    private void hookEvent(Webhooks hooks, dev.slipway.plan.Event event) {
        var name = event.repository();
        int slash = name.indexOf('/');
        if (slash < 0) {
            return;
        }
        db.repos().find(name.substring(0, slash), name.substring(slash + 1)).ifPresent(repo -> {
            try {
                var identified = dev.slipway.server.runs.PlanRepos.withSenderId(db, event);
                Map<String, ?> payload = RELEASE_JSON.readValue(Values.toJson(identified.payload()), Map.class);
                hooks.send(repo, event.name(), event.action(), payload, event.actor());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                LOG.warn("cannot read back the {} payload of {}", event.name(), name, e);
            }
        });
    }

    @Override
    public void release(Repo repo, String action, Map<String, ?> release, User actor) {
        var hooks = webhooks;
        if (hooks != null) {
            hooks.send(repo, "release", Optional.of(action), Map.of("release", release), actor.login());
        }
        if (Caller.isJobActor(actor.login())) {
            return; // what a job's token does starts no run, as on GitHub
        }
        try {
            var json = RELEASE_JSON.writeValueAsString(release);
            if (Values.fromJson(json) instanceof Value.Obj obj) {
                service().onRelease(repo, action, obj, actor.login());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | dev.slipway.expr.ExprException e) {
            throw new IllegalStateException("cannot pass release " + release.get("id") + " to the runs", e);
        }
    }

    @Override
    public void pushed(dev.slipway.git.PushEvent event) {
        pushes().pushed(event);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper RELEASE_JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

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
    public void forceCancel(long runId) {
        service().forceCancel(runId);
    }

    @Override
    public Optional<Path> logFile(long jobId) {
        return service().logFile(jobId);
    }

    @Override
    public InputStream openArtifact(Artifact artifact) throws IOException {
        return artifacts.open(artifact);
    }

    @Override
    public void deleteArtifact(Artifact artifact) {
        artifacts.delete(artifact);
    }

    @Override
    public void deleteCache(CacheEntry entry) {
        caches.delete(entry);
    }

    /**
     * Pull request activity goes to the run service as {@code pull_request} and {@code pull_request_review}. As on
     * GitHub, what a job's token does (a merge, a pull request, a review) starts no run, so that workflows cannot set
     * each other off without end; {@code workflow_dispatch} is the exception, and goes its own way.
     */
    private final class PullEvents implements PullEventSink {
        @Override
        public void pullRequest(PullRequest pr, String action, String actor) {
            // what a job's token does starts no runs; its webhooks are sent all the same, as on GitHub
            service().onPullRequest(pr, action, actor, !Caller.isJobActor(actor));
        }

        @Override
        public void review(PullRequest pr, Review review, String actor) {
            service().onReview(pr, review, actor, !Caller.isJobActor(actor));
        }
    }

    private RunService service() {
        var current = service;
        if (current == null) {
            throw new IllegalStateException("the run service has not started");
        }
        return current;
    }
}
