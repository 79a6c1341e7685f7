package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Workflow runs. Numbers are handed out per repository from a counter row that the creating
 * transaction locks, so concurrent creations get distinct, increasing numbers on both databases.
 */
public final class Runs {
    private static final String COLUMNS =
            "id, repo_id, run_number, workflow_path, name, display_title, event, ref, head_branch, sha,"
                    + " actor, status, conclusion, run_attempt, event_payload, concurrency_group, created_at, started_at,"
                    + " completed_at";
    private final Ctx ctx;

    Runs(Ctx ctx) {
        this.ctx = ctx;
    }

    /** The longest display title kept; longer ones are cut. */
    static final int MAX_TITLE = 1000;

    /** Creates a queued run with the repository's next run number. */
    public Run create(NewRun run) {
        return create(run, (id, number) -> new Naming(run.displayTitle(), run.concurrencyGroup()));
    }

    /** A run's display title and concurrency group; empty ones are the workflow's name and no group. */
    public record Naming(Optional<String> displayTitle, Optional<String> concurrencyGroup) {}

    /** How a run's title and concurrency group are named once its id and number are known. */
    @FunctionalInterface
    public interface Namer {
        Naming name(long runId, long runNumber);
    }

    /**
     * Creates a queued run with the repository's next run number, with the display title and concurrency group
     * {@code namer} names from the new run's id and number ({@code github.run_id} and {@code run_number} in a
     * {@code run-name} or group expression); the run is never seen without them.
     */
    public Run create(NewRun run, Namer namer) {
        var now = ctx.now();
        long id = ctx.jdbi().inTransaction(h -> {
            var bumped = h.createUpdate(
                            "UPDATE repositories SET next_run_number = next_run_number + 1 WHERE id = :repo")
                    .bind("repo", run.repoId())
                    .execute();
            if (bumped != 1) {
                throw new StoreException("no repository with id " + run.repoId());
            }
            long number = h.createQuery("SELECT next_run_number - 1 FROM repositories WHERE id = :repo")
                    .bind("repo", run.repoId())
                    .mapTo(Long.class)
                    .one();
            long created = h.createUpdate(
                            "INSERT INTO workflow_runs (repo_id, run_number, workflow_path, name, event, ref,"
                                    + " head_branch, sha, actor, status, event_payload, concurrency_group, created_at)"
                                    + " VALUES (:repo, :number, :path, :name, :event, :ref, :branch, :sha, :actor, 'queued',"
                                    + " :payload, :group, :now)")
                    .bind("repo", run.repoId())
                    .bind("number", number)
                    .bind("path", run.workflowPath())
                    .bind("name", run.name())
                    .bind("event", run.event())
                    .bind("ref", run.ref())
                    .bindByType("branch", Rows.orNull(run.headBranch()), String.class)
                    .bind("sha", run.sha())
                    .bind("actor", run.actor())
                    .bind("payload", run.eventPayload())
                    .bindByType("group", null, String.class)
                    .bind("now", now)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            var naming = namer.name(created, number);
            if (naming.displayTitle().isPresent() || naming.concurrencyGroup().isPresent()) {
                h.createUpdate(
                                "UPDATE workflow_runs SET display_title = :title, concurrency_group = :group WHERE id = :id")
                        .bindByType(
                                "title",
                                naming.displayTitle()
                                        .map(t -> t.length() > MAX_TITLE ? t.substring(0, MAX_TITLE) : t)
                                        .orElse(null),
                                String.class)
                        .bindByType("group", Rows.orNull(naming.concurrencyGroup()), String.class)
                        .bind("id", created)
                        .execute();
            }
            return created;
        });
        return find(id).orElseThrow();
    }

