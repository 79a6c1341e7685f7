package dev.slipway.server.api;

import dev.slipway.git.Repositories;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.pulls.PullMerger;
import dev.slipway.server.pulls.Pulls;
import dev.slipway.server.store.Database;
import io.javalin.http.Context;
import java.util.Optional;

/** What the route classes share. */
record Services(
        Database db,
        Repositories git,
        Permissions permissions,
        RunControl runs,
        Optional<String> publicUrl,
        Pulls pulls,
        PullMerger merger) {
    Links links(Context ctx) {
        return Links.of(ctx, publicUrl);
    }
}
