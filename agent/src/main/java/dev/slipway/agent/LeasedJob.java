package dev.slipway.agent;

import dev.slipway.common.Diagnostic;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.protocol.AgentChannel;
import dev.slipway.protocol.Assignment;
import dev.slipway.protocol.Wire;
import dev.slipway.run.JobDirs;
import dev.slipway.run.JobLauncher;
import dev.slipway.run.JobRef;
import dev.slipway.run.JobResults;
import dev.slipway.run.LocalLauncher;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobResult;
import dev.slipway.runtime.JobRunner;
import dev.slipway.workflow.CacheMode;
import dev.slipway.workflow.WorkflowParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leased job on an agent: rebuilds the job from its assignment, runs it with a {@link LocalLauncher}, keeps the
 * lease alive (and hears of cancellation) on a second thread, streams events, and reports the result once every event
 * has arrived. A lost lease stops the job and reports nothing.
 */
final class LeasedJob {
    private static final Logger LOG = LoggerFactory.getLogger(LeasedJob.class);
    static final Duration HEARTBEAT_WAIT = Duration.ofSeconds(5);
    /**
     * How long after the lease the first heartbeat goes out. A lease lasts 30 s, and most jobs end within a second: they
     * make no lease call at all. A job cancelled in that second hears of it when the first heartbeat answers.
     */
    static final Duration FIRST_HEARTBEAT = Duration.ofSeconds(1);

    private static final Duration RETRY = Duration.ofMillis(250);
    private static final Duration CANCELLED_HEARTBEAT = Duration.ofSeconds(1);
    private static final int DONE_TRIES = 240;

    private final AgentChannel channel;
    private final Platforms platforms;
    private final JobSetup setup;
    private final JobDirs jobDirs;
    private final Assignment job;
    private final Cancellation cancel = new Cancellation();
    private volatile boolean finished;
    private volatile boolean lost;

    LeasedJob(AgentChannel channel, Platforms platforms, JobSetup setup, JobDirs jobDirs, Assignment job) {
        this.channel = channel;
        this.platforms = platforms;
        this.setup = setup;
        this.jobDirs = jobDirs;
        this.job = job;
    }

    /** Stops the job (the agent is shutting down); it still reports how it ended. */
    void cancel() {
        cancel.cancel();
    }

    /** Runs the job and reports it; returns how it ended, for people ({@code success}, {@code lease lost}, ...). */
    String run() {
        String name = "job-" + job.jobId() + "-" + job.attempt();
        var events = new EventStream(channel, job.token(), this::leaseLost, name);
        Thread heartbeat = Thread.ofVirtual().name(name + "-lease").start(this::heartbeat);
        Optional<Path> jobDir = Optional.empty();
        JobResult result;
        try {
            jobDir = Optional.of(jobDirs.take());
            result = execute(events, jobDir.get());
        } catch (IOException e) {
            result = JobResults.without(
                    Conclusion.FAILURE, "the agent cannot create a directory for the job: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} broke off", job, e);
            result = JobResults.without(Conclusion.FAILURE, "the agent failed to run the job: " + e);
        } finally {
            finished = true;
            heartbeat.interrupt();
        }
        try {
            events.close();
            if (lost || events.lost()) {
                return "lease lost, result dropped";
            }
            report(result, events.count());
            return result.conclusion().label();
        } catch (InterruptedException e) {
            events.abandon();
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            jobDir.ifPresent(jobDirs::give);
        }
    }

    private JobResult execute(EventStream events, Path jobDir) {
        var parsed = WorkflowParser.parse(job.workflowPath(), job.workflowText());
        if (parsed.value().isEmpty() || parsed.hasErrors()) {
            return JobResults.without(
                    Conclusion.FAILURE,
                    parsed.diagnostics().stream()
                            .map(Diagnostic::render)
                            .reduce((a, b) -> a + "\n" + b)
                            .orElse("the workflow does not parse"));
        }
        var workflow = parsed.value().get();
        var found = workflow.jobs().get(job.workflowJobId());
        if (found == null) {
            return JobResults.without(
                    Conclusion.FAILURE, job.workflowPath() + " has no job '" + job.workflowJobId() + "'");
        }
        // the server settled the job's cache-mode (a called workflow's job gets no more than its caller's)
        var definition =
                CacheMode.parse(job.cacheMode()).map(found::withCacheMode).orElse(found);
        Map<String, Value> contexts;
        try {
            if (!(Values.fromJson(job.contexts()) instanceof Value.Obj obj)) {
                return JobResults.without(Conclusion.FAILURE, "the job's contexts are not a JSON object");
            }
            contexts = obj.fields();
        } catch (ExprException e) {
            return JobResults.without(Conclusion.FAILURE, "the job's contexts are not valid JSON: " + e.getMessage());
        }
        Path repository;
        try {
            repository = setup.repository(job);
        } catch (IOException e) {
            return JobResults.without(
                    Conclusion.FAILURE, "cannot fetch " + job.repository() + " for the job: " + e.getMessage());
        }
        var matrix = contexts.get("matrix") instanceof Value.Obj m ? m : new Value.Obj(Map.of());
        var ref = new JobRef(job.jobKey(), job.workflowJobId(), job.displayName(), matrix, job.workflowPath());
        var runtime = setup.runtime(job);
        var launcher = new LocalLauncher(platforms, executor -> new JobRunner(executor, runtime));
        // The job token is the job's GITHUB_TOKEN: it reads the job's repository while the job runs.
        var secrets = new java.util.LinkedHashMap<>(job.secrets());
        secrets.putIfAbsent("GITHUB_TOKEN", job.token());
        var launch = new JobLauncher.Launch(
                ref,
                workflow,
                definition,
                contexts,
                secrets,
                job.labels(),
                job.repository(),
                repository,
                jobDir,
                () -> events);
        return launcher.launch(launch, cancel);
    }

    private void heartbeat() {
        if (!sleep(FIRST_HEARTBEAT)) {
            return;
        }
        while (!finished) {
            try {
                var state = channel.extendLease(job.token(), HEARTBEAT_WAIT);
                if (state != AgentChannel.LeaseState.RUNNING) {
                    if (state == AgentChannel.LeaseState.CANCEL) {
                        cancel.cancel();
                    } else {
                        cancel.cancelGracefully(); // a forced cancellation may follow at a later heartbeat
                    }
                    // The server answers at once from now on: keep the lease alive at a calm pace.
                    if (!sleep(CANCELLED_HEARTBEAT)) {
                        return;
                    }
                }
            } catch (AgentChannel.LeaseLostException e) {
                LOG.warn("{}: {}", job, e.getMessage());
                leaseLost();
                return;
            } catch (AgentChannel.ChannelException e) {
                if (!sleep(RETRY)) {
                    return;
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private void leaseLost() {
        lost = true;
        cancel.cancel();
    }

    private void report(JobResult result, long events) throws InterruptedException {
        var outcome = Wire.outcome(result, events);
        for (int i = 0; i < DONE_TRIES; i++) {
            try {
                channel.done(job.token(), outcome);
                return;
            } catch (AgentChannel.LeaseLostException e) {
                LOG.warn("{}: result not taken: {}", job, e.getMessage());
                return;
            } catch (AgentChannel.ChannelException | AgentChannel.GapException e) {
                LOG.debug("{}: reporting the result failed, will retry: {}", job, e.getMessage());
                Thread.sleep(RETRY.toMillis());
            }
        }
        LOG.error("{}: gave up reporting the result", job);
    }

    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