    public Optional<Run> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM workflow_runs WHERE id = :id")
                        .bind("id", id)
                        .map(Runs::map)
                        .findOne());
    }

    /** A repository's run by its number. */
    public Optional<Run> findByNumber(long repoId, long number) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS
                                + " FROM workflow_runs WHERE repo_id = :repo AND run_number = :number")
                        .bind("repo", repoId)
                        .bind("number", number)
                        .map(Runs::map)
                        .findOne());
    }

    /** Runs matching a filter, newest (highest number) first. */
    public List<Run> list(RunFilter filter, Page page) {
        return ctx.jdbi()
                .withHandle(h -> bind(
                                h.createQuery("SELECT " + COLUMNS + " FROM workflow_runs" + where(filter)
                                        + " ORDER BY run_number DESC LIMIT :limit OFFSET :offset"),
                                filter)
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(Runs::map)
                        .list());
    }

    /** How many runs match a filter (GitHub's {@code total_count}). */
    public long count(RunFilter filter) {
        return ctx.jdbi()
                .withHandle(h -> bind(h.createQuery("SELECT COUNT(*) FROM workflow_runs" + where(filter)), filter)
                        .mapTo(Long.class)
                        .one());
    }

    /** Runs of a concurrency group that have not completed, oldest first. */
    public List<Run> activeInGroup(long repoId, String group) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM workflow_runs WHERE repo_id = :repo"
                                + " AND concurrency_group = :group AND status <> 'completed' ORDER BY run_number")
                        .bind("repo", repoId)
                        .bind("group", group)
                        .map(Runs::map)
                        .list());
    }

    /**
     * queued → in_progress; false if the run was not queued, or if it is in a concurrency group in which another run
     * is in progress (it stays queued: GitHub's one running run per group) or an older run waits (with {@code queue:
     * max} several wait, and go in the order they came). Callers that start runs concurrently
     * serialize their calls (the embedded agent does), so two runs of a group cannot both start.
     */
    public boolean start(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE workflow_runs SET status = 'in_progress',"
                                        + " started_at = :now WHERE id = :id AND status = 'queued' AND NOT EXISTS"
                                        + " (SELECT 1 FROM workflow_runs o WHERE o.repo_id = workflow_runs.repo_id"
                                        + " AND o.concurrency_group = workflow_runs.concurrency_group"
                                        + " AND (o.status = 'in_progress' OR o.status = 'queued'"
                                        + " AND o.run_number < workflow_runs.run_number))")
                                .bind("now", ctx.now())
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /** Any status but completed → completed with a conclusion; false if it had completed already. */
    public boolean complete(long id, Conclusion conclusion) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "UPDATE workflow_runs SET status = 'completed',"
                                                + " conclusion = :conclusion, completed_at = :now WHERE id = :id AND status <> 'completed'")
                                .bind("conclusion", Rows.code(conclusion))
                                .bind("now", ctx.now())
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /**
     * in_progress → queued in the same attempt: a run a stopped server left waiting at an environment's gate, to be
     * executed again from where it was (its finished jobs are kept); false if it was not in progress.
     */
    public boolean resume(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "UPDATE workflow_runs SET status = 'queued' WHERE id = :id AND status = 'in_progress'")
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /** completed → queued with the next attempt number (a re-run); false if the run has not completed. */
    public boolean rerun(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE workflow_runs SET status = 'queued', conclusion = NULL,"
                                        + " started_at = NULL, completed_at = NULL, run_attempt = run_attempt + 1"
                                        + " WHERE id = :id AND status = 'completed'")
                                .bind("id", id)
                                .execute())
                == 1;
    }

    private static String where(RunFilter f) {
        var sql = new StringBuilder(" WHERE repo_id = :repo");
        f.branch().ifPresent(v -> sql.append(" AND head_branch = :branch"));
        f.status().ifPresent(v -> sql.append(" AND status = :status"));
        if (f.status().equals(Optional.of(RunStatus.IN_PROGRESS))) {
            // GitHub's waiting: a job waits at an environment's protection rules
            sql.append(f.waiting() ? " AND EXISTS" : " AND NOT EXISTS")
                    .append(" (SELECT 1 FROM deployment_gates g WHERE g.run_id = workflow_runs.id"
                            + " AND g.state IN ('waiting', 'approved'))");
        }
        f.event().ifPresent(v -> sql.append(" AND event = :event"));
        f.actor().ifPresent(v -> sql.append(" AND actor = :actor"));
        f.workflowPath().ifPresent(v -> sql.append(" AND workflow_path = :path"));
        f.conclusion().ifPresent(v -> sql.append(" AND conclusion = :conclusion"));
        return sql.toString();
    }

    private static <S extends SqlStatement<S>> S bind(S statement, RunFilter f) {
        statement.bind("repo", f.repoId());
        f.branch().ifPresent(v -> statement.bind("branch", v));
        f.status().ifPresent(v -> statement.bind("status", Rows.code(v)));
        f.event().ifPresent(v -> statement.bind("event", v));
        f.actor().ifPresent(v -> statement.bind("actor", v));
        f.workflowPath().ifPresent(v -> statement.bind("path", v));
        f.conclusion().ifPresent(v -> statement.bind("conclusion", Rows.code(v)));
        return statement;
    }

    static Run map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Run(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                rs.getLong("run_number"),
                Rows.string(rs, "workflow_path"),
                Rows.string(rs, "name"),
                Rows.optString(rs, "display_title").orElse(Rows.string(rs, "name")),
                Rows.string(rs, "event"),
                Rows.string(rs, "ref"),
                Rows.optString(rs, "head_branch"),
                Rows.string(rs, "sha"),
                Rows.string(rs, "actor"),
                Rows.decode(RunStatus.class, Rows.string(rs, "status")),
                Rows.optDecode(rs, "conclusion", Conclusion.class),
                rs.getInt("run_attempt"),
                Rows.string(rs, "event_payload"),
                Rows.optString(rs, "concurrency_group"),
                Rows.instant(rs, "created_at"),
                Rows.optInstant(rs, "started_at"),
                Rows.optInstant(rs, "completed_at"));
    }
}
