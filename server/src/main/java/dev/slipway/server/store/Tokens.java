package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Personal access tokens: {@code slw_} plus 256 random bits. The database keeps the SHA-256 of the
 * secret (a fast hash is right for high-entropy secrets), so a stolen database yields no usable token.
 */
public final class Tokens {
    /** Every token secret starts with this, so secret scanners and people can recognize one. */
    public static final String PREFIX = "slw_";

    private static final String COLUMNS =
            "id, user_id, name, token_hint, scopes, created_at, last_used_at, expires_at, revoked_at";
    private final Ctx ctx;

    Tokens(Ctx ctx) {
        this.ctx = ctx;
    }

    /** Makes a token for a user; the secret is in the answer and nowhere else. */
    public NewToken create(long userId, String name, List<String> scopes, Optional<Instant> expires) {
        var secret = Secrets.random(PREFIX);
        var hint = secret.substring(0, PREFIX.length() + 4);
        var now = ctx.now();
        long id = ctx.jdbi()
                .withHandle(h -> h.createUpdate(
                                "INSERT INTO access_tokens (user_id, name, token_hash, token_hint, scopes, created_at, expires_at)"
                                        + " VALUES (:user, :name, :hash, :hint, :scopes, :now, :expires)")
                        .bind("user", userId)
                        .bind("name", name)
                        .bind("hash", Secrets.sha256(secret))
                        .bind("hint", hint)
                        .bind("scopes", Rows.joinLines(scopes))
                        .bind("now", now)
                        .bindByType("expires", Rows.orNull(expires), Instant.class)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
        var token = new Token(id, userId, name, hint, scopes, now, Optional.empty(), expires, Optional.empty());
        return new NewToken(token, secret);
    }

    /**
     * The active token with this secret, after recording its use; empty for an unknown, revoked or
     * expired one, or a string that is not a Slipway token at all.
     */
    public Optional<Token> authenticate(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        var now = ctx.now();
        return ctx.jdbi().inTransaction(h -> {
            var found = h.createQuery("SELECT " + COLUMNS + " FROM access_tokens WHERE token_hash = :hash")
                    .bind("hash", Secrets.sha256(secret))
                    .map(Tokens::map)
                    .findOne()
                    .filter(t -> t.active(now));
            found.ifPresent(t -> h.createUpdate("UPDATE access_tokens SET last_used_at = :now WHERE id = :id")
                    .bind("now", now)
                    .bind("id", t.id())
                    .execute());
            return found.map(t -> new Token(
                    t.id(),
                    t.userId(),
                    t.name(),
                    t.hint(),
                    t.scopes(),
                    t.created(),
                    Optional.of(now),
                    t.expires(),
                    t.revoked()));
        });
    }

    /** A user's tokens, revoked ones included, newest first. */
    public List<Token> list(long userId) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT " + COLUMNS + " FROM access_tokens WHERE user_id = :user ORDER BY id DESC")
                        .bind("user", userId)
                        .map(Tokens::map)
                        .list());
    }

    public Optional<Token> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM access_tokens WHERE id = :id")
                        .bind("id", id)
                        .map(Tokens::map)
                        .findOne());
    }

    /** Revokes one of a user's tokens; false if the user has no such token or it was revoked before. */
    public boolean revoke(long userId, long tokenId) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE access_tokens SET revoked_at = :now"
                                        + " WHERE id = :id AND user_id = :user AND revoked_at IS NULL")
                                .bind("now", ctx.now())
                                .bind("id", tokenId)
                                .bind("user", userId)
                                .execute())
                == 1;
    }

    private static Token map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Token(
                rs.getLong("id"),
                rs.getLong("user_id"),
                Rows.string(rs, "name"),
                Rows.string(rs, "token_hint"),
                Rows.lines(rs, "scopes"),
                Rows.instant(rs, "created_at"),
                Rows.optInstant(rs, "last_used_at"),
                Rows.optInstant(rs, "expires_at"),
                Rows.optInstant(rs, "revoked_at"));
    }
}
