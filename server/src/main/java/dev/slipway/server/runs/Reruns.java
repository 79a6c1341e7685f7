package dev.slipway.server.runs;

import dev.slipway.git.Repositories;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.NewJob;
import dev.slipway.server.store.Run;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.WorkflowParser;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Re-runs a completed run as GitHub does: the same run (id, number, sha, event payload) with the next attempt number
 * and fresh job rows; the jobs of earlier attempts stay in the store.
 */
final class Reruns {
    private final Database db;
    private final Repositories repos;
    private final LongConsumer queued;

    Reruns(Database db, Repositories repos, LongConsumer queued) {
        this.db = db;
        this.repos = repos;
        this.queued = queued;
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
     * Waiting rows for the new attempt, as a new run gets them, so the run shows its jobs while queued. A workflow that
     * no longer parses gets none: the executor fails the run with the diagnostics.
     */
    private void createJobs(Run run) {
        var repo = db.repos().find(run.repoId()).orElseThrow();
        var text = repos.open(repo.ownerLogin(), repo.name()).flatMap(git -> {
            try (git) {
                return git.fileAt(run.sha(), run.workflowPath());
            }
        });
        var workflow = text.map(t -> WorkflowParser.parse(run.workflowPath(), t))
                .filter(p -> !p.hasErrors())
                .flatMap(p -> p.value());
        for (Job job : workflow.map(w -> w.jobs().values()).orElse(List.of())) {
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
    }
}
