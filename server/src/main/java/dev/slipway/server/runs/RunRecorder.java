package dev.slipway.server.runs;

import dev.slipway.expr.Values;
import dev.slipway.run.JobRef;
import dev.slipway.run.RunListener;
import dev.slipway.runtime.JobListener;
import dev.slipway.runtime.JobResult;
import dev.slipway.server.metrics.RunMetrics;
import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.NewJob;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.StatusState;
import dev.slipway.workflow.Step;
import dev.slipway.workflow.Workflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a run as the orchestrator executes it and records it: job rows (created on the fly for matrix
 * combinations and jobs of called workflows), step rows, job logs and a commit status per job.
 */
final class RunRecorder implements RunListener {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
    private static final String CREATOR = "slipway";

    private final Database db;
    private final JobClaims claims;
    private final Path logsDir;
    private final Run run;
    private final Workflow workflow;
    private final String runUrl;
    private final Supplier<Optional<String>> cancelReason;
    private final RunMetrics metrics;
    private final Map<String, Job> rows = new ConcurrentHashMap<>();
    private final Map<String, JobLog> logs = new ConcurrentHashMap<>();

    /**
     * @param runUrl the run's web address, the target of its commit statuses
     * @param cancelReason why the run was cancelled, if it was, for the jobs that end cancelled
     */
    RunRecorder(
            Database db,
            JobClaims claims,
            Path logsDir,
            Run run,
            Workflow workflow,
            String runUrl,
            Supplier<Optional<String>> cancelReason,
            RunMetrics metrics) {
        this.db = db;
        this.claims = claims;
        this.logsDir = logsDir;
        this.run = run;
        this.workflow = workflow;
        this.runUrl = runUrl;
        this.cancelReason = cancelReason;
        this.metrics = metrics;
        db.jobs().listForRun(run.id()).forEach(j -> rows.put(j.key(), j));
    }

    @Override
    public JobListener jobStarted(JobRef ref) {
        var job = row(ref);
        var names = declaredSteps(ref);
        db.steps().replace(job.id(), names);
        status(ref, StatusState.PENDING, "In progress");
        var log = JobLog.open(logsDir, run.id(), job.id());
        var previous = logs.put(ref.key(), log); // a requeued job starts again on another agent
        if (previous != null) {
            previous.close();
        }
        var logPath = logsDir.getFileName() + "/" + run.id() + "/" + job.id() + ".log";
        return new JobRecorder(db, job.id(), log, logPath, names.size());
    }

    @Override
    public void jobFinished(JobRef ref, JobResult result) {
        var job = row(ref);
        if (result.conclusion() == dev.slipway.runtime.Conclusion.CANCELLED
                && suspended()
                && db.jobs()
                        .find(job.id())
                        .filter(j -> j.status() == JobStatus.WAITING)
                        .isPresent()) {
            return; // it never started: it waits again when the run resumes at the next start (Recovery)
        }
        var conclusion = JobRecorder.conclusion(result.conclusion());
        var failure = conclusion == Conclusion.CANCELLED
                ? cancelReason.get().or(result::failure)
                : result.failure().filter(f -> conclusion == Conclusion.FAILURE);
        var started = logs.containsKey(ref.key());
        try (var log =
                Optional.ofNullable(logs.remove(ref.key())).orElseGet(() -> JobLog.open(logsDir, run.id(), job.id()))) {
            result.failure().ifPresent(log::error);
            result.environment()
                    .ifPresent(e -> log.line(dev.slipway.runtime.LogLine.of(
                            dev.slipway.runtime.LogLine.Kind.COMMAND,
                            "Environment " + e.name()
                                    + e.url().map(u -> ": " + u).orElse(""))));
        }
        writeSummary(job, result.summaryMarkdown());
        claims.end(job, conclusion, Values.toJson(Values.fromJava(result.outputs())), failure);
        db.jobs().find(job.id()).ifPresent(metrics::jobCompleted);
        if (started || conclusion == Conclusion.FAILURE) {
            status(ref, state(conclusion), description(conclusion));
        }
    }

