package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Deployments and their statuses, newest first as GitHub lists them. */
public final class Deployments {
    private static final String COLUMNS =
            "id, repo_id, environment, ref, sha, run_id, job_id, creator, created_at, updated_at";
    private static final String STATUS_COLUMNS =
            "id, deployment_id, state, description, environment_url, log_url, creator, created_at";
    private final Ctx ctx;

    Deployments(Ctx ctx) {
        this.ctx = ctx;
    }

    public Deployment create(Deployment.Draft d) {
        var now = ctx.now();
        long id = ctx.jdbi()
                .withHandle(h -> h.createUpdate("INSERT INTO deployments (repo_id, environment, ref, sha,"
                                + " run_id, job_id, creator, created_at, updated_at)"
                                + " VALUES (:repo, :env, :ref, :sha, :run, :job, :creator, :now, :now)")
                        .bind("repo", d.repoId())
                        .bind("env", d.environment())
                        .bind("ref", d.ref())
                        .bind("sha", d.sha())
                        .bind("run", d.runId())
                        .bind("job", d.jobId())
                        .bind("creator", d.creator())
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
        return find(id).orElseThrow();
    }

    public Optional<Deployment> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE id = :id")
                        .bind("id", id)
                        .map(Deployments::map)
                        .findOne());
    }

    /** The deployment a job made (kept when its run is resumed after a restart). */
    public Optional<Deployment> forJob(long jobId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE job_id = :job")
                        .bind("job", jobId)
                        .map(Deployments::map)
                        .findFirst());
    }

    /** The newest {@code limit} deployments of one environment (its name ignoring case), oldest first. */
    public List<Deployment> latest(long repoId, String environment, int limit) {
        var newestFirst = ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM deployments WHERE repo_id = :repo"
                                + " AND LOWER(environment) = LOWER(:env) ORDER BY id DESC LIMIT :limit")
                        .bind("repo", repoId)
                        .bind("env", environment)
                        .bind("limit", limit)
                        .map(Deployments::map)
                        .list());
        return newestFirst.reversed();
    }

    public List<Deployment> list(Deployment.Filter f, Page page) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM deployments WHERE repo_id = :repo");
        f.environment().ifPresent(v -> sql.append(" AND LOWER(environment) = LOWER(:env)"));
        f.ref().ifPresent(v -> sql.append(" AND ref = :ref"));
        f.sha().ifPresent(v -> sql.append(" AND sha = :sha"));
        sql.append(" ORDER BY id DESC LIMIT :limit OFFSET :offset");
        return ctx.jdbi().withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("repo", f.repoId());
            f.environment().ifPresent(v -> q.bind("env", v));
            f.ref().ifPresent(v -> q.bind("ref", v));
            f.sha().ifPresent(v -> q.bind("sha", v));
            return q.bind("limit", page.size())
                    .bind("offset", page.offset())
                    .map(Deployments::map)
                    .list();
        });
    }

    /** Adds a status (the deployment's {@code updated_at} moves with it). */
    public Deployment.Status addStatus(
            long deploymentId, String state, String description, String environmentUrl, String logUrl, String creator) {
        var now = ctx.now();
        long id = ctx.jdbi().inTransaction(h -> {
            h.createUpdate("UPDATE deployments SET updated_at = :now WHERE id = :id")
                    .bind("now", now)
                    .bind("id", deploymentId)
                    .execute();
            return h.createUpdate("INSERT INTO deployment_statuses (deployment_id, state, description,"
                            + " environment_url, log_url, creator, created_at)"
                            + " VALUES (:dep, :state, :description, :url, :log, :creator, :now)")
                    .bind("dep", deploymentId)
                    .bind("state", state)
                    .bind("description", description)
                    .bind("url", environmentUrl)
                    .bind("log", logUrl)
                    .bind("creator", creator)
                    .bind("now", now)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
        });
        return statuses(deploymentId).stream()
                .filter(s -> s.id() == id)
                .findFirst()
                .orElseThrow();
    }

    /** A deployment's statuses, newest first. */
    public List<Deployment.Status> statuses(long deploymentId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + STATUS_COLUMNS
                                + " FROM deployment_statuses WHERE deployment_id = :dep ORDER BY id DESC")
                        .bind("dep", deploymentId)
                        .map(Deployments::mapStatus)
                        .list());
    }

    public Optional<Deployment.Status> latestStatus(long deploymentId) {
        return statuses(deploymentId).stream().findFirst();
    }

    /**
     * Marks the other deployments of the environment whose latest status is {@code success} {@code inactive}, as
     * GitHub does when a newer deployment to it succeeds.
     */
    public void inactivateOthers(long repoId, String environment, long keep, String creator) {
        List<Long> ids = ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT d.id FROM deployments d"
                                + " WHERE d.repo_id = :repo AND LOWER(d.environment) = LOWER(:env) AND d.id <> :keep"
                                + " AND (SELECT s.state FROM deployment_statuses s WHERE s.deployment_id = d.id"
                                + " ORDER BY s.id DESC LIMIT 1) = 'success'")
                        .bind("repo", repoId)
                        .bind("env", environment)
                        .bind("keep", keep)
                        .mapTo(Long.class)
                        .list());
        for (long id : ids) {
            var url = latestStatus(id).map(Deployment.Status::environmentUrl).orElse("");
            addStatus(id, "inactive", "A newer deployment to " + environment + " succeeded", url, "", creator);
        }
    }

    private static Deployment map(ResultSet rs, StatementContext c) throws SQLException {
        long run = rs.getLong("run_id");
        boolean noRun = rs.wasNull();
        long job = rs.getLong("job_id");
        boolean noJob = rs.wasNull();
        return new Deployment(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                Rows.string(rs, "environment"),
                Rows.string(rs, "ref"),
                Rows.string(rs, "sha"),
                noRun ? Optional.empty() : Optional.of(run),
                noJob ? Optional.empty() : Optional.of(job),
                Rows.string(rs, "creator"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    private static Deployment.Status mapStatus(ResultSet rs, StatementContext c) throws SQLException {
        return new Deployment.Status(
                rs.getLong("id"),
                rs.getLong("deployment_id"),
                Rows.string(rs, "state"),
                Rows.string(rs, "description"),
                Rows.string(rs, "environment_url"),
                Rows.string(rs, "log_url"),
                Rows.string(rs, "creator"),
                Rows.instant(rs, "created_at"));
    }
}
