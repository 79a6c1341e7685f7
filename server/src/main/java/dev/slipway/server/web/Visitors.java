package dev.slipway.server.web;

import dev.slipway.server.store.Database;
import dev.slipway.server.store.Session;
import dev.slipway.server.store.User;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Who is browsing: a session cookie names a store {@link Session}, whose CSRF token every form echoes. Before signing
 * in, the sign-in form is protected by a random token kept in a cookie of its own (double submit).
 */
final class Visitors {
    static final String SESSION_COOKIE = "slipway_session";
    static final String CSRF_COOKIE = "slipway_csrf";
    static final Duration SESSION_TTL = Duration.ofDays(14);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    Visitors(Database db) {
        this.db = db;
    }

    /** Someone browsing: signed in with a session, or anonymous with a pre-session CSRF token. */
    record Visitor(Optional<User> user, Optional<Session> session, String csrf) {}

    Visitor visitor(Context ctx) {
        var id = Optional.ofNullable(ctx.cookie(SESSION_COOKIE)).filter(s -> !s.isBlank());
        var session = id.flatMap(db.sessions()::find);
        var user = session.flatMap(s -> db.users().find(s.userId()));
        if (session.isPresent() && user.isPresent()) {
            return new Visitor(user, session, session.get().csrfToken());
        }
        var csrf = Optional.ofNullable(ctx.cookie(CSRF_COOKIE)).filter(s -> s.length() >= 20);
        if (csrf.isEmpty()) {
            var fresh = random();
            ctx.cookie(cookie(CSRF_COOKIE, fresh, -1));
            return new Visitor(Optional.empty(), Optional.empty(), fresh);
        }
        return new Visitor(Optional.empty(), Optional.empty(), csrf.get());
    }

    /** Whether the form's {@code _csrf} field matches the visitor's token. */
    static boolean csrfMatches(Context ctx, Visitor visitor) {
        var sent = Optional.ofNullable(ctx.formParam("_csrf")).orElse("");
        return MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8), visitor.csrf().getBytes(StandardCharsets.UTF_8));
    }

    /** Checks a password and starts a session; empty when the credentials are wrong. */
    Optional<User> signIn(Context ctx, String login, String password) {
        if (login.isBlank() || password.isEmpty()) {
            return Optional.empty();
        }
        var user = db.users().authenticate(login.strip(), password);
        user.ifPresent(u -> {
            var created = db.sessions().create(u.id(), SESSION_TTL);
            ctx.cookie(cookie(SESSION_COOKIE, created.id(), (int) SESSION_TTL.toSeconds()));
        });
        return user;
    }

    void signOut(Context ctx) {
        Optional.ofNullable(ctx.cookie(SESSION_COOKIE)).ifPresent(db.sessions()::delete);
        ctx.cookie(cookie(SESSION_COOKIE, "", 0));
    }

    private static Cookie cookie(String name, String value, int maxAge) {
        return new Cookie(name, value, "/", maxAge, false, true, null, SameSite.LAX);
    }

    private static String random() {
        var bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
