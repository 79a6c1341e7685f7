package dev.slipway.server.api;

import dev.slipway.git.HostedRepo;
import dev.slipway.git.Repositories;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.pulls.PullMerger;
import dev.slipway.server.pulls.Pulls;
import dev.slipway.server.releases.ReleaseFiles;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.Function;

/** What the route classes share. */
record Services(
        Database db,
        Repositories git,
        Permissions permissions,
        RunControl runs,
        Optional<String> publicUrl,
        Pulls pulls,
        PullMerger merger,
        ReleaseFiles releases) {
    Links links(Context ctx) {
        return Links.of(ctx, publicUrl);
    }

    /** Runs {@code action} on the repository's git; 404 when it has none. */
    <T> T withGit(Repo repo, Function<HostedRepo, T> action) {
        try (var git = git().open(repo.ownerLogin(), repo.name()).orElseThrow(ApiError::notFound)) {
            return action.apply(git);
        }
    }
}
