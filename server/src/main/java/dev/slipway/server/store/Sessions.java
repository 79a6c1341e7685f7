package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Browser sessions, looked up by the SHA-256 of the cookie's id. */
public final class Sessions {
    private final Ctx ctx;

    Sessions(Ctx ctx) {
        this.ctx = ctx;
    }

    /** Starts a session for a user, valid for {@code ttl}. */
    public NewSession create(long userId, Duration ttl) {
        var id = Secrets.random("");
        var csrf = Secrets.random("");
        var now = ctx.now();
        var session = new Session(Secrets.sha256(id), userId, csrf, now, now.plus(ttl));
        ctx.jdbi()
                .useHandle(h -> h.createUpdate(
                                "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at)"
                                        + " VALUES (:hash, :user, :csrf, :now, :expires)")
                        .bind("hash", session.idHash())
                        .bind("user", userId)
                        .bind("csrf", csrf)
                        .bind("now", now)
                        .bind("expires", session.expires())
                        .execute());
        return new NewSession(session, id);
    }

    /** The unexpired session whose cookie id this is. */
    public Optional<Session> find(String id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT id_hash, user_id, csrf_token, created_at, expires_at"
                                + " FROM sessions WHERE id_hash = :hash AND expires_at > :now")
                        .bind("hash", Secrets.sha256(id))
                        .bind("now", ctx.now())
                        .map(Sessions::map)
                        .findOne());
    }

    /** Ends one session (log out); false if there was none. */
    public boolean delete(String id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id_hash = :hash")
                                .bind("hash", Secrets.sha256(id))
                                .execute())
                == 1;
    }

    /** Ends every session of a user (password change, account disabled); how many there were. */
    public int deleteAll(long userId) {
        return ctx.jdbi()
                .withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :user")
                        .bind("user", userId)
                        .execute());
    }

    /** Deletes expired sessions; how many. */
    public int purgeExpired() {
        return ctx.jdbi()
                .withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now")
                        .bind("now", ctx.now())
                        .execute());
    }

    private static Session map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Session(
                Rows.string(rs, "id_hash"),
                rs.getLong("user_id"),
                Rows.string(rs, "csrf_token"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"));
    }
}
