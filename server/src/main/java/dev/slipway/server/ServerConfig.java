package dev.slipway.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How to run a server: where it listens, where its data and database are, and the first administrator.
 *
 * @param bind the address to listen on (default {@code 127.0.0.1})
 * @param port the port, 0 for any free one (default 8080)
 * @param dataDir git repositories, registry storage, logs and, without {@code database}, the embedded H2 database
 * @param database a {@code postgresql://user:password@host:port/db} (or {@code jdbc:}) URL; empty: H2 in the data dir
 * @param publicUrl the URL clients use, when the server sits behind a proxy; empty: taken from each request
 * @param admin created as a site administrator on first start, when the database has no users yet
 * @param actionSources where jobs find the actions they name ({@code uses: owner/repo@ref}): directories mirroring
 *     actions or git base URLs, as {@code slipway run --action-source} takes them
 * @param tokenPermissions what jobs' {@code GITHUB_TOKEN} may do when their workflow sets no {@code permissions}
 */
public record ServerConfig(
        String bind,
        int port,
        Path dataDir,
        Optional<String> database,
        Optional<String> publicUrl,
        Optional<AdminAccount> admin,
        java.util.List<String> actionSources,
        dev.slipway.workflow.TokenPermissions tokenPermissions) {

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;

    /** Checks the port. */
    public ServerConfig {
        actionSources = java.util.List.copyOf(actionSources);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        if (bind.isBlank()) {
            throw new IllegalArgumentException("the bind address must not be empty");
        }
    }

    /** A login and password for the first administrator; the password never shows in {@link #toString()}. */
    public record AdminAccount(String login, String password) {
        @Override
        public String toString() {
            return "AdminAccount[" + login + ", ***]";
        }
    }

    /** 127.0.0.1:8080, data in {@code ./slipway-data}, embedded database. */
    public static ServerConfig defaults() {
        return new ServerConfig(
                "127.0.0.1",
                DEFAULT_PORT,
                Path.of("slipway-data"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                java.util.List.of(),
                dev.slipway.workflow.TokenPermissions.DEFAULT);
    }

    /**
     * The defaults overridden by {@code SLIPWAY_BIND}, {@code SLIPWAY_PORT}, {@code SLIPWAY_DATA}, {@code
     * SLIPWAY_DATABASE}, {@code SLIPWAY_URL}, {@code SLIPWAY_ADMIN_USER}, {@code SLIPWAY_ADMIN_PASSWORD}, {@code
     * SLIPWAY_ACTION_SOURCE} (comma-separated) and {@code SLIPWAY_TOKEN_PERMISSIONS} ({@code permissive} or {@code
     * restricted}).
     *
     * @throws IllegalArgumentException naming the variable that holds a bad value
     */
    public static ServerConfig fromEnv(Map<String, String> env) {
        var c = defaults();
        var bind = value(env, "SLIPWAY_BIND");
        if (bind.isPresent()) {
            c = c.withBind(bind.get());
        }
        var port = value(env, "SLIPWAY_PORT");
        if (port.isPresent()) {
            c = c.withPort(parsePort(port.get(), "SLIPWAY_PORT"));
        }
        var data = value(env, "SLIPWAY_DATA");
        if (data.isPresent()) {
            c = c.withDataDir(Path.of(data.get()));
        }
        var database = value(env, "SLIPWAY_DATABASE");
        if (database.isPresent()) {
            c = c.withDatabase(database.get());
        }
        var url = value(env, "SLIPWAY_URL");
        if (url.isPresent()) {
            c = c.withPublicUrl(url.get());
        }
        var user = value(env, "SLIPWAY_ADMIN_USER");
        var password = value(env, "SLIPWAY_ADMIN_PASSWORD");
        if (user.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException(
                    "set both SLIPWAY_ADMIN_USER and SLIPWAY_ADMIN_PASSWORD to create the first administrator");
        }
        if (user.isPresent()) {
            c = c.withAdmin(new AdminAccount(user.get(), password.orElseThrow()));
        }
        var sources = value(env, "SLIPWAY_ACTION_SOURCE");
        if (sources.isPresent()) {
            c = c.withActionSources(dev.slipway.actions.ActionSource.split(sources.get()));
        }
        var permissions = value(env, "SLIPWAY_TOKEN_PERMISSIONS");
        if (permissions.isPresent()) {
            c = c.withTokenPermissions(tokenPermissions(permissions.get(), "SLIPWAY_TOKEN_PERMISSIONS"));
        }
        return c;
    }

    /** The default {@code text} names ({@code permissive}, {@code restricted}), naming {@code source} otherwise. */
    public static dev.slipway.workflow.TokenPermissions tokenPermissions(String text, String source) {
        return dev.slipway.workflow.TokenPermissions.named(text)
                .orElseThrow(() ->
                        new IllegalArgumentException(source + " must be permissive or restricted, not '" + text + "'"));
    }

    /** Parses a port number, naming {@code source} in the message when it is not one. */
    public static int parsePort(String text, String source) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + " must be a port number from 0 to 65535, not '" + text + "'");
    }

    public ServerConfig withBind(String value) {
        return new ServerConfig(value, port, dataDir, database, publicUrl, admin, actionSources, tokenPermissions);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(bind, value, dataDir, database, publicUrl, admin, actionSources, tokenPermissions);
    }

    public ServerConfig withDataDir(Path value) {
        return new ServerConfig(bind, port, value, database, publicUrl, admin, actionSources, tokenPermissions);
    }

    public ServerConfig withDatabase(String value) {
        return new ServerConfig(
                bind, port, dataDir, Optional.of(value), publicUrl, admin, actionSources, tokenPermissions);
    }

    public ServerConfig withPublicUrl(String value) {
        return new ServerConfig(
                bind, port, dataDir, database, Optional.of(value), admin, actionSources, tokenPermissions);
    }

    public ServerConfig withAdmin(AdminAccount value) {
        return new ServerConfig(
                bind, port, dataDir, database, publicUrl, Optional.of(value), actionSources, tokenPermissions);
    }

    /** With {@code sources} as where jobs find actions. */
    public ServerConfig withActionSources(java.util.List<String> sources) {
        return new ServerConfig(bind, port, dataDir, database, publicUrl, admin, sources, tokenPermissions);
    }

    /** With {@code value} for the tokens of workflows that set no {@code permissions}. */
    public ServerConfig withTokenPermissions(dev.slipway.workflow.TokenPermissions value) {
        return new ServerConfig(bind, port, dataDir, database, publicUrl, admin, actionSources, value);
    }

    /** What {@code Database.open} takes: the database URL, else the data directory. */
    public String databaseLocation() {
        return database.orElseGet(() -> dataDir.toString());
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
