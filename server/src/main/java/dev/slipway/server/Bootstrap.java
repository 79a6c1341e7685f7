package dev.slipway.server;

import dev.slipway.server.store.Database;
import dev.slipway.server.store.Users;
import dev.slipway.server.store.Users.HashedPassword;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * First start: creates the configured administrator when there are no users yet, or says how to make one.
 *
 * <p>Hashing the administrator's password (PBKDF2, 600,000 rounds in a JVM that has compiled nothing yet) took about
 * as long as the rest of a first start. When the data directory is new, {@link #begin} starts it on a thread of its own
 * before the database is even opened; {@link #firstAdmin} waits for it, and the server listens only after that.
 */
final class Bootstrap {
    private final ServerConfig config;
    private final Optional<CompletableFuture<HashedPassword>> hashing;

    private Bootstrap(ServerConfig config, Optional<CompletableFuture<HashedPassword>> hashing) {
        this.config = config;
        this.hashing = hashing;
    }

    /** Starts hashing the configured administrator's password ahead when the database will surely be new. */
    static Bootstrap begin(ServerConfig config) {
        if (config.admin().isEmpty() || !Database.isNewDataDirectory(config.databaseLocation())) {
            return new Bootstrap(config, Optional.empty());
        }
        var password = config.admin().get().password();
        var hashing = new CompletableFuture<HashedPassword>();
        Thread.ofPlatform().daemon().name("slipway-admin-password").start(() -> {
            try {
                hashing.complete(Users.hash(password));
            } catch (RuntimeException e) {
                hashing.completeExceptionally(e);
            }
        });
        return new Bootstrap(config, Optional.of(hashing));
    }

    /** Creates the administrator if there are no users yet (waiting for the hash begun ahead), or says how to. */
    void firstAdmin(Database db, PrintStream out) {
        if (db.users().count() > 0) {
            return;
        }
        if (config.admin().isEmpty()) {
            out.println("No users yet: set SLIPWAY_ADMIN_USER and SLIPWAY_ADMIN_PASSWORD, or run"
                    + " 'slipway admin create-user LOGIN --admin' while the server is stopped.");
            return;
        }
        var admin = config.admin().get();
        if (hashing.isPresent()) {
            db.users().create(admin.login(), "", admin.login(), await(hashing.get()), true);
        } else {
            db.users().create(admin.login(), "", admin.login(), admin.password(), true);
        }
        out.println("Created administrator " + admin.login() + ".");
    }

    private static HashedPassword await(CompletableFuture<HashedPassword> hashing) {
        try {
            return hashing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the administrator", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException("cannot hash the administrator's password", e.getCause());
        }
    }
}
