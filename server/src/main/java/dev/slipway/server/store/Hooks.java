package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Repositories' webhooks and their deliveries. */
public final class Hooks {
    private static final String SELECT =
            "SELECT id, repo_id, url, content_type, secret, events, active, created_at," + " updated_at FROM webhooks";
    private static final String DELIVERY = "SELECT id, hook_id, guid, event, action, body, redelivery, status_code,"
            + " error, response, duration_ms, created_at, delivered_at FROM webhook_deliveries";
    private static final int MAX_RESPONSE = 4096;
    private final Ctx ctx;

    Hooks(Ctx ctx) {
        this.ctx = ctx;
    }

    /** What a client sets on a webhook. */
    public record Fields(
            String url, String contentType, Optional<String> sealedSecret, List<String> events, boolean active) {}

    public Hook create(long repoId, Fields f) {
        var now = ctx.now();
        long id = ctx.jdbi()
                .withHandle(h -> h.createUpdate("INSERT INTO webhooks (repo_id, url, content_type, secret, events,"
                                + " active, created_at, updated_at) VALUES (:repo, :url, :type, :secret, :events, :active,"
                                + " :now, :now)")
                        .bind("repo", repoId)
                        .bind("url", f.url())
                        .bind("type", f.contentType())
                        .bindByType("secret", f.sealedSecret().orElse(null), String.class)
                        .bind("events", String.join(",", f.events()))
                        .bind("active", f.active())
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
        return find(id).orElseThrow();
    }

    public Optional<Hook> update(long id, Fields f) {
        ctx.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE webhooks SET url = :url, content_type = :type, secret = :secret,"
                                + " events = :events, active = :active, updated_at = :now WHERE id = :id")
                        .bind("id", id)
                        .bind("url", f.url())
                        .bind("type", f.contentType())
                        .bindByType("secret", f.sealedSecret().orElse(null), String.class)
                        .bind("events", String.join(",", f.events()))
                        .bind("active", f.active())
                        .bind("now", ctx.now())
                        .execute());
        return find(id);
    }

    public Optional<Hook> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE id = :id")
                        .bind("id", id)
                        .map(Hooks::hook)
                        .findOne());
    }

    public List<Hook> list(long repoId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE repo_id = :repo ORDER BY id")
                        .bind("repo", repoId)
                        .map(Hooks::hook)
                        .list());
    }

    public boolean delete(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("DELETE FROM webhooks WHERE id = :id")
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /** Records a delivery about to be sent. */
    public HookDelivery record(
            long hookId, String guid, String event, Optional<String> action, String body, boolean redelivery) {
        long id = ctx.jdbi()
                .withHandle(h -> h.createUpdate(
                                "INSERT INTO webhook_deliveries (hook_id, guid, event, action, body,"
                                        + " redelivery, created_at) VALUES (:hook, :guid, :event, :action, :body, :redelivery, :now)")
                        .bind("hook", hookId)
                        .bind("guid", guid)
                        .bind("event", event)
                        .bindByType("action", action.orElse(null), String.class)
                        .bind("body", body)
                        .bind("redelivery", redelivery)
                        .bind("now", ctx.now())
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
        return delivery(id).orElseThrow();
    }

    /** Completes a delivery with the receiver's answer, or with why none came. */
    public void delivered(long id, Optional<Integer> status, Optional<String> error, String response, long millis) {
        var cut = response.length() > MAX_RESPONSE ? response.substring(0, MAX_RESPONSE) : response;
        ctx.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE webhook_deliveries SET status_code = :status, error = :error,"
                                + " response = :response, duration_ms = :ms, delivered_at = :now WHERE id = :id")
                        .bind("id", id)
                        .bindByType("status", status.orElse(null), Integer.class)
                        .bindByType(
                                "error",
                                error.map(e -> e.length() > 1000 ? e.substring(0, 1000) : e)
                                        .orElse(null),
                                String.class)
                        .bind("response", cut)
                        .bind("ms", millis)
                        .bind("now", ctx.now())
                        .execute());
    }

    public Optional<HookDelivery> delivery(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(DELIVERY + " WHERE id = :id")
                        .bind("id", id)
                        .map(Hooks::delivery)
                        .findOne());
    }

    /** A webhook's deliveries, newest first. */
    public List<HookDelivery> deliveries(long hookId, Page page) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                DELIVERY + " WHERE hook_id = :hook ORDER BY id DESC" + " LIMIT :limit OFFSET :offset")
                        .bind("hook", hookId)
                        .bind("limit", page.size())
                        .bind("offset", page.offset())
                        .map(Hooks::delivery)
                        .list());
    }

    /** Deliveries recorded but never completed (the server stopped while sending them), oldest first. */
    public List<HookDelivery> unsent() {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(DELIVERY + " WHERE delivered_at IS NULL ORDER BY id")
                        .map(Hooks::delivery)
                        .list());
    }

    private static Hook hook(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Hook(
                rs.getLong("id"),
                rs.getLong("repo_id"),
                Rows.string(rs, "url"),
                Rows.string(rs, "content_type"),
                Rows.optString(rs, "secret"),
                Arrays.stream(Rows.string(rs, "events").split(","))
                        .filter(e -> !e.isBlank())
                        .toList(),
                rs.getBoolean("active"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    private static HookDelivery delivery(ResultSet rs, StatementContext ctx) throws SQLException {
        int status = rs.getInt("status_code");
        Optional<Integer> code = rs.wasNull() ? Optional.empty() : Optional.of(status);
        long ms = rs.getLong("duration_ms");
        Optional<Long> millis = rs.wasNull() ? Optional.empty() : Optional.of(ms);
        Optional<Instant> delivered = Rows.optInstant(rs, "delivered_at");
        return new HookDelivery(
                rs.getLong("id"),
                rs.getLong("hook_id"),
                Rows.string(rs, "guid"),
                Rows.string(rs, "event"),
                Rows.optString(rs, "action"),
                Rows.string(rs, "body"),
                rs.getBoolean("redelivery"),
                code,
                Rows.optString(rs, "error"),
                Rows.optString(rs, "response"),
                millis,
                Rows.instant(rs, "created_at"),
                delivered);
    }
}
