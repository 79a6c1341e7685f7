package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.statement.StatementContext;

/** Steps of jobs, reported by the agent as it runs them. */
public final class Steps {
    private final Ctx ctx;

    Steps(Ctx ctx) {
        this.ctx = ctx;
    }

    /** Records a job's steps as pending, numbered from 0; replaces steps recorded before (a new attempt). */
    public List<Step> create(long jobId, List<String> names) {
        replace(jobId, names);
        return list(jobId);
    }

    /** As {@link #create}, without reading the steps back. */
    public void replace(long jobId, List<String> names) {
        ctx.jdbi().useTransaction(h -> {
            h.createUpdate("DELETE FROM steps WHERE job_id = :job")
                    .bind("job", jobId)
                    .execute();
            var batch = h.prepareBatch(
                    "INSERT INTO steps (job_id, step_index, name, status) VALUES (:job, :index, :name, 'pending')");
            for (int i = 0; i < names.size(); i++) {
                batch.bind("job", jobId)
                        .bind("index", i)
                        .bind("name", names.get(i))
                        .add();
            }
            if (!names.isEmpty()) {
                batch.execute();
            }
        });
    }

    /** pending → in_progress with the log's path; false if the step is not pending. */
    public boolean start(long jobId, int index, String logPath) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "UPDATE steps SET status = 'in_progress', started_at = :now,"
                                                + " log_path = :log WHERE job_id = :job AND step_index = :index AND status = 'pending'")
                                .bind("now", ctx.now())
                                .bind("log", logPath)
                                .bind("job", jobId)
                                .bind("index", index)
                                .execute())
                == 1;
    }

    /** pending or in_progress → completed (a pending step may complete as skipped); false if completed before. */
    public boolean complete(long jobId, int index, Conclusion conclusion) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "UPDATE steps SET status = 'completed', conclusion = :conclusion,"
                                                + " completed_at = :now WHERE job_id = :job AND step_index = :index AND status <> 'completed'")
                                .bind("conclusion", Rows.code(conclusion))
                                .bind("now", ctx.now())
                                .bind("job", jobId)
                                .bind("index", index)
                                .execute())
                == 1;
    }

    /** A job's steps in order. */
    public List<Step> list(long jobId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT job_id, step_index, name, status, conclusion, started_at,"
                                + " completed_at, log_path FROM steps WHERE job_id = :job ORDER BY step_index")
                        .bind("job", jobId)
                        .map(Steps::map)
                        .list());
    }

    private static Step map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Step(
                rs.getLong("job_id"),
                rs.getInt("step_index"),
                Rows.string(rs, "name"),
                Rows.decode(StepStatus.class, Rows.string(rs, "status")),
                Rows.optDecode(rs, "conclusion", Conclusion.class),
                Rows.optInstant(rs, "started_at"),
                Rows.optInstant(rs, "completed_at"),
                Rows.optString(rs, "log_path"));
    }
}