    /**
     * Keeps what the job's steps wrote to {@code GITHUB_STEP_SUMMARY} beside its log ({@code <jobId>.summary.md}), for
     * the run page; a job without a summary writes nothing.
     */
    private void writeSummary(Job job, String markdown) {
        if (markdown.isBlank()) {
            return;
        }
        var file = summaryFile(logsDir, run.id(), job.id());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cannot keep the step summary of job {}: {}", job.id(), e.toString());
        }
    }

    /** Where the step summary of a job is kept: beside its log, {@code <logs>/<runId>/<jobId>.summary.md}. */
    static Path summaryFile(Path logsDir, long runId, long jobId) {
        return logsDir.resolve(Long.toString(runId)).resolve(jobId + ".summary.md");
    }

    /**
     * Whether the run is being suspended rather than ended: the server stops while a job waits at an environment's
     * gate (for a reviewer or a wait timer), so the run stays in progress and resumes at the next start.
     */
    boolean suspended() {
        return cancelReason.get().filter(Workers.SERVER_STOPPED::equals).isPresent()
                && db.gates().anyWaiting(run.id());
    }

    /**
     * Whether the suspended run can resume: no job of it ran on an agent when the server stopped (those end cancelled,
     * and a run cannot be resumed half done), so every job has either finished before or not started.
     */
    boolean resumable() {
        return suspended()
                && db.jobs().listForRun(run.id()).stream()
                        .allMatch(j -> j.status() == JobStatus.WAITING
                                || (j.status() == JobStatus.COMPLETED
                                        && !j.conclusion().equals(Optional.of(Conclusion.CANCELLED))));
    }

    /** Closes the logs of jobs the orchestrator never reported finished (a run that broke off). */
    void closeLogs() {
        logs.values().forEach(JobLog::close);
        logs.clear();
    }

    /** The job row of an instance, created on first use (matrix combinations, jobs of called workflows). */
    Job row(JobRef ref) {
        return rows.computeIfAbsent(ref.key(), key -> {
            var def = ref.workflowPath().equals(workflow.path())
                    ? Optional.ofNullable(workflow.jobs().get(ref.jobId()))
                    : Optional.<dev.slipway.workflow.Job>empty();
            var matrix = ref.matrix().fields().isEmpty()
                    ? Optional.<String>empty()
                    : Optional.of(Values.toJson(ref.matrix()));
            return db.jobs()
                    .create(new NewJob(
                            run.id(),
                            key,
                            ref.name(),
                            def.map(RunFactory::labels).orElse(List.of()),
                            def.map(dev.slipway.workflow.Job::needs).orElse(List.of()),
                            matrix));
        });
    }

    private List<String> declaredSteps(JobRef ref) {
        if (!ref.workflowPath().equals(workflow.path())) {
            return List.of(); // a job of a called workflow: its steps show in the log
        }
        var def = workflow.jobs().get(ref.jobId());
        return def == null
                ? List.of()
                : def.steps().stream().map(Step::displayName).toList();
    }

    private void status(JobRef ref, StatusState state, String description) {
        db.statuses()
                .create(
                        run.repoId(),
                        run.sha(),
                        state,
                        workflow.displayName() + " / " + ref.name(),
                        Optional.of(description),
                        Optional.of(runUrl),
                        CREATOR);
    }

    private static StatusState state(Conclusion c) {
        return switch (c) {
            case SUCCESS, SKIPPED, NEUTRAL -> StatusState.SUCCESS;
            case CANCELLED -> StatusState.ERROR;
            default -> StatusState.FAILURE;
        };
    }

    private static String description(Conclusion c) {
        return switch (c) {
            case SUCCESS -> "Successful";
            case SKIPPED -> "Skipped";
            case CANCELLED -> "Cancelled";
            default -> "Failed";
        };
    }
}
