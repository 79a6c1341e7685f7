package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.git.GitException;
import dev.slipway.git.PushEvent;
import dev.slipway.git.RefUpdate;
import dev.slipway.git.Tag;
import dev.slipway.server.auth.GitAccess;
import dev.slipway.server.store.Release;
import dev.slipway.server.store.ReleaseFields;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.StoreException;
import dev.slipway.server.store.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases of a repository, as GitHub's releases endpoints: a release names a tag, and publishing one whose tag does
 * not exist yet creates the tag at {@code target_commitish}. Drafts are seen and published by writers only. Assets
 * are {@link ReleaseAssetRoutes}'.
 */
final class ReleaseRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseRoutes.class);
    static final String RELEASES = Api.PREFIX + "/repos/{owner}/{repo}/releases";
    private static final int MAX_TAG = 255;
    private static final int MAX_NAME = 1000;
    /** GitHub's limit of release notes. */
    private static final int MAX_BODY = 125_000;

    private final Services s;

    ReleaseRoutes(Services services) {
        this.s = services;
    }

    /** Mounts the routes; the fixed paths ({@code latest}, {@code tags}, {@code assets}) before {@code {id}}. */
    void mount(RoutesConfig routes) {
        routes.get(RELEASES, this::list);
        routes.post(RELEASES, this::create);
        routes.get(RELEASES + "/latest", this::latest);
        routes.get(RELEASES + "/tags/<tag>", this::byTag);
        new ReleaseAssetRoutes(s).mount(routes);
        routes.get(RELEASES + "/{id}", this::one);
        routes.patch(RELEASES + "/{id}", this::edit);
        routes.delete(RELEASES + "/{id}", this::delete);
    }

    /** The release if the caller may see it (a draft: writers only); 404 otherwise, as if it did not exist. */
    static Release visible(Services s, Context ctx, Repo repo, Optional<Release> found) {
        return found.filter(r -> r.repoId() == repo.id())
                .filter(r -> !r.draft() || s.permissions().allows(Requests.user(ctx), repo, Role.WRITE))
                .orElseThrow(ApiError::notFound);
    }

    private void list(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        boolean drafts = s.permissions().allows(Requests.user(ctx), repo, Role.WRITE);
        var links = s.links(ctx);
        ctx.json(s.db().releases().list(repo.id(), drafts, Requests.page(ctx)).stream()
                .map(r -> view(r, repo, links))
                .toList());
    }

    private void latest(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var release = s.db().releases().latest(repo.id()).orElseThrow(ApiError::notFound);
        ctx.json(view(release, repo, s.links(ctx)));
    }

    private void byTag(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var found = s.db().releases().findByTag(repo.id(), ctx.pathParam("tag"));
        ctx.json(view(visible(s, ctx, repo, found), repo, s.links(ctx)));
    }

    private void one(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        ctx.json(view(release(ctx, repo), repo, s.links(ctx)));
    }

    private void create(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var user = Requests.requireUser(ctx);
        var body = Requests.body(ctx);
        var fields = new ReleaseFields(
                tagName(Requests.string(body, "tag_name", MAX_TAG)),
                Requests.optString(body, "target_commitish", MAX_TAG)
                        .filter(t -> !t.isBlank())
                        .orElse(repo.defaultBranch()),
                Requests.optString(body, "name", MAX_NAME),
                Requests.optString(body, "body", MAX_BODY),
                Requests.bool(body, "draft", false),
                Requests.bool(body, "prerelease", false));
        checkTarget(repo, fields);
        var created = unique(
                repo,
                fields.tagName(),
                () -> s.db().releases().create(repo.id(), fields, Requests.storedId(user), Optional.of(user.login())));
        try {
            tag(repo, created, user);
        } catch (RuntimeException e) {
            s.releases().delete(created);
            throw e;
        }
        var view = view(created, repo, s.links(ctx));
        announce(repo, created, view, List.of("created"), user);
        if (!created.draft()) {
            announce(repo, created, view, published(created), user);
        }
        ctx.status(201)
                .header("Location", ReleaseViews.url(created, repo, s.links(ctx)))
                .json(view);
    }

    /** GitHub's "update a release": the fields given replace the release's, {@code "draft": false} publishes it. */
    private void edit(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var old = release(ctx, repo);
        var body = Requests.body(ctx);
        var fields = new ReleaseFields(
                Requests.optString(body, "tag_name", MAX_TAG)
                        .map(ReleaseRoutes::tagName)
                        .orElse(old.tagName()),
                Requests.optString(body, "target_commitish", MAX_TAG)
                        .filter(t -> !t.isBlank())
                        .orElse(old.targetCommitish()),
                given(body, "name") ? Requests.optString(body, "name", MAX_NAME) : old.name(),
                given(body, "body") ? Requests.optString(body, "body", MAX_BODY) : old.body(),
                Requests.bool(body, "draft", old.draft()),
                Requests.bool(body, "prerelease", old.prerelease()));
        checkTarget(repo, fields);
        var updated = unique(
                repo,
                fields.tagName(),
                () -> s.db().releases().update(old.id(), fields).orElseThrow(ApiError::notFound));
        try {
            tag(repo, updated, Requests.requireUser(ctx));
        } catch (RuntimeException e) {
            s.db().releases().update(old.id(), old.fields());
            throw e;
        }
        var view = view(updated, repo, s.links(ctx));
        announce(
                repo,
                updated,
                view,
                old.draft() && !updated.draft() ? published(updated) : List.of("edited"),
                Requests.requireUser(ctx));
        ctx.json(view);
    }

    /** GitHub's activity types when a release is published: {@code published}, then released or prereleased. */
    private static List<String> published(Release r) {
        return List.of("published", r.prerelease() ? "prereleased" : "released");
    }

    /** Tells the runs of each activity, once the release is stored (a failure to start runs fails no request). */
    private void announce(Repo repo, Release release, Map<String, ?> view, List<String> actions, User actor) {
        for (String action : actions) {
            try {
                s.runs().release(repo, action, view, actor);
            } catch (RuntimeException e) {
                LOG.warn(
                        "release {} of {}: cannot start the runs of '{}'",
                        release.tagName(),
                        repo.fullName(),
                        action,
                        e);
            }
        }
    }

    /** Deletes a release and its assets; its tag stays, as on GitHub. */
    private void delete(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        var release = release(ctx, repo);
        var view = view(release, repo, s.links(ctx));
        s.releases().delete(release);
        if (!release.draft()) {
            announce(repo, release, view, List.of("deleted"), Requests.requireUser(ctx));
        }
        ctx.status(204);
    }

    private Release release(Context ctx, Repo repo) {
        return visible(s, ctx, repo, s.db().releases().find(Requests.longPath(ctx, "id")));
    }

    private Map<String, @Nullable Object> view(Release r, Repo repo, Links links) {
        return ReleaseViews.release(r, s.db().releaseAssets().list(r.id()), repo, links);
    }

    /** Stores a release, answering GitHub's {@code already_exists} when another release of the repository has its tag. */
    private Release unique(Repo repo, String tagName, Supplier<Release> store) {
        try {
            return store.get();
        } catch (StoreException e) {
            if (s.db().releases().findByTag(repo.id(), tagName).isPresent()) {
                throw ApiError.alreadyExists(
                        "Release", "tag_name", "the repository has a release of tag '" + tagName + "' already");
            }
            throw e;
        }
    }

    /** A tag that does not exist yet needs a commit to be created at. */
    private void checkTarget(Repo repo, ReleaseFields fields) {
        boolean known = s.withGit(repo, git -> {
            try {
                return git.resolve("refs/tags/" + fields.tagName()).isPresent()
                        || git.resolve(fields.targetCommitish()).isPresent();
            } catch (GitException e) {
                return false;
            }
        });
        if (!known) {
            throw ApiError.invalid("Validation Failed: 'target_commitish' names no branch or commit of "
                    + repo.fullName() + ": '" + fields.targetCommitish() + "' (tag '" + fields.tagName()
                    + "' does not exist, so it is created there)");
        }
    }

    /** Creates a published release's tag at its target when the tag does not exist; a draft's waits. */
    private void tag(Repo repo, Release release, User actor) {
        if (release.draft()) {
            return;
        }
        var created = s.withGit(repo, git -> {
            if (git.resolve("refs/tags/" + release.tagName()).isEmpty()) {
                try {
                    git.createTag(release.tagName(), release.targetCommitish());
                    return Optional.of(git.createdRef("refs/tags/" + release.tagName()));
                } catch (GitException e) {
                    if (e.kind() != GitException.Kind.ALREADY_EXISTS) { // else someone pushed it meanwhile: fine
                        throw e;
                    }
                }
            }
            return Optional.<RefUpdate>empty();
        });
        // the new tag's push, as GitHub sends one: its tag-push workflows run (none for a job's token)
        created.ifPresent(update -> {
            var who = GitAccess.principal(actor);
            try {
                s.runs().pushed(new PushEvent(repo.ownerLogin(), repo.name(), who, List.of(update)));
            } catch (RuntimeException e) {
                LOG.warn(
                        "release {} of {}: cannot start the runs of its tag's push",
                        release.tagName(),
                        repo.fullName(),
                        e);
            }
        });
    }

    private static String tagName(String name) {
        if (!Tag.validName(name)) {
            throw ApiError.invalid("'tag_name' is not a name git allows for a tag: '" + name + "'");
        }
        return name;
    }

    private static boolean given(JsonNode body, String field) {
        return body.has(field);
    }
}
