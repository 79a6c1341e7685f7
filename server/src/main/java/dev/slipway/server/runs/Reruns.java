package dev.slipway.server.runs;

import dev.slipway.git.Repositories;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.NewJob;
import dev.slipway.server.store.Run;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Workflow;
import dev.slipway.workflow.WorkflowParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-runs a completed run as GitHub does: the same run (id, number, sha, event payload) with the next attempt number
 * and fresh job rows; the jobs of earlier attempts stay in the store.
 */
final class Reruns {
    private static final Logger LOG = LoggerFactory.getLogger(Reruns.class);
    private final Database db;
    private final Repositories repos;
    private final LongConsumer queued;
    private final Path logsDir;

    Reruns(Database db, Repositories repos, LongConsumer queued, Path logsDir) {
        this.db = db;
        this.repos = repos;
        this.queued = queued;
        this.logsDir = logsDir;
    }

    /** The run queued again, or empty when there is no such run or it has not completed. */
    Optional<Run> rerun(long runId) {
        var run = db.runs().find(runId);
        if (run.isEmpty() || !db.runs().rerun(runId)) {
            return Optional.empty();
        }
        createJobs(run.get());
        queued.accept(runId);
        return db.runs().find(runId);
    }

    /**
     * Re-runs, as the run's next attempt, the jobs that did not succeed ({@code jobKey} empty) or the job of one row,
     * together with every job that needs them; the other jobs are carried over with their results, outputs and logs
     * and are not run again (GitHub's "Re-run failed jobs" and "Re-run job"). Of a matrix job, only the combinations
     * that failed (or the one asked for) run again.
     *
     * @return the queued run, or empty when there is no such run or it has not completed
     * @throws IllegalArgumentException when there is nothing to re-run or the workflow no longer parses
     */
    Optional<Run> rerunSome(long runId, Optional<String> jobKey) {
        var run = db.runs().find(runId);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        var workflow = workflow(run.get())
                .orElseThrow(() ->
                        new IllegalArgumentException("the workflow " + run.get().workflowPath()
                                + " no longer parses at " + run.get().sha() + "; re-run all jobs to see why"));
        var rows = ReusedJobs.byJob(workflow, db.jobs().listForRun(runId));
        Set<String> seeds = jobKey.isEmpty()
                ? ReusedJobs.failed(workflow, rows)
                : ReusedJobs.seedOf(jobKey.get(), workflow).stream().collect(Collectors.toSet());
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(
                    jobKey.isEmpty()
                            ? "This run has no failed or cancelled jobs to re-run."
                            : "No such job in the workflow.");
        }
        var again = ReusedJobs.again(workflow, seeds);
        if (!db.runs().rerun(runId)) {
            return Optional.empty();
        }
        for (Job job : workflow.jobs().values()) {
            if (again.runs(job.id())) {
                createJob(run.get(), job);
            } else {
                rows.getOrDefault(job.id(), List.of()).stream()
                        .filter(row -> !again.combinations().contains(row.key()))
                        .forEach(this::carryOver);
            }
        }
        queued.accept(runId);
        return db.runs().find(runId);
    }

    private void carryOver(dev.slipway.server.store.Job previous) {
        var copy = db.jobs().carryOver(previous);
        var from = JobLog.path(logsDir, previous.runId(), previous.id());
        try {
            if (Files.isRegularFile(from)) {
                Files.createDirectories(from.getParent());
                Files.copy(from, JobLog.path(logsDir, copy.runId(), copy.id()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot copy the log of job {} to job {}: {}", previous.id(), copy.id(), e.getMessage());
        }
    }

    /**
     * Waiting rows for the new attempt, as a new run gets them, so the run shows its jobs while queued. A workflow that
     * no longer parses gets none: the executor fails the run with the diagnostics.
     */
    private void createJobs(Run run) {
        for (Job job : workflow(run).map(w -> w.jobs().values()).orElse(List.of())) {
            createJob(run, job);
        }
    }

    private void createJob(Run run, Job job) {
        if (!RunFactory.hasMatrix(job)) {
            db.jobs()
                    .create(new NewJob(
                            run.id(),
                            job.id(),
                            RunFactory.name(job),
                            RunFactory.labels(job),
                            job.needs(),
                            Optional.empty()));
        }
    }

    private Optional<Workflow> workflow(Run run) {
        var repo = db.repos().find(run.repoId()).orElseThrow();
        var text = repos.open(repo.ownerLogin(), repo.name()).flatMap(git -> {
            try (git) {
                return git.fileAt(run.sha(), run.workflowPath());
            }
        });
        return text.map(t -> WorkflowParser.parse(run.workflowPath(), t))
                .filter(p -> !p.hasErrors())
                .flatMap(p -> p.value());
    }
}
