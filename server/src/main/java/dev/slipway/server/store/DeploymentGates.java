package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** The gates jobs wait at before they deploy, and the reviews that open or close them. */
public final class DeploymentGates {
    private static final String COLUMNS = "job_id, run_id, environment_id, state, timer_started_at, created_at";
    private final Ctx ctx;

    DeploymentGates(Ctx ctx) {
        this.ctx = ctx;
    }

    /**
     * The job's gate: the stored one when the job waited before (a run resumed after a restart), else a new one in
     * {@code state} (its wait timer starting now when it is {@link DeploymentGate.State#APPROVED}).
     */
    public DeploymentGate open(long jobId, long runId, long environmentId, DeploymentGate.State state) {
        return find(jobId).orElseGet(() -> {
            var now = ctx.now();
            ctx.jdbi()
                    .useHandle(h -> h.createUpdate(
                                    "INSERT INTO deployment_gates (job_id, run_id, environment_id,"
                                            + " state, timer_started_at, created_at) VALUES (:job, :run, :env, :state, :timer, :now)")
                            .bind("job", jobId)
                            .bind("run", runId)
                            .bind("env", environmentId)
                            .bind("state", Rows.code(state))
                            .bind("timer", state == DeploymentGate.State.APPROVED ? now : null)
                            .bind("now", now)
                            .execute());
            return find(jobId).orElseThrow();
        });
    }

    public Optional<DeploymentGate> find(long jobId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployment_gates WHERE job_id = :job")
                        .bind("job", jobId)
                        .map(DeploymentGates::map)
                        .findOne());
    }

    /** The gates of a run's jobs, oldest first. */
    public List<DeploymentGate> forRun(long runId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS
                                + " FROM deployment_gates WHERE run_id = :run ORDER BY created_at, job_id")
                        .bind("run", runId)
                        .map(DeploymentGates::map)
                        .list());
    }

    /** Whether any job of the run waits at a gate for a reviewer or a wait timer. */
    public boolean anyWaiting(long runId) {
        return ctx.jdbi()
                        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM deployment_gates"
                                        + " WHERE run_id = :run AND state IN ('waiting', 'approved')")
                                .bind("run", runId)
                                .mapTo(Long.class)
                                .one())
                > 0;
    }

    /**
     * Records a reviewer's decision on the run's deployments to an environment and moves the gates waiting for it
     * (approved: their wait timers start now); returns how many gates moved.
     */
    public int review(long runId, long environmentId, DeploymentGate.State state, String comment, long userId) {
        var now = ctx.now();
        return ctx.jdbi().inTransaction(h -> {
            int moved = h.createUpdate("UPDATE deployment_gates SET state = :state, timer_started_at = :now"
                            + " WHERE run_id = :run AND environment_id = :env AND state = 'waiting'")
                    .bind("state", Rows.code(state))
                    .bind("now", now)
                    .bind("run", runId)
                    .bind("env", environmentId)
                    .execute();
            if (moved > 0) {
                h.createUpdate("INSERT INTO deployment_reviews (run_id, environment_id, state, comment, user_id,"
                                + " created_at) VALUES (:run, :env, :state, :comment, :user, :now)")
                        .bind("run", runId)
                        .bind("env", environmentId)
                        .bind("state", Rows.code(state))
                        .bind("comment", comment)
                        .bind("user", userId)
                        .bind("now", now)
                        .execute();
            }
            return moved;
        });
    }

    /** The job went on to run. */
    public void pass(long jobId) {
        ctx.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE deployment_gates SET state = 'passed' WHERE job_id = :job")
                        .bind("job", jobId)
                        .execute());
    }

    /** The job waits no more: its run ended without it (stored as rejected). */
    public void close(long jobId) {
        ctx.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE deployment_gates SET state = 'rejected' WHERE job_id = :job"
                                + " AND state IN ('waiting', 'approved')")
                        .bind("job", jobId)
                        .execute());
    }

    /** The reviews of a run, oldest first. */
    public List<DeploymentReview> reviews(long runId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT id, run_id, environment_id, state, comment, user_id,"
                                + " created_at FROM deployment_reviews WHERE run_id = :run ORDER BY id")
                        .bind("run", runId)
                        .map((rs, c) -> new DeploymentReview(
                                rs.getLong("id"),
                                rs.getLong("run_id"),
                                rs.getLong("environment_id"),
                                Rows.decode(DeploymentGate.State.class, Rows.string(rs, "state")),
                                Rows.string(rs, "comment"),
                                rs.getLong("user_id"),
                                Rows.instant(rs, "created_at")))
                        .list());
    }

    private static DeploymentGate map(ResultSet rs, StatementContext c) throws SQLException {
        return new DeploymentGate(
                rs.getLong("job_id"),
                rs.getLong("run_id"),
                rs.getLong("environment_id"),
                Rows.decode(DeploymentGate.State.class, Rows.string(rs, "state")),
                Rows.optInstant(rs, "timer_started_at"),
                Rows.instant(rs, "created_at"));
    }
}
