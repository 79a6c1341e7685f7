package dev.slipway.server.web;

import dev.slipway.server.services.ServiceManager;
import dev.slipway.server.services.ServiceView;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.DeployedService;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.Repo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The services part of the environments page: each service with its rollout history, and the Promote, Abort,
 * Rollback and Scale forms, which need write access as the API's routes do.
 */
final class ServicePages {
    private static final String SERVICE = "/{owner}/{repo}/environments/{env}/services/{service}";
    private static final int HISTORY = 5;
    private final Database db;
    private final ServiceManager manager;
    private final Access access;

    ServicePages(Database db, ServiceManager manager, Access access) {
        this.db = db;
        this.manager = manager;
        this.access = access;
    }

    void mount(RoutesConfig routes) {
        routes.post(SERVICE + "/promote", ctx -> act(ctx, Action.PROMOTE));
        routes.post(SERVICE + "/abort", ctx -> act(ctx, Action.ABORT));
        routes.post(SERVICE + "/rollback", ctx -> act(ctx, Action.ROLLBACK));
        routes.post(SERVICE + "/scale", ctx -> act(ctx, Action.SCALE));
    }

    private enum Action {
        PROMOTE,
        ABORT,
        ROLLBACK,
        SCALE
    }

    /** The services of {@code env} as the page shows them. */
    List<EnvironmentModel.ServiceRow> rows(Access.Seen seen, Environment env, Instant now) {
        var repo = seen.repo();
        boolean canChange = access.canWrite(seen);
        return db.services().list(env.id()).stream()
                .map(s -> row(repo, env, s, canChange, now))
                .toList();
    }

    private EnvironmentModel.ServiceRow row(
            Repo repo, Environment env, DeployedService s, boolean canChange, Instant now) {
        ServiceView v = manager.view(repo, env, s);
        var rollouts = db.rollouts().list(s.id(), HISTORY).stream()
                .map(r -> new EnvironmentModel.RolloutRow(
                        r.id(),
                        r.revision(),
                        db.services()
                                .release(s.id(), r.revision())
                                .map(x -> x.version())
                                .orElse(""),
                        r.strategy(),
                        r.phase(),
                        Times.ago(r.created(), now),
                        db.rollouts().events(r.id(), 0).stream()
                                .map(e -> e.message())
                                .toList()))
                .toList();
        return new EnvironmentModel.ServiceRow(
                v.name(),
                v.url(),
                v.stable().map(ServiceView.Version::toString).orElse(""),
                v.canary().map(ServiceView.Version::toString).orElse(""),
                v.weight(),
                v.ready(),
                v.desired(),
                v.replicas(),
                v.phase(),
                v.message(),
                v.paused(),
                v.running(),
                canChange,
                "/" + repo.fullName() + "/environments/" + encode(env.name()) + "/services/" + v.name(),
                rollouts);
    }

    private void act(Context ctx, Action action) {
        var seen = access.repo(ctx);
        access.requireWrite(ctx, seen);
        var repo = seen.repo();
        var env = db.environments().find(repo.id(), ctx.pathParam("env")).orElseThrow(NotFound::new);
        var service = db.services().find(env.id(), ctx.pathParam("service")).orElseThrow(NotFound::new);
        var login = seen.visitor().user().orElseThrow().login();
        switch (action) {
            case PROMOTE -> {
                if (!manager.promote(repo, env, service)) {
                    throw new Forbidden("No rollout of " + service.name() + " waits for promotion now.");
                }
            }
            case ABORT -> {
                if (!manager.abort(repo, env, service)) {
                    throw new Forbidden("No rollout of " + service.name() + " is running now.");
                }
            }
            case ROLLBACK -> {
                if (manager.rollback(repo, env, service, ServiceManager.Requester.user(login))
                        .isEmpty()) {
                    throw new Forbidden(service.name() + " has no earlier successful release to roll back to.");
                }
            }
            case SCALE -> manager.scale(repo, env, service, replicas(ctx));
        }
        ctx.redirect(
                "/" + repo.fullName() + "/environments#service-" + env.name() + "-" + service.name(),
                HttpStatus.SEE_OTHER);
    }

    private static int replicas(Context ctx) {
        var text = Optional.ofNullable(ctx.formParam("replicas")).orElse("").strip();
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= 20) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new Forbidden("Replicas must be a whole number from 0 to 20, not '" + text + "'.");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
