package dev.slipway.server.runs;

import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves job rows through the store's states for the embedded agent, which runs whole runs rather than single jobs.
 *
 * <p>The store only lets a job become {@code in_progress} by being claimed from the job queue with a lease. So a job
 * the orchestrator starts is enqueued and claimed at once, under one lock, with exactly its own labels; the embedded
 * agent is the only claimer, so the queue holds that job alone and the claim returns it. Held jobs are kept alive
 * by {@link #heartbeat} in case a lease reaper runs.
 */
final class JobClaims {
    private static final Logger LOG = LoggerFactory.getLogger(JobClaims.class);
    static final Duration LEASE = Duration.ofMinutes(10);

    private final Database db;
    private final String agent;
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    JobClaims(Database db, String agent) {
        this.db = db;
        this.agent = agent;
    }

    String agent() {
        return agent;
    }

    /** waiting → in_progress for this agent; false if the job was not waiting or the claim went elsewhere. */
    synchronized boolean begin(Job job) {
        if (held.contains(job.id())) {
            return true;
        }
        if (job.status() != JobStatus.WAITING || !db.queue().enqueue(job.id())) {
            return false;
        }
        var claimed = db.queue().claim(agent, new HashSet<>(job.runsOn()), LEASE);
        if (claimed.isEmpty() || claimed.get().id() != job.id()) {
            // Another agent's job was claimable too; its lease will lapse and it will be requeued.
            LOG.warn("claim for job {} returned {}", job.id(), claimed.map(Job::id));
            return false;
        }
        held.add(job.id());
        return true;
    }

    /**
     * Records how a job ended. A job that never ran is skipped (waiting → skipped) or, for other conclusions, claimed
     * first so that its failure message is kept.
     */
    void end(Job job, Conclusion conclusion, String outputs, Optional<String> failure) {
        if (!held.contains(job.id())
                && conclusion == Conclusion.SKIPPED
                && db.jobs().skip(job.id())) {
            return;
        }
        if (begin(job)) {
            db.jobs().complete(job.id(), agent, conclusion, outputs, failure.map(JobClaims::clip));
            held.remove(job.id());
        } else {
            db.queue().cancel(job.id());
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

    /** Extends the leases of the jobs in progress here. */
    void heartbeat() {
        for (long id : held) {
            if (!db.queue().heartbeat(id, agent, LEASE)) {
                held.remove(id);
            }
        }
    }

    /** The failure column holds 2000 characters. */
    static String clip(String message) {
        return message.length() <= 2000 ? message : message.substring(0, 1997) + "...";
    }
}
