package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.StatementContext;

/** User accounts: logins are unique ignoring case; passwords are kept as PBKDF2 hashes only. */
public final class Users {
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,38})");
    private static final String COLUMNS = "id, login, email, display_name, admin, created_at";
    private final Ctx ctx;
    private final Passwords passwords;

    Users(Ctx ctx, Passwords passwords) {
        this.ctx = ctx;
        this.passwords = passwords;
    }

    /**
     * Creates a user.
     *
     * @throws IllegalArgumentException if the login is not 1-39 letters, digits, '.', '_' or '-'
     * @throws StoreException if the login is taken, in any case
     */
    public User create(String login, String email, String displayName, String password, boolean admin) {
        checkLogin(login); // before the slow hash
        return insert(login, email, displayName, passwords.hash(password), admin);
    }

    /**
     * Hashes a password for {@link #create(String, String, String, HashedPassword, boolean)}. Slow on purpose (PBKDF2,
     * about as long as the rest of a server's start), so that callers can do it ahead, on another thread.
     */
    public static HashedPassword hash(String password) {
        return new HashedPassword(Passwords.standard().hash(password));
    }

    /**
     * Creates a user whose password was hashed with {@link #hash}.
     *
     * @throws IllegalArgumentException if the login is not 1-39 letters, digits, '.', '_' or '-'
     * @throws StoreException if the login is taken, in any case
     */
    public User create(String login, String email, String displayName, HashedPassword password, boolean admin) {
        checkLogin(login);
        return insert(login, email, displayName, password.value, admin);
    }

    private User insert(String login, String email, String displayName, String hash, boolean admin) {
        var now = ctx.now();
        try {
            long id = ctx.jdbi()
                    .withHandle(h -> h.createUpdate(
                                    "INSERT INTO users (login, login_key, email, display_name, password_hash, admin, created_at)"
                                            + " VALUES (:login, :key, :email, :name, :hash, :admin, :now)")
                            .bind("login", login)
                            .bind("key", key(login))
                            .bind("email", email)
                            .bind("name", displayName)
                            .bind("hash", hash)
                            .bind("admin", admin)
                            .bind("now", now)
                            .executeAndReturnGeneratedKeys("id")
                            .mapTo(Long.class)
                            .one());
            return new User(id, login, email, displayName, admin, now);
        } catch (RuntimeException e) {
            if (Rows.uniqueViolation(e)) {
                throw new StoreException("login '" + login + "' is taken", e);
            }
            throw e;
        }
    }

    private static void checkLogin(String login) {
        if (!LOGIN.matcher(login).matches()) {
            throw new IllegalArgumentException("invalid login '" + login
                    + "': use 1 to 39 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** A password as stored: its PBKDF2 hash, opaque outside the store. */
    public static final class HashedPassword {
        private final String value;

        private HashedPassword(String value) {
            this.value = value;
        }
    }

    public Optional<User> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                        .bind("id", id)
                        .map(Users::map)
                        .findOne());
    }

    /** Finds a user by login, ignoring case. */
    public Optional<User> findByLogin(String login) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE login_key = :key")
                        .bind("key", key(login))
                        .map(Users::map)
                        .findOne());
    }

    /** Users ordered by id. */
    public List<User> list(Page page) {
        return ctx.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT " + COLUMNS + " FROM users ORDER BY id LIMIT :limit OFFSET :offset")
                                .bind("limit", page.size())
                                .bind("offset", page.offset())
                                .map(Users::map)
                                .list());
    }

    public long count() {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users")
                        .mapTo(Long.class)
                        .one());
    }

    /**
     * The user whose login (any case) and password match; an old hash with fewer iterations is redone.
     * Takes as long for an unknown login as for a wrong password, so logins cannot be probed by timing.
     */
    public Optional<User> authenticate(String login, String password) {
        var row = ctx.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT " + COLUMNS + ", password_hash FROM users WHERE login_key = :key")
                        .bind("key", key(login))
                        .map((rs, c) -> new Stored(map(rs, c), rs.getString("password_hash")))
                        .findOne());
        if (row.isEmpty()) {
            Passwords.verify(password, passwords.dummy());
            return Optional.empty();
        }
        if (!Passwords.verify(password, row.get().hash())) {
            return Optional.empty();
        }
        if (passwords.outdated(row.get().hash())) {
            changePassword(row.get().user().id(), password);
        }
        return Optional.of(row.get().user());
    }

    /** Sets a new password; false if there is no such user. */
    public boolean changePassword(long id, String password) {
        var hash = passwords.hash(password);
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
                                .bind("hash", hash)
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /** Changes email, display name and the admin flag; false if there is no such user. */
    public boolean update(long id, String email, String displayName, boolean admin) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "UPDATE users SET email = :email, display_name = :name, admin = :admin WHERE id = :id")
                                .bind("email", email)
                                .bind("name", displayName)
                                .bind("admin", admin)
                                .bind("id", id)
                                .execute())
                == 1;
    }

    static String key(String login) {
        return login.toLowerCase(Locale.ROOT);
    }

    static User map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(
                rs.getLong("id"),
                Rows.string(rs, "login"),
                Rows.string(rs, "email"),
                Rows.string(rs, "display_name"),
                rs.getBoolean("admin"),
                Rows.instant(rs, "created_at"));
    }

    private record Stored(User user, String hash) {}
}
