package dev.slipway.server;

import dev.slipway.server.store.Database;
import java.io.PrintStream;

/** First start: creates the configured administrator when there are no users yet, or says how to make one. */
final class Bootstrap {
    private Bootstrap() {}

    static void firstAdmin(Database db, ServerConfig config, PrintStream out) {
        if (db.users().count() > 0) {
            return;
        }
        if (config.admin().isEmpty()) {
            out.println("No users yet: set SLIPWAY_ADMIN_USER and SLIPWAY_ADMIN_PASSWORD, or run"
                    + " 'slipway admin create-user LOGIN --admin' while the server is stopped.");
            return;
        }
        var admin = config.admin().get();
        db.users().create(admin.login(), "", admin.login(), admin.password(), true);
        out.println("Created administrator " + admin.login() + ".");
    }
}
