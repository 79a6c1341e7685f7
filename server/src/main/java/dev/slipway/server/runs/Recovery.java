package dev.slipway.server.runs;

import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.RecoveryPolicy;
import dev.slipway.server.store.RunStatus;
import dev.slipway.server.store.StatusState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Crash recovery at start-up, before any worker runs: whatever is in progress belonged to a server that died. Jobs
 * it held fail with "server restarted" (the store's {@link RecoveryPolicy#FAIL}: the embedded agent died with the
 * server, and a run cannot be requeued half done); their runs fail with their remaining jobs; queued runs stay queued.
 * A run in progress none of whose jobs was running, with a job waiting at an environment's gate (for a reviewer or
 * its wait timer), is queued again in the same attempt: executed anew, it keeps its finished jobs and the waiting job
 * goes back to its stored gate.
 */
final class Recovery {
    static final String REASON = "server restarted";

    private final Database db;
    private final JobClaims claims;

    Recovery(Database db, JobClaims claims) {
        this.db = db;
        this.claims = claims;
    }

    /** Ends the runs a dead server left in progress; returns the queued runs, oldest first. */
    List<Long> recover() {
        var orphans = new TreeSet<Long>();
        for (var outcome : db.queue().recover(RecoveryPolicy.FAIL, 1)) {
            db.jobs().find(outcome.jobId()).ifPresent(job -> {
                orphans.add(job.runId());
                db.runs()
                        .find(job.runId())
                        .ifPresent(run -> db.statuses()
                                .create(
                                        run.repoId(),
                                        run.sha(),
                                        StatusState.FAILURE,
                                        run.name() + " / " + job.name(),
                                        Optional.of(REASON),
                                        Optional.empty(),
                                        "slipway"));
            });
        }
        var queued = new TreeSet<Long>();
        for (var runId : runsWithOpenJobs()) {
            var run = db.runs().find(runId);
            if (run.isPresent() && run.get().status() == RunStatus.QUEUED) {
                queued.add(runId);
            } else if (run.isPresent() && run.get().status() == RunStatus.IN_PROGRESS) {
                if (!orphans.contains(runId)
                        && db.gates().anyWaiting(runId)
                        && db.runs().resume(runId)) {
                    queued.add(runId);
                } else {
                    orphans.add(runId);
                }
            }
        }
        for (long runId : orphans) {
            claims.closeLeftovers(runId, REASON);
            db.runs().complete(runId, Conclusion.FAILURE);
        }
        return new ArrayList<>(queued);
    }

    private TreeSet<Long> runsWithOpenJobs() {
        var runs = new TreeSet<Long>();
        for (var status : List.of(JobStatus.WAITING, JobStatus.QUEUED)) {
            for (int page = 1; ; page++) {
                var jobs = db.jobs().listByStatus(status, Page.of(page, Page.MAX_SIZE));
                jobs.forEach(j -> runs.add(j.runId()));
                if (jobs.size() < Page.MAX_SIZE) {
                    break;
                }
            }
        }
        return runs;
    }
}
