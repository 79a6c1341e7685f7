package dev.slipway.server.web;

import dev.slipway.server.auth.Authenticator;
import dev.slipway.server.auth.Caller;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.User;
import io.javalin.http.Context;
import java.util.Optional;

/** The repository of a page's path, if the visitor may see it. */
final class Access {
    private final Database db;
    private final Permissions permissions;
    private final Visitors visitors;
    private final Authenticator authenticator;

    /** @param authenticator checks the {@code Authorization} header of downloads by API clients */
    Access(Database db, Permissions permissions, Visitors visitors, Authenticator authenticator) {
        this.db = db;
        this.permissions = permissions;
        this.visitors = visitors;
        this.authenticator = authenticator;
    }

    record Seen(Visitors.Visitor visitor, Repo repo) {}

    Visitors.Visitor visitor(Context ctx) {
        return visitors.visitor(ctx);
    }

    /** The repository of {@code /{owner}/{repo}}; {@link NotFound} when missing or hidden from the visitor. */
    Seen repo(Context ctx) {
        var visitor = visitors.visitor(ctx);
        var repo =
                db.repos().find(ctx.pathParam("owner"), ctx.pathParam("repo")).orElseThrow(NotFound::new);
        if (permissions.role(visitor.user(), repo).isEmpty()) {
            throw new NotFound();
        }
        return new Seen(visitor, repo);
    }

    /**
     * Who downloads a file (a raw file, a source archive, a release asset): the {@code Authorization} header's user when
     * one is sent (a token needs the {@code repo} scope to reach a private repository, as in the API), else the
     * signed-in visitor.
     */
    Optional<User> downloader(Context ctx) {
        var header = Optional.ofNullable(ctx.header("Authorization")).filter(h -> !h.isBlank());
        if (header.isEmpty()) {
            return visitors.visitor(ctx).user();
        }
        var caller = authenticator.authenticate(header);
        if (caller instanceof Caller.Rejected) {
            throw new Forbidden("Bad credentials in the Authorization header.");
        }
        if (caller instanceof Caller.Authenticated a && a.scopes().has("repo")) {
            return Optional.of(a.user());
        }
        return Optional.empty();
    }

    /** The repository of {@code /{owner}/{repo}} for a download by {@code who}; {@link NotFound} when hidden. */
    Repo downloadable(Context ctx, Optional<User> who) {
        return db.repos()
                .find(ctx.pathParam("owner"), ctx.pathParam("repo"))
                .filter(r -> permissions.role(who, r).isPresent())
                .orElseThrow(NotFound::new);
    }

    /** The visitor's role in the repository they see. */
    Optional<Role> role(Seen seen) {
        return permissions.role(seen.visitor().user(), seen.repo());
    }

    /** Whether the visitor may change the repository (cancel, re-run, dispatch). */
    boolean canWrite(Seen seen) {
        return seen.visitor().user().isPresent()
                && permissions.allows(seen.visitor().user(), seen.repo(), Role.WRITE);
    }

    /** For a form that changes the repository: {@link Forbidden} without write access or the form's CSRF token. */
    void requireWrite(Context ctx, Seen seen) {
        if (!Visitors.csrfMatches(ctx, seen.visitor())) {
            throw new Forbidden("Your form expired; reload the page and try again.");
        }
        if (!canWrite(seen)) {
            throw new Forbidden("You need write access to " + seen.repo().fullName() + " to do this.");
        }
    }

    static Model.Chrome chrome(String title, Visitors.Visitor visitor) {
        return new Model.Chrome(title, visitor.user().map(u -> u.login()), visitor.csrf());
    }

    static long number(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw new NotFound();
        }
    }
}
