package dev.slipway.server.runs;

import dev.slipway.common.UserError;
import dev.slipway.git.PushEvent;
import dev.slipway.git.Repositories;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.RuntimeOptions;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.server.agents.EmbeddedAgent;
import dev.slipway.server.metrics.RunMetrics;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Review;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.SecretBox;
import dev.slipway.server.store.User;
import dev.slipway.workflow.TokenPermissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workflow runs of the hosted repositories: creates them for pushes and {@code workflow_dispatch} requests and
 * orchestrates them, recording jobs, steps, logs and commit statuses in the store.
 *
 * <p>Runs wait in the {@code workflow_runs} table with status {@code queued} and are claimed by the run workers with
 * the store's queued → in_progress update; the engine's orchestrator then puts each job in the persistent job queue,
 * from which agents (the embedded one, remote ones) lease the jobs whose {@code runs-on} labels they have. Job logs go to {@code <logsDir>/<runId>/<jobId>.log}; run workspaces to a {@code work}
 * directory next to {@code logsDir}, removed after each run.
 *
 * <p>Call {@link #start} once (it first recovers what a killed server left in progress), {@link #stop} once. The
 * other methods are thread-safe and may be called before {@link #start}: runs created then wait for it.
 */
public final class RunService {
    /** How many runs execute at once by default. */
    public static final int DEFAULT_WORKERS = 4;

    /** How many jobs of each run the embedded agent takes on at once, by default. */
    private static final int JOBS_PER_RUN = 4;

    private final Database db;
    private final Path logsDir;
    private final int workerCount;
    private final Triggers triggers;
    private final PullRequestTriggers pullTriggers;
    private final Workers workers;
    private final RunExecutor executor;
    private final Recovery recovery;
    private final ScheduledRuns scheduled;
    private final Reruns reruns;
    private final AgentHub hub;
    private final Optional<EmbeddedAgent> agent;

    /** A service with {@link #DEFAULT_WORKERS} workers. */
    public RunService(
            Database db,
            Repositories repos,
            Path logsDir,
            Platforms platforms,
            RuntimeOptions runtime,
            String serverUrl) {
        this(db, repos, logsDir, platforms, runtime, serverUrl, DEFAULT_WORKERS);
    }

    /**
     * @param logsDir where job logs are written, e.g. {@code <data>/logs}
     * @param platforms the runs-on label mapping to executors (the cli injects them)
     * @param runtime how jobs find built-in and remote actions
     * @param serverUrl the server's base URL, for {@code github.server_url} and status links
     * @param workerCount how many runs execute at once
     */
    public RunService(
            Database db,
            Repositories repos,
            Path logsDir,
            Platforms platforms,
            RuntimeOptions runtime,
            String serverUrl,
            int workerCount) {
        this(
                db,
                repos,
                logsDir,
                platforms,
                runtime,
                serverUrl,
                workerCount,
                RunMetrics.NONE,
                new AgentHub(db, AgentHub.Settings.DEFAULTS, RunMetrics.NONE),
                true,
                SecretBox.of(new byte[32]));
    }

    /**
     * As above, reporting runs and jobs to {@code metrics}, with jobs going through {@code hub} to agents. The shorter
     * forms report no metrics, make a hub and an embedded agent of their own, and cannot read stored secrets (no key).
     *
     * @param embedded whether the server runs jobs itself too (an embedded agent with {@code platforms})
     * @param secrets decrypts the repositories' actions secrets for their runs
     */
    public RunService(
            Database db,
            Repositories repos,
            Path logsDir,
            Platforms platforms,
            RuntimeOptions runtime,
            String serverUrl,
            int workerCount,
            RunMetrics metrics,
            AgentHub hub,
            boolean embedded,
            SecretBox secrets) {
        if (workerCount < 1) {
            throw new IllegalArgumentException("at least one worker is needed: " + workerCount);
        }
        var base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        var claims = new JobClaims(db);
        var executor = new RunExecutor(
                db, repos, claims, logsDir, logsDir.resolveSibling("work"), hub, base, metrics, secrets);
        this.db = db;
        this.logsDir = logsDir;
        this.workerCount = workerCount;
        this.hub = hub;
        this.agent = embedded
                ? Optional.of(new EmbeddedAgent(
                        hub,
                        platforms,
                        runtime,
                        repos.root(),
                        logsDir.resolveSibling("agent"),
                        workerCount * JOBS_PER_RUN))
                : Optional.empty();
        this.workers = new Workers(db, executor);
        this.executor = executor;
        var factory = new RunFactory(
                db, claims, logsDir, base, new RunConcurrency(db, (id, why) -> workers.cancel(id, why, false)));
        this.triggers = new Triggers(db, repos, base, factory, workers::offer);
        this.pullTriggers = new PullRequestTriggers(db, repos, base, factory, workers::offer);
        this.recovery = new Recovery(db, claims);
        this.scheduled = new ScheduledRuns(db, repos, base, factory, workers::offer);
        this.reruns = new Reruns(db, repos, workers::offer, logsDir);
    }

    /** What jobs' tokens may do when their workflow's {@code permissions} say nothing (default: permissive). */
    public void defaultTokenPermissions(TokenPermissions permissions) {
        executor.defaultPermissions(permissions);
    }

    /** Who hears of the deployments jobs make and their statuses (webhooks). */
    public void deploymentEvents(dev.slipway.server.environments.DeploymentEvents events) {
        executor.deploymentEvents(events);
    }

    /** Creates the runs of a push: called by the git push listener after a successful receive. */
    public void onPush(PushEvent event) {
        onPush(event, true);
    }

    /** As above; without {@code runs} (what a job's token pushed) the push events are only shown to the observer. */
    public void onPush(PushEvent event, boolean runs) {
        triggers.push(event, runs);
    }

    /**
     * Creates the runs of a {@code release} event ({@code action}: published, created, released, prereleased,
     * edited, deleted...) of {@code release}, the REST API's release object.
     */
    /**
     * Starts the runs the {@code workflow_run} events of {@code upstream} trigger ({@code actions}, in order:
     * requested, in_progress, completed).
     */
    public List<Run> onWorkflowRun(Run upstream, List<String> actions) {
        return triggers.workflowRun(upstream, actions);
    }

    public List<Run> onRelease(Repo repo, String action, dev.slipway.expr.Value.Obj release, String actor) {
        return triggers.release(repo, action, release, actor);
    }

    /**
     * Creates the runs of a {@code pull_request} event ({@code action}: opened, synchronize, closed, ...); without
     * {@code runs} (what a job's token did) the event is only shown to the observer.
     */
    public List<Run> onPullRequest(PullRequest pr, String action, String actor, boolean runs) {
        return pullTriggers.pullRequest(pr, action, actor, runs);
    }

    /**
     * Creates the runs of a {@code pull_request_review} event (action {@code submitted}); without {@code runs} the
     * event is only shown to the observer.
     */
    public List<Run> onReview(PullRequest pr, Review review, String actor, boolean runs) {
        return pullTriggers.review(pr, review, actor, runs);
    }

    /** Who sees each ref's push event as it is made (webhooks). */
    public void pushEvents(java.util.function.Consumer<dev.slipway.plan.Event> observer) {
        triggers.observePushes(observer);
    }

    /** Who sees each pull request and review event as it is made (webhooks). */
    public void pullRequestEvents(java.util.function.Consumer<dev.slipway.plan.Event> observer) {
        pullTriggers.observe(observer);
    }

    /**
     * Queues a {@code workflow_dispatch} run.
     *
     * @param workflowFile the workflow's path ({@code .github/workflows/ci.yml}) or file name ({@code ci.yml})
     * @param ref a branch, a tag or a full ref
     * @param inputs the inputs as strings, checked and typed against the workflow's definitions
     * @throws UserError when the repository, ref or workflow does not exist, the workflow does not parse or has no
     *     {@code workflow_dispatch} trigger, or the inputs do not fit
     */
    public Run dispatch(
            String owner, String name, String workflowFile, String ref, Map<String, String> inputs, User actor) {
        return triggers.dispatch(owner, name, workflowFile, ref, inputs, actor);
    }

    /**
     * Queues a {@code schedule} run of the workflow at {@code workflowPath} as of commit {@code sha} (the head of the
     * default branch when the scheduler read it), with the repository's owner as the actor.
     *
     * @param cron the cron expression exactly as the workflow writes it (the event's {@code github.event.schedule})
     * @return the run, or empty when the repository or file is gone, the file does not parse or no longer has
     *     {@code cron}
     */
    public Optional<Run> schedule(String owner, String name, String workflowPath, String sha, String cron) {
        return scheduled.create(owner, name, workflowPath, sha, cron);
    }

    /**
     * Re-runs all jobs of a completed run: the same run with {@code run_attempt} + 1, the same commit and event.
     *
     * @return the queued run, or empty when there is no such run or it has not completed
     */
    public Optional<Run> rerun(long runId) {
        return reruns.rerun(runId);
    }

    /**
     * Re-runs the failed and cancelled jobs of a completed run ({@code jobKey} empty), or the job with that key, and
     * the jobs that need them, as the run's next attempt; the other jobs keep their results and outputs.
     *
     * @return the queued run, or empty when there is no such run or it has not completed
     * @throws IllegalArgumentException when there is nothing to re-run or the workflow no longer parses
     */
    public Optional<Run> rerunSome(long runId, Optional<String> jobKey) {
        return reruns.rerunSome(runId, jobKey);
    }

    /**
     * Cancels a run as GitHub does: a queued one at once; in a running one, a running step whose {@code if} still holds
     * for a cancelled job ({@code always()}, {@code cancelled()}) goes on, the others stop. A completed one stays.
     */
    public void cancel(long runId) {
        workers.cancel(runId, "The run was cancelled", false);
    }

    /** Cancels a run like {@link #cancel}, but stops every running step, whatever its {@code if}. */
    public void forceCancel(long runId) {
        workers.cancel(runId, "The run was cancelled", true);
    }

    /** Recovers what a killed server left in progress, then starts the workers. */
    public void start() {
        var queued = recovery.recover();
        hub.start();
        agent.ifPresent(EmbeddedAgent::start);
        queued.forEach(workers::offer);
        workers.start(workerCount);
    }

    /** Stops taking runs, waits up to {@code drain} for the running ones, then cancels them ("server stopped"). */
    public void stop(Duration drain) {
        try {
            workers.stop(drain);
        } finally {
            agent.ifPresent(a -> a.stop(drain));
            hub.stop();
        }
    }

    /** The log file of a job, once the job has written to it. */
    public Optional<Path> logFile(long jobId) {
        return db.jobs()
                .find(jobId)
                .map(job -> JobLog.path(logsDir, job.runId(), job.id()))
                .filter(Files::exists);
    }
}
