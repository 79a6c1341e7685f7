package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** The services of environments and their releases; their rollouts are in {@link Rollouts}. */
public final class DeployedServices {
    private static final String COLUMNS =
            "id, environment_id, name, spec, port, replicas, scaled_down, created_at, updated_at";
    private static final String RELEASE_COLUMNS = "service_id, revision, version, workload, env, bundle, created_at";
    private final Ctx ctx;

    DeployedServices(Ctx ctx) {
        this.ctx = ctx;
    }

    public Optional<DeployedService> find(long environmentId, String name) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT " + COLUMNS + " FROM services WHERE environment_id = :env AND name = :name")
                        .bind("env", environmentId)
                        .bind("name", name)
                        .map(DeployedServices::map)
                        .findOne());
    }

    public Optional<DeployedService> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM services WHERE id = :id")
                        .bind("id", id)
                        .map(DeployedServices::map)
                        .findOne());
    }

    /** An environment's services by name. */
    public List<DeployedService> list(long environmentId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT " + COLUMNS + " FROM services WHERE environment_id = :env ORDER BY name")
                        .bind("env", environmentId)
                        .map(DeployedServices::map)
                        .list());
    }

    /** Every service of the server, for restoring them at start. */
    public List<DeployedService> all() {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM services ORDER BY id")
                        .map(DeployedServices::map)
                        .list());
    }

    /** The service, created when it is new, with {@code spec} and {@code replicas} (kept scaled down if it was). */
    public DeployedService put(long environmentId, String name, String spec, int replicas) {
        var now = ctx.now();
        ctx.jdbi().useTransaction(h -> {
            int updated = h.createUpdate("UPDATE services SET spec = :spec, replicas = :replicas, updated_at = :now"
                            + " WHERE environment_id = :env AND name = :name")
                    .bind("spec", spec)
                    .bind("replicas", replicas)
                    .bind("now", now)
                    .bind("env", environmentId)
                    .bind("name", name)
                    .execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO services (environment_id, name, spec, replicas, created_at, updated_at)"
                                + " VALUES (:env, :name, :spec, :replicas, :now, :now)")
                        .bind("env", environmentId)
                        .bind("name", name)
                        .bind("spec", spec)
                        .bind("replicas", replicas)
                        .bind("now", now)
                        .execute();
            }
        });
        return find(environmentId, name).orElseThrow();
    }

    /** Fixes the router's port (at the first rollout). */
    public void port(long id, int port) {
        update(id, "port = :value", port);
    }

    /** Sets the replicas the service should have and whether its schedule holds it at 0. */
    public void replicas(long id, int replicas, boolean scaledDown) {
        ctx.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE services SET replicas = :replicas, scaled_down = :down,"
                                + " updated_at = :now WHERE id = :id")
                        .bind("replicas", replicas)
                        .bind("down", scaledDown)
                        .bind("now", ctx.now())
                        .bind("id", id)
                        .execute());
    }

    private void update(long id, String assignment, int value) {
        ctx.jdbi()
                .useHandle(
                        h -> h.createUpdate("UPDATE services SET " + assignment + ", updated_at = :now WHERE id = :id")
                                .bind("value", value)
                                .bind("now", ctx.now())
                                .bind("id", id)
                                .execute());
    }

    public boolean delete(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("DELETE FROM services WHERE id = :id")
                                .bind("id", id)
                                .execute())
                > 0;
    }

    /** Adds the service's next release (revision one above its latest). */
    public DeployedService.Release addRelease(
            long serviceId, String version, String workload, String env, Optional<String> bundle) {
        var now = ctx.now();
        int revision = ctx.jdbi().inTransaction(h -> {
            // lock the service row, so that two releases at once do not take the same revision
            h.createQuery("SELECT id FROM services WHERE id = :id FOR UPDATE")
                    .bind("id", serviceId)
                    .mapTo(Long.class)
                    .one();
            int next = h.createQuery("SELECT COALESCE(MAX(revision), 0) FROM service_releases WHERE service_id = :id")
                            .bind("id", serviceId)
                            .mapTo(Integer.class)
                            .one()
                    + 1;
            h.createUpdate("INSERT INTO service_releases (service_id, revision, version, workload, env, bundle,"
                            + " created_at) VALUES (:id, :rev, :version, :workload, :env, :bundle, :now)")
                    .bind("id", serviceId)
                    .bind("rev", next)
                    .bind("version", version)
                    .bind("workload", workload)
                    .bind("env", env)
                    .bind("bundle", Rows.orNull(bundle))
                    .bind("now", now)
                    .execute();
            return next;
        });
        return release(serviceId, revision).orElseThrow();
    }

    public Optional<DeployedService.Release> release(long serviceId, int revision) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + RELEASE_COLUMNS
                                + " FROM service_releases WHERE service_id = :id AND revision = :rev")
                        .bind("id", serviceId)
                        .bind("rev", revision)
                        .map(DeployedServices::mapRelease)
                        .findOne());
    }

    /** The bundle directories of every release of the service, for deleting them with it. */
    public List<String> bundles(long serviceId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT bundle FROM service_releases WHERE service_id = :id"
                                + " AND bundle IS NOT NULL")
                        .bind("id", serviceId)
                        .mapTo(String.class)
                        .list());
    }

    private static DeployedService map(ResultSet rs, StatementContext c) throws SQLException {
        return new DeployedService(
                rs.getLong("id"),
                rs.getLong("environment_id"),
                Rows.string(rs, "name"),
                Rows.string(rs, "spec"),
                rs.getInt("port"),
                rs.getInt("replicas"),
                rs.getBoolean("scaled_down"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    private static DeployedService.Release mapRelease(ResultSet rs, StatementContext c) throws SQLException {
        return new DeployedService.Release(
                rs.getLong("service_id"),
                rs.getInt("revision"),
                Rows.string(rs, "version"),
                Rows.string(rs, "workload"),
                Rows.string(rs, "env"),
                Rows.optString(rs, "bundle"),
                Rows.instant(rs, "created_at"));
    }
}
