package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Jobs of workflow runs. Queueing, leases and recovery are in {@link JobQueue}; here are creation,
 * reads, and the ends of a job: done by its agent, or skipped before it ran.
 */
public final class Jobs {
    static final String COLUMNS = "id, run_id, repo_id, run_attempt, job_key, name, status, conclusion, runs_on, needs,"
            + " matrix, agent, lease_until, attempt, created_at, started_at, completed_at, failure_message, outputs";
    private final Ctx ctx;

    Jobs(Ctx ctx) {
        this.ctx = ctx;
    }

    /** Creates a waiting job for the run's current attempt. */
    public Job create(NewJob job) {
        try {
            return find(insert(job)).orElseThrow();
        } catch (RuntimeException e) {
            if (Rows.uniqueViolation(e)) {
                throw new StoreException("run " + job.runId() + " has a job '" + job.key() + "' already", e);
            }
            throw e;
        }
    }

    private long insert(NewJob job) {
        return ctx.jdbi()
                .withHandle(h -> h.createUpdate("INSERT INTO jobs (run_id, repo_id, run_attempt, job_key, name,"
                                + " status, runs_on, needs, matrix, created_at, outputs)"
                                + " SELECT r.id, r.repo_id, r.run_attempt, :key, :name, 'waiting', :runsOn, :needs, :matrix, :now, '{}'"
                                + " FROM workflow_runs r WHERE r.id = :run")
                        .bind("run", job.runId())
                        .bind("key", job.key())
                        .bind("name", job.name())
                        .bind("runsOn", Rows.joinLines(job.runsOn()))
                        .bind("needs", Rows.joinLines(job.needs()))
                        .bindByType("matrix", Rows.orNull(job.matrix()), String.class)
                        .bind("now", ctx.now())
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .findOne()
                        .orElseThrow(() -> new StoreException("no run with id " + job.runId())));
    }

    public Optional<Job> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
                        .bind("id", id)
                        .map(Jobs::map)
                        .findOne());
    }

    /** The jobs of a run's current attempt, in creation order. */
    public List<Job> listForRun(long runId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS.replaceAll("(\\w+)", "j.$1")
                                + " FROM jobs j JOIN workflow_runs r ON r.id = j.run_id"
                                + " WHERE j.run_id = :run AND j.run_attempt = r.run_attempt ORDER BY j.id")
                        .bind("run", runId)
                        .map(Jobs::map)
                        .list());
    }

    /**
     * Copies a completed job of an earlier attempt into the run's current attempt as it ended: a re-run of failed jobs
     * keeps the successful ones this way (GitHub shows them in the new attempt with their earlier result).
     */
    public Job carryOver(Job previous) {
        long id = ctx.jdbi()
                .withHandle(h -> h.createUpdate("INSERT INTO jobs (run_id, repo_id, run_attempt, job_key, name, status,"
                                + " conclusion, runs_on, needs, matrix, agent, created_at, started_at, completed_at,"
                                + " failure_message, outputs)"
                                + " SELECT r.id, r.repo_id, r.run_attempt, :key, :name, 'completed', :conclusion, :runsOn,"
                                + " :needs, :matrix, :agent, :now, :started, :completed, :failure, :outputs"
                                + " FROM workflow_runs r WHERE r.id = :run")
                        .bind("run", previous.runId())
                        .bind("key", previous.key())
                        .bind("name", previous.name())
                        .bindByType(
                                "conclusion",
                                previous.conclusion().map(Rows::code).orElse(null),
                                String.class)
                        .bind("runsOn", Rows.joinLines(previous.runsOn()))
                        .bind("needs", Rows.joinLines(previous.needs()))
                        .bindByType("matrix", Rows.orNull(previous.matrix()), String.class)
                        .bindByType("agent", Rows.orNull(previous.agent()), String.class)
                        .bind("now", ctx.now())
                        .bindByType("started", Rows.orNull(previous.started()), java.time.Instant.class)
                        .bindByType("completed", Rows.orNull(previous.completed()), java.time.Instant.class)
                        .bindByType("failure", Rows.orNull(previous.failureMessage()), String.class)
                        .bind("outputs", previous.outputs())
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
        return find(id).orElseThrow();
    }

    /** Jobs in a status across all runs, oldest first (for the scheduler and the UI). */
    public List<Job> listByStatus(JobStatus status, Page page) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS
                                + " FROM jobs WHERE status = :status ORDER BY id LIMIT :limit OFFSET :offset")
                        .bind("status", Rows.code(status))
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(Jobs::map)
                        .list());
    }

    /**
     * The agent holding the lease reports the end: in_progress → completed. False if the job is not in
     * progress on this agent any more (its lease expired, or it was cancelled): the agent must drop it.
     */
    public boolean complete(long id, String agent, Conclusion conclusion, String outputs, Optional<String> failure) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "UPDATE jobs SET status = 'completed', conclusion = :conclusion,"
                                                + " outputs = :outputs, failure_message = :failure, completed_at = :now,"
                                                + " lease_until = NULL WHERE id = :id AND status = 'in_progress' AND agent = :agent")
                                .bind("conclusion", Rows.code(conclusion))
                                .bind("outputs", outputs)
                                .bindByType("failure", Rows.orNull(failure), String.class)
                                .bind("now", ctx.now())
                                .bind("id", id)
                                .bind("agent", agent)
                                .execute())
                == 1;
    }

    /** waiting → completed/skipped (its {@code if:} was false or a need failed); false if not waiting. */
    public boolean skip(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE jobs SET status = 'completed', conclusion = 'skipped',"
                                        + " completed_at = :now WHERE id = :id AND status = 'waiting'")
                                .bind("now", ctx.now())
                                .bind("id", id)
                                .execute())
                == 1;
    }

    static Job map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Job(
                rs.getLong("id"),
                rs.getLong("run_id"),
                rs.getLong("repo_id"),
                rs.getInt("run_attempt"),
                Rows.string(rs, "job_key"),
                Rows.string(rs, "name"),
                Rows.decode(JobStatus.class, Rows.string(rs, "status")),
                Rows.optDecode(rs, "conclusion", Conclusion.class),
                Rows.lines(rs, "runs_on"),
                Rows.lines(rs, "needs"),
                Rows.optString(rs, "matrix"),
                Rows.optString(rs, "agent"),
                Rows.optInstant(rs, "lease_until"),
                rs.getInt("attempt"),
                Rows.instant(rs, "created_at"),
                Rows.optInstant(rs, "started_at"),
                Rows.optInstant(rs, "completed_at"),
                Rows.optString(rs, "failure_message"),
                Rows.string(rs, "outputs"));
    }
}
