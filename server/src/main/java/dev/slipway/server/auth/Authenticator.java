package dev.slipway.server.auth;

import dev.slipway.server.store.Database;
import dev.slipway.server.store.Tokens;
import dev.slipway.server.store.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks credentials: a login with its password, or a personal access token (as the Basic password with any user
 * name, or as {@code Authorization: token <pat>} / {@code Bearer <pat>}); in the API, also a running job's token.
 *
 * <p>Password hashes are deliberately slow (PBKDF2), while git and registry clients send the same Basic credentials
 * on every request; successful checks are therefore remembered for a few minutes, keyed by a SHA-256 of the
 * credentials (never the password itself). Thread-safe.
 */
public final class Authenticator {
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 10_000;
    private static final String JOB_TOKEN = "slj_";

    private final Database db;
    private final Clock clock;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    /** Checks credentials against {@code db}. */
    public Authenticator(Database db) {
        this(db, Clock.systemUTC());
    }

    Authenticator(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Interprets an {@code Authorization} header (empty: anonymous). */
    public Caller authenticate(Optional<String> header) {
        return authenticate(header, GitAccess.JobTokens.none());
    }

    /**
     * As above; a running job's token ({@code slj_...}, as a token or as the Basic password) is {@link Caller.Job}
     * while the job's lease lasts, and rejected afterwards.
     */
    public Caller authenticate(Optional<String> header, GitAccess.JobTokens jobs) {
        if (header.isEmpty() || header.get().isBlank()) {
            return new Caller.Anonymous();
        }
        var value = header.get().strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return new Caller.Rejected();
        }
        var scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        var rest = value.substring(space + 1).strip();
        Optional<Credentials> sent = switch (scheme) {
            case "token", "bearer" -> Optional.of(new Credentials("", rest));
            case "basic" -> basic(rest);
            default -> Optional.empty();
        };
        if (sent.isEmpty()) {
            return new Caller.Rejected();
        }
        var secret = sent.get().secret();
        if (secret.startsWith(JOB_TOKEN)) {
            return jobs.job(secret).<Caller>map(Caller.Job::new).orElseGet(Caller.Rejected::new);
        }
        return identify(sent.get().login(), secret)
                .<Caller>map(i -> new Caller.Authenticated(i.user(), i.scopes()))
                .orElseGet(Caller.Rejected::new);
    }

    private record Credentials(String login, String secret) {}

    /**
     * A user as credentials identify them: with the scopes of the token used ({@link TokenScopes#ALL} for a password).
     *
     * @param tokenId the personal access token's id, when one was used
     */
    public record Identity(User user, TokenScopes scopes, Optional<Long> tokenId) {}

    /**
     * The user a login and secret identify: a token secret ({@code slw_...}) whatever the login, else the login's
     * password.
     */
    public Optional<User> check(String login, String secret) {
        return identify(login, secret).map(Identity::user);
    }

    /** As {@link #check}, with the token's scopes. */
    public Optional<Identity> identify(String login, String secret) {
        if (secret.startsWith(Tokens.PREFIX)) {
            return token(secret);
        }
        if (login.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        var key = fingerprint(login.toLowerCase(Locale.ROOT) + "\0" + secret);
        var now = clock.instant();
        var hit = remembered.get(key);
        if (hit != null && hit.until().isAfter(now)) {
            return db.users().find(hit.userId()).map(Authenticator::password);
        }
        var user = db.users().authenticate(login, secret);
        user.ifPresent(u -> remember(key, u, now));
        return user.map(Authenticator::password);
    }

    private static Identity password(User user) {
        return new Identity(user, TokenScopes.ALL, Optional.empty());
    }

    /** The scopes of personal access token {@code id} while it is active; empty once revoked or expired. */
    public Optional<TokenScopes> scopesOf(long tokenId) {
        var now = clock.instant();
        return db.tokens().find(tokenId).filter(t -> t.active(now)).map(t -> TokenScopes.of(t.scopes()));
    }

    /** Forgets remembered passwords of a user, after the password changed. */
    public void forget(long userId) {
        remembered.values().removeIf(r -> r.userId() == userId);
    }

    private Optional<Identity> token(String secret) {
        return db.tokens()
                .authenticate(secret)
                .flatMap(t -> db.users()
                        .find(t.userId())
                        .map(u -> new Identity(u, TokenScopes.of(t.scopes()), Optional.of(t.id()))));
    }

    private static Optional<Credentials> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private void remember(String key, User user, Instant now) {
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.values().removeIf(r -> !r.until().isAfter(now));
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
        }
        remembered.put(key, new Remembered(user.id(), now.plus(REMEMBER)));
    }

    private static String fingerprint(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private record Remembered(long userId, Instant until) {}
}
