package dev.slipway.server.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the database lives, parsed from what a user typed: {@code postgresql://user:pass@host:port/db},
 * a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL, or a data directory (embedded H2 in {@code <dir>/db}).
 */
record DatabaseTarget(Dialect dialect, String jdbcUrl, Optional<String> user, Optional<String> password) {

    /** The database vendors Slipway supports. */
    enum Dialect {
        H2,
        POSTGRESQL
    }

    /**
     * H2 settings that make it accept the PostgreSQL-flavoured migrations and sort NULLs the same way. WRITE_DELAY=0:
     * H2 otherwise writes committed transactions to disk up to 500 ms later, and a server killed in that window lost a
     * run it had already announced (found by {@code CrashRecoveryIT}).
     */
    static final String H2_SETTINGS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0"
                    // closed by the server after it drained its jobs, not by H2's own shutdown hook before that
                    + ";DB_CLOSE_ON_EXIT=FALSE";

    static DatabaseTarget parse(String text) {
        var value = text.strip();
        if (value.isEmpty()) {
            throw new StoreException("empty database location: give a data directory or a postgresql:// URL");
        }
        var lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return postgres(value);
        }
        if (lower.startsWith("jdbc:h2:")) {
            return new DatabaseTarget(Dialect.H2, withH2Settings(value), Optional.empty(), Optional.empty());
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return new DatabaseTarget(Dialect.POSTGRESQL, value, Optional.empty(), Optional.empty());
        }
        if (lower.startsWith("jdbc:") || lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            throw new StoreException("unsupported database URL '" + redact(value)
                    + "': use postgresql://user:password@host:port/database, jdbc:h2:..., or a data directory");
        }
        return dataDirectory(Path.of(value));
    }

    /**
     * Embedded H2 in {@code <dir>/db} through H2's {@code async:} file system: a plain {@code file:} channel is closed
     * by {@link Thread#interrupt} in the middle of a write, after which H2 refuses every statement ("the database has
     * been closed"); agents and cancellation interrupt threads that may be writing.
     */
    static DatabaseTarget dataDirectory(Path dir) {
        var file = embeddedFile(dir);
        var url = "jdbc:h2:async:" + file.toString().replace('\\', '/') + H2_SETTINGS;
        return new DatabaseTarget(Dialect.H2, url, Optional.empty(), Optional.empty());
    }

    /**
     * Whether {@code text} names a data directory (not a URL) whose embedded database does not exist yet; false when
     * it cannot tell.
     */
    static boolean isNewDataDirectory(String text) {
        var value = text.strip();
        if (value.isEmpty() || value.toLowerCase(Locale.ROOT).matches("^[a-z][a-z0-9+.-]*:.*")) {
            return false;
        }
        var file = embeddedFile(Path.of(value));
        return !Files.exists(file.resolveSibling(file.getFileName() + ".mv.db"));
    }

    private static Path embeddedFile(Path dir) {
        return dir.toAbsolutePath().normalize().resolve("db").resolve("slipway");
    }

    /** The PostgreSQL schema named by {@code currentSchema=} in the URL, which Flyway then creates. */
    Optional<String> schema() {
        var query = jdbcUrl.indexOf('?');
        if (dialect != Dialect.POSTGRESQL || query < 0) {
            return Optional.empty();
        }
        for (var pair : jdbcUrl.substring(query + 1).split("&")) {
            if (pair.startsWith("currentSchema=")) {
                return Optional.of(decode(pair.substring("currentSchema=".length())));
            }
        }
        return Optional.empty();
    }

    /** The location without a password, for messages. */
    String display() {
        return redact(jdbcUrl);
    }

    private static DatabaseTarget postgres(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new StoreException("malformed database URL '" + redact(value) + "': " + e.getReason());
        }
        var host = uri.getHost();
        var path = uri.getRawPath();
        if (host == null || path == null || path.length() < 2) {
            throw new StoreException("database URL '" + redact(value)
                    + "' needs a host and a database name: postgresql://user:password@host:port/database");
        }
        var port = uri.getPort() < 0 ? 5432 : uri.getPort();
        var jdbc = "jdbc:postgresql://" + host + ":" + port + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        var info = uri.getRawUserInfo();
        if (info != null) {
            var colon = info.indexOf(':');
            user = Optional.of(decode(colon < 0 ? info : info.substring(0, colon)));
            if (colon >= 0) {
                password = Optional.of(decode(info.substring(colon + 1)));
            }
        }
        return new DatabaseTarget(Dialect.POSTGRESQL, jdbc, user, password);
    }

    private static String withH2Settings(String url) {
        return url.toUpperCase(Locale.ROOT).contains(";MODE=") ? url : url + H2_SETTINGS;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Hides a password in {@code scheme://user:password@host} and in {@code password=} parameters. */
    static String redact(String url) {
        return url.replaceAll("(//[^/:@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
