package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** The rollouts of services and their events, newest first; and environments' scale schedules. */
public final class Rollouts {
    private static final String COLUMNS = "id, service_id, revision, strategy, phase, weight, message, run_id,"
            + " job_id, deployment_id, creator, created_at, updated_at, completed_at";
    private final Ctx ctx;

    Rollouts(Ctx ctx) {
        this.ctx = ctx;
    }

    public Rollout create(Rollout.Draft d) {
        var now = ctx.now();
        long id = ctx.jdbi()
                .withHandle(h -> h.createUpdate("INSERT INTO rollouts (service_id, revision, strategy, phase, weight,"
                                + " message, run_id, job_id, deployment_id, creator, created_at, updated_at)"
                                + " VALUES (:service, :rev, :strategy, 'progressing', 0, 'Requested', :run, :job,"
                                + " :dep, :creator, :now, :now)")
                        .bind("service", d.serviceId())
                        .bind("rev", d.revision())
                        .bind("strategy", d.strategy())
                        .bind("run", Rows.orNull(d.runId()))
                        .bind("job", Rows.orNull(d.jobId()))
                        .bind("dep", Rows.orNull(d.deploymentId()))
                        .bind("creator", d.creator())
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
        return find(id).orElseThrow();
    }

    public Optional<Rollout> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM rollouts WHERE id = :id")
                        .bind("id", id)
                        .map(Rollouts::map)
                        .findOne());
    }

    /** The service's newest {@code limit} rollouts, newest first. */
    public List<Rollout> list(long serviceId, int limit) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS
                                + " FROM rollouts WHERE service_id = :id ORDER BY id DESC LIMIT :limit")
                        .bind("id", serviceId)
                        .bind("limit", limit)
                        .map(Rollouts::map)
                        .list());
    }

    /** The service's newest rollout of {@code revision}. */
    public Optional<Rollout> ofRevision(long serviceId, int revision) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM rollouts WHERE service_id = :id"
                                + " AND revision = :rev ORDER BY id DESC LIMIT 1")
                        .bind("id", serviceId)
                        .bind("rev", revision)
                        .map(Rollouts::map)
                        .findOne());
    }

    /** The revisions of the service's succeeded rollouts, newest first: the first is its stable release. */
    public List<Integer> succeeded(long serviceId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT revision FROM rollouts WHERE service_id = :id"
                                + " AND phase = 'succeeded' ORDER BY id DESC")
                        .bind("id", serviceId)
                        .mapTo(Integer.class)
                        .list());
    }

    /** Rollouts not ended, of every service: those a stop cut short, at start. */
    public List<Rollout> unfinished() {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS
                                + " FROM rollouts WHERE phase IN ('progressing', 'paused') ORDER BY id")
                        .map(Rollouts::map)
                        .list());
    }

    /** Records an event and moves the rollout to its phase and weight; an ended rollout is not changed again. */
    public Optional<Rollout.Event> event(long rolloutId, String phase, int weight, String message) {
        var now = ctx.now();
        boolean ends = phase.equals("succeeded") || phase.equals("rolled_back");
        var text = message.length() > 2000 ? message.substring(0, 2000) : message;
        Optional<Long> id = ctx.jdbi().inTransaction(h -> {
            int changed = h.createUpdate("UPDATE rollouts SET phase = :phase, weight = :weight, message = :message,"
                            + " updated_at = :now, completed_at = " + (ends ? ":now" : "NULL")
                            + " WHERE id = :id AND phase IN ('progressing', 'paused')")
                    .bind("phase", phase)
                    .bind("weight", weight)
                    .bind("message", text)
                    .bind("now", now)
                    .bind("id", rolloutId)
                    .execute();
            if (changed == 0) {
                return Optional.empty();
            }
            return Optional.of(h.createUpdate("INSERT INTO rollout_events (rollout_id, phase, weight, message,"
                            + " created_at) VALUES (:id, :phase, :weight, :message, :now)")
                    .bind("id", rolloutId)
                    .bind("phase", phase)
                    .bind("weight", weight)
                    .bind("message", text)
                    .bind("now", now)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
        });
        return id.map(i -> new Rollout.Event(i, rolloutId, phase, weight, text, now));
    }

    /** The rollout's events after event {@code after} (0: all), oldest first. */
    public List<Rollout.Event> events(long rolloutId, long after) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT id, rollout_id, phase, weight, message, created_at"
                                + " FROM rollout_events WHERE rollout_id = :id AND id > :after ORDER BY id")
                        .bind("id", rolloutId)
                        .bind("after", after)
                        .map((rs, c) -> new Rollout.Event(
                                rs.getLong("id"),
                                rs.getLong("rollout_id"),
                                Rows.string(rs, "phase"),
                                rs.getInt("weight"),
                                Rows.string(rs, "message"),
                                Rows.instant(rs, "created_at")))
                        .list());
    }

    public Optional<ScaleSchedule> schedule(long environmentId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT environment_id, down_cron, up_cron, time_zone, updated_at"
                                + " FROM environment_scale_schedules WHERE environment_id = :env")
                        .bind("env", environmentId)
                        .map(Rollouts::mapSchedule)
                        .findOne());
    }

    public List<ScaleSchedule> schedules() {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT environment_id, down_cron, up_cron, time_zone, updated_at"
                                + " FROM environment_scale_schedules ORDER BY environment_id")
                        .map(Rollouts::mapSchedule)
                        .list());
    }

    public ScaleSchedule putSchedule(long environmentId, String down, String up, String zone) {
        var now = ctx.now();
        ctx.jdbi().useTransaction(h -> {
            int updated = h.createUpdate("UPDATE environment_scale_schedules SET down_cron = :down, up_cron = :up,"
                            + " time_zone = :zone, updated_at = :now WHERE environment_id = :env")
                    .bind("down", down)
                    .bind("up", up)
                    .bind("zone", zone)
                    .bind("now", now)
                    .bind("env", environmentId)
                    .execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO environment_scale_schedules (environment_id, down_cron, up_cron,"
                                + " time_zone, created_at, updated_at) VALUES (:env, :down, :up, :zone, :now, :now)")
                        .bind("down", down)
                        .bind("up", up)
                        .bind("zone", zone)
                        .bind("now", now)
                        .bind("env", environmentId)
                        .execute();
            }
        });
        return schedule(environmentId).orElseThrow();
    }

    public boolean deleteSchedule(long environmentId) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "DELETE FROM environment_scale_schedules WHERE environment_id = :env")
                                .bind("env", environmentId)
                                .execute())
                > 0;
    }

    private static ScaleSchedule mapSchedule(ResultSet rs, StatementContext c) throws SQLException {
        return new ScaleSchedule(
                rs.getLong("environment_id"),
                Rows.string(rs, "down_cron"),
                Rows.string(rs, "up_cron"),
                Rows.string(rs, "time_zone"),
                Rows.instant(rs, "updated_at"));
    }

    private static Optional<Long> optLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Rollout map(ResultSet rs, StatementContext c) throws SQLException {
        return new Rollout(
                rs.getLong("id"),
                rs.getLong("service_id"),
                rs.getInt("revision"),
                Rows.string(rs, "strategy"),
                Rows.string(rs, "phase"),
                rs.getInt("weight"),
                Rows.string(rs, "message"),
                optLong(rs, "run_id"),
                optLong(rs, "job_id"),
                optLong(rs, "deployment_id"),
                Rows.string(rs, "creator"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"),
                Rows.optInstant(rs, "completed_at"));
    }
}
