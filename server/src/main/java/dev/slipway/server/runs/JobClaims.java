package dev.slipway.server.runs;

import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import java.util.Optional;

/**
 * Records how jobs end in the store. Jobs reach {@code in_progress} only by an agent leasing them from the job queue
 * (see {@code AgentHub}); here they end: done by their agent, skipped, or failed without running.
 */
final class JobClaims {
    private final Database db;

    JobClaims(Database db) {
        this.db = db;
    }

    /**
     * Records how a job ended: a running job is completed for the agent that holds it, a job that never ran is
     * skipped or ended with {@code conclusion} and its message. A job that has ended already stays as it is.
     */
    void end(Job job, Conclusion conclusion, String outputs, Optional<String> failure) {
        var current = db.jobs().find(job.id()).orElse(job);
        switch (current.status()) {
            case COMPLETED -> {}
            case IN_PROGRESS ->
                db.jobs()
                        .complete(
                                current.id(),
                                current.agent().orElse(""),
                                conclusion,
                                outputs,
                                failure.map(JobClaims::clip));
            case WAITING, QUEUED -> {
                if (conclusion != Conclusion.SKIPPED || !db.jobs().skip(current.id())) {
                    db.queue().finishUnstarted(current.id(), conclusion, failure);
                }
            }
        }
    }

    /** Ends the rows of a run the orchestrator never reported: waiting ones skipped, the others failed. */
    void closeLeftovers(long runId, String reason) {
        for (var job : db.jobs().listForRun(runId)) {
            if (job.status() != JobStatus.COMPLETED) {
                var conclusion = job.status() == JobStatus.WAITING ? Conclusion.SKIPPED : Conclusion.FAILURE;
                end(job, conclusion, "{}", Optional.of(reason));
            }
        }
    }

    /** The failure column holds 2000 characters. */
    static String clip(String message) {
        return message.length() <= 2000 ? message : message.substring(0, 1997) + "...";
    }
}
