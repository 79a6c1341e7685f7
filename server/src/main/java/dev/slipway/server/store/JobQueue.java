package dev.slipway.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * The persistent job queue: a row in {@code job_queue} exists exactly while its job is queued.
 *
 * <p>Claiming selects the best visible row with {@code FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 2.x
 * both have it), deletes it and checks that exactly one row went, then marks the job in progress with a
 * lease, all in one transaction: each job goes to exactly one agent, and concurrent claimers pass over
 * rows locked by each other instead of waiting. Among jobs an agent's labels satisfy, the repository
 * with the fewest jobs in progress goes first (fair share), then the oldest.
 *
 * <p>An agent keeps its job by {@link #heartbeat}; {@link #expireLeases} requeues jobs whose lease ran out
 * until they reach the attempt limit, then fails them; {@link #recover} handles jobs a crashed server
 * left in progress.
 */
public final class JobQueue {
    static final String SERVER_RESTARTED = "server restarted";
    private static final int CLAIM_TRIES = 8;
    private final Ctx ctx;

    JobQueue(Ctx ctx) {
        this.ctx = ctx;
    }

    /** waiting → queued, visible now; false if the job was not waiting. */
    public boolean enqueue(long jobId) {
        return enqueue(jobId, ctx.now());
    }

    /**
     * waiting → queued, visible now, needing exactly {@code labels} (the job's rendered {@code runs-on}, which
     * replace the labels it was created with); false if the job was not waiting.
     */
    public boolean enqueue(long jobId, List<String> labels) {
        return ctx.jdbi().inTransaction(h -> {
            var moved = h.createUpdate(
                            "UPDATE jobs SET status = 'queued', runs_on = :labels WHERE id = :id AND status = 'waiting'")
                    .bind("id", jobId)
                    .bind("labels", Rows.joinLines(labels))
                    .execute();
            if (moved == 1) {
                insertQueueRow(h, jobId, labels, ctx.now());
            }
            return moved == 1;
        });
    }

    /** waiting → queued, claimable from {@code visibleAfter} on; false if the job was not waiting. */
    public boolean enqueue(long jobId, Instant visibleAfter) {
        return ctx.jdbi().inTransaction(h -> {
            var moved = h.createUpdate("UPDATE jobs SET status = 'queued' WHERE id = :id AND status = 'waiting'")
                    .bind("id", jobId)
                    .execute();
            if (moved == 1) {
                insertQueueRow(h, jobId, visibleAfter);
            }
            return moved == 1;
        });
    }

    /**
     * Gives the best queued job that needs only labels in {@code labels} (ignoring case) to {@code agent},
     * with a lease of {@code lease}; empty if there is none.
     */
    public Optional<Job> claim(String agent, Set<String> labels, Duration lease) {
        return claim(agent, labels, lease, Integer.MAX_VALUE);
    }

    /**
     * As {@link #claim(String, Set, Duration)}, passing over repositories that already have {@code perRepoLimit}
     * jobs in progress. Claims running at the same time may each see the same count: callers that need the limit
     * exact serialize their claims.
     */
    public Optional<Job> claim(String agent, Set<String> labels, Duration lease, int perRepoLimit) {
        return lease(agent, labels, lease, perRepoLimit).flatMap(c -> new Jobs(ctx).find(c.jobId()));
    }

    /** A job given to an agent: which job, and which attempt of it this is (from 1). */
    public record Claimed(long jobId, int attempt) {}

    /**
     * As {@link #claim(String, Set, Duration, int)}, answering only the job's id and attempt (without reading the job's
     * row back).
     */
    public Optional<Claimed> lease(String agent, Set<String> labels, Duration lease, int perRepoLimit) {
        var wanted = new TreeSet<String>();
        labels.forEach(l -> wanted.add(l.toLowerCase(Locale.ROOT)));
        var labelCheck = wanted.isEmpty()
                ? "NOT EXISTS (SELECT 1 FROM job_queue_labels l WHERE l.job_id = q.job_id)"
                : "NOT EXISTS (SELECT 1 FROM job_queue_labels l WHERE l.job_id = q.job_id AND l.label NOT IN (<labels>))";
        for (int i = 0; i < CLAIM_TRIES; i++) {
            var now = ctx.now();
            var outcome = ctx.jdbi().inTransaction(h -> {
                // The jobs in progress per repository, counted once: the candidate query then orders and filters by
                // constants instead of counting again for every queued row.
                var running = h.createQuery(
                                "SELECT repo_id, COUNT(*) AS n FROM jobs WHERE status = 'in_progress' GROUP BY repo_id")
                        .map((rs, c) -> Map.entry(rs.getLong("repo_id"), rs.getLong("n")))
                        .list();
                var query = h.createQuery(candidateSql(labelCheck, running, perRepoLimit))
                        .bind("now", now);
                if (!wanted.isEmpty()) {
                    query.bindList("labels", List.copyOf(wanted));
                }
                var candidate = query.map((rs, c) -> new Claimed(rs.getLong("job_id"), rs.getInt("attempt")))
                        .findOne();
                if (candidate.isEmpty()) {
                    return Claim.none();
                }
                long id = candidate.get().jobId();
                if (h.createUpdate("DELETE FROM job_queue WHERE job_id = :id")
                                .bind("id", id)
                                .execute()
                        != 1) {
                    return Claim.taken();
                }
                var started = h.createUpdate(
                                "UPDATE jobs SET status = 'in_progress', agent = :agent, lease_until = :until,"
                                        + " started_at = :now, completed_at = NULL WHERE id = :id AND status = 'queued'")
                        .bind("agent", agent)
                        .bind("until", now.plus(lease))
                        .bind("now", now)
                        .bind("id", id)
                        .execute();
                if (started != 1) {
                    return Claim.taken();
                }
                h.createUpdate("UPDATE workflow_runs SET status = 'in_progress', started_at = :now"
                                + " WHERE id = (SELECT run_id FROM jobs WHERE id = :id) AND status = 'queued'")
                        .bind("now", now)
                        .bind("id", id)
                        .execute();
                return new Claim(false, candidate);
            });
            if (!outcome.lost()) {
                return outcome.job();
            }
        }
        return Optional.empty();
    }

    /**
     * The best visible queued row: fewest jobs of its repository in progress ({@code running}, by repository id), then
     * the oldest; repositories at {@code perRepoLimit} are passed over. The numbers are ids and counts from the
     * database, written as literals.
     */
    private static String candidateSql(String labelCheck, List<Map.Entry<Long, Long>> running, int perRepoLimit) {
        var full = new StringJoiner(", ", " AND q.repo_id NOT IN (", ")").setEmptyValue("");
        var order = new StringJoiner(" ", "CASE q.repo_id ", " ELSE 0 END, ").setEmptyValue("");
        for (var repo : running) {
            if (repo.getValue() >= perRepoLimit) {
                full.add(Long.toString(repo.getKey()));
            }
            order.add("WHEN " + repo.getKey() + " THEN " + repo.getValue());
        }
        return "SELECT q.job_id, (SELECT a.attempt FROM jobs a WHERE a.id = q.job_id) AS attempt"
                + " FROM job_queue q WHERE q.visible_after <= :now AND " + labelCheck + full
                + " ORDER BY " + order + "q.enqueued_at, q.job_id LIMIT 1 FOR UPDATE SKIP LOCKED";
    }

    /** Extends the agent's lease to now + {@code lease}; false if the agent no longer holds the job: drop it. */
    public boolean heartbeat(long jobId, String agent, Duration lease) {
        var now = ctx.now();
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE jobs SET lease_until = :until"
                                        + " WHERE id = :id AND status = 'in_progress' AND agent = :agent")
                                .bind("until", now.plus(lease))
                                .bind("id", jobId)
                                .bind("agent", agent)
                                .execute())
                == 1;
    }

    /**
     * Requeues every in-progress job whose lease has run out while its attempt is below {@code maxAttempts};
     * fails the others. A heartbeat that lands first keeps its job.
     */
    public List<JobOutcome> expireLeases(int maxAttempts) {
        var now = ctx.now();
        var expired = ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT id, attempt, agent FROM jobs"
                                + " WHERE status = 'in_progress' AND lease_until < :now ORDER BY id")
                        .bind("now", now)
                        .map((rs, c) -> new Held(
                                rs.getLong("id"), rs.getInt("attempt"), Objects.toString(rs.getString("agent"), "?")))
                        .list());
        var outcomes = new ArrayList<JobOutcome>();
        for (var job : expired) {
            var guard = " AND lease_until < :now";
            var outcome = ctx.jdbi()
                    .inTransaction(h -> job.attempt() < maxAttempts
                            ? requeue(h, job.id(), guard, now)
                            : fail(
                                    h,
                                    job.id(),
                                    "lease expired: agent " + job.agent() + " stopped responding (attempt "
                                            + job.attempt() + " of " + maxAttempts + ")",
                                    guard,
                                    now));
            outcome.ifPresent(outcomes::add);
        }
        return outcomes;
    }

    /**
     * Crash recovery at start-up: every job still in progress belonged to the previous server process.
     * {@link RecoveryPolicy#FAIL} fails them all with "server restarted"; {@link RecoveryPolicy#REQUEUE}
     * requeues those below {@code maxAttempts} and fails the rest the same way.
     */
    public List<JobOutcome> recover(RecoveryPolicy policy, int maxAttempts) {
        var now = ctx.now();
        var held = ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT id, attempt, agent FROM jobs" + " WHERE status = 'in_progress' ORDER BY id")
                        .map((rs, c) -> new Held(
                                rs.getLong("id"), rs.getInt("attempt"), Objects.toString(rs.getString("agent"), "?")))
                        .list());
        var outcomes = new ArrayList<JobOutcome>();
        for (var job : held) {
            var outcome = ctx.jdbi()
                    .inTransaction(h -> policy == RecoveryPolicy.REQUEUE && job.attempt() < maxAttempts
                            ? requeue(h, job.id(), "", now)
                            : fail(h, job.id(), SERVER_RESTARTED, "", now));
            outcome.ifPresent(outcomes::add);
        }
        return outcomes;
    }

    /** Any status but completed → completed/cancelled, out of the queue; false if it had completed. */
    public boolean cancel(long jobId) {
        var now = ctx.now();
        return ctx.jdbi().inTransaction(h -> {
            h.createUpdate("DELETE FROM job_queue WHERE job_id = :id")
                    .bind("id", jobId)
                    .execute();
            var done = h.createUpdate(
                            "UPDATE jobs SET status = 'completed', conclusion = 'cancelled', completed_at = :now,"
                                    + " lease_until = NULL WHERE id = :id AND status <> 'completed'")
                    .bind("now", now)
                    .bind("id", jobId)
                    .execute();
            if (done == 1) {
                closeSteps(h, jobId, Conclusion.CANCELLED, now);
            }
            return done == 1;
        });
    }

    /**
     * Ends a job that never ran (waiting or queued) with {@code conclusion} and {@code failure}, out of the queue;
     * false if it had started or ended.
     */
    public boolean finishUnstarted(long jobId, Conclusion conclusion, Optional<String> failure) {
        var now = ctx.now();
        return ctx.jdbi().inTransaction(h -> {
            h.createUpdate("DELETE FROM job_queue WHERE job_id = :id")
                    .bind("id", jobId)
                    .execute();
            var done = h.createUpdate("UPDATE jobs SET status = 'completed', conclusion = :conclusion,"
                            + " failure_message = :failure, completed_at = :now, lease_until = NULL"
                            + " WHERE id = :id AND status IN ('waiting', 'queued')")
                    .bind("conclusion", Rows.code(conclusion))
                    .bindByType("failure", Rows.orNull(failure.map(JobQueue::clip)), String.class)
                    .bind("now", now)
                    .bind("id", jobId)
                    .execute();
            if (done == 1) {
                closeSteps(h, jobId, conclusion, now);
            }
            return done == 1;
        });
    }

    /** When a queued job was queued; empty if it is not queued. */
    public Optional<Instant> enqueuedAt(long jobId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT enqueued_at FROM job_queue WHERE job_id = :id")
                        .bind("id", jobId)
                        .mapTo(Instant.class)
                        .findOne());
    }

    /** How many jobs are queued. */
    public long size() {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM job_queue")
                        .mapTo(Long.class)
                        .one());
    }

    private Optional<JobOutcome> requeue(Handle h, long id, String guard, Instant now) {
        var moved = h.createUpdate("UPDATE jobs SET status = 'queued', agent = NULL, lease_until = NULL,"
                        + " attempt = attempt + 1 WHERE id = :id AND status = 'in_progress'" + guard)
                .bind("id", id)
                .bind("now", now)
                .execute();
        if (moved != 1) {
            return Optional.empty();
        }
        h.createUpdate("DELETE FROM steps WHERE job_id = :id").bind("id", id).execute();
        insertQueueRow(h, id, now);
        return Optional.of(new JobOutcome(id, JobOutcome.Kind.REQUEUED));
    }

    private static Optional<JobOutcome> fail(Handle h, long id, String message, String guard, Instant now) {
        var done = h.createUpdate(
                        "UPDATE jobs SET status = 'completed', conclusion = 'failure', failure_message = :message,"
                                + " completed_at = :now, lease_until = NULL WHERE id = :id AND status = 'in_progress'"
                                + guard)
                .bind("message", message)
                .bind("now", now)
                .bind("id", id)
                .execute();
        if (done != 1) {
            return Optional.empty();
        }
        closeSteps(h, id, Conclusion.FAILURE, now);
        return Optional.of(new JobOutcome(id, JobOutcome.Kind.FAILED));
    }

    /** Ends the steps of a job that ended without its agent: the running one with {@code running}, the rest skipped. */
    private static void closeSteps(Handle h, long jobId, Conclusion running, Instant now) {
        h.createUpdate(
                        "UPDATE steps SET conclusion = CASE WHEN status = 'in_progress' THEN :running ELSE 'skipped' END,"
                                + " status = 'completed', completed_at = :now WHERE job_id = :id AND status <> 'completed'")
                .bind("running", Rows.code(running))
                .bind("now", now)
                .bind("id", jobId)
                .execute();
    }

    private void insertQueueRow(Handle h, long jobId, Instant visibleAfter) {
        var runsOn = h.createQuery("SELECT runs_on FROM jobs WHERE id = :id")
                .bind("id", jobId)
                .map((rs, c) -> Rows.lines(rs, "runs_on"))
                .one();
        insertQueueRow(h, jobId, runsOn, visibleAfter);
    }

    /** Adds the queue row of a job that needs {@code runsOn} (its repository is read by the insert itself). */
    private void insertQueueRow(Handle h, long jobId, List<String> runsOn, Instant visibleAfter) {
        h.createUpdate("INSERT INTO job_queue (job_id, repo_id, enqueued_at, visible_after)"
                        + " SELECT id, repo_id, :now, :visible FROM jobs WHERE id = :id")
                .bind("id", jobId)
                .bind("now", ctx.now())
                .bind("visible", visibleAfter)
                .execute();
        var labels = new TreeSet<String>();
        runsOn.forEach(l -> labels.add(l.toLowerCase(Locale.ROOT)));
        if (!labels.isEmpty()) {
            var batch = h.prepareBatch("INSERT INTO job_queue_labels (job_id, label) VALUES (:id, :label)");
            labels.forEach(l -> batch.bind("id", jobId).bind("label", l).add());
            batch.execute();
        }
    }

    private static String clip(String message) {
        return message.length() <= 2000 ? message : message.substring(0, 1997) + "...";
    }

    private record Held(long id, int attempt, String agent) {}

    /** One try: a job, nothing to claim, or lost to another claimer (try again). */
    private record Claim(boolean lost, Optional<Claimed> job) {
        static Claim none() {
            return new Claim(false, Optional.empty());
        }

        static Claim taken() {
            return new Claim(true, Optional.empty());
        }
    }
}
