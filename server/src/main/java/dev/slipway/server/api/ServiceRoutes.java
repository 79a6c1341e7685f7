package dev.slipway.server.api;

import dev.slipway.server.auth.Caller;
import dev.slipway.server.services.Bundles;
import dev.slipway.server.services.ServiceManager;
import dev.slipway.server.store.DeployedService;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import dev.slipway.server.store.Rollout;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The services of an environment and their rollouts (ADR 0017), under {@code .../environments/{env}/services}.
 * Reading needs read access; rolling out, promoting, aborting, rolling back, scaling and removing need write access,
 * as creating a deployment does on GitHub. A job's token may change the services of its own job's environment only,
 * with {@code deployments: write}.
 */
final class ServiceRoutes {
    static final String SERVICES = EnvironmentRoutes.ENVIRONMENTS + "/{name}/services";
    private static final String SERVICE = SERVICES + "/{service}";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int HISTORY = 20;

    private final Services s;
    private final ServiceManager manager;
    private final Bundles bundles;

    ServiceRoutes(Services services, ServiceManager manager, Bundles bundles) {
        this.s = services;
        this.manager = manager;
        this.bundles = bundles;
    }

    void mount(RoutesConfig routes) {
        routes.get(SERVICES, this::list);
        routes.get(SERVICE, this::get);
        routes.delete(SERVICE, this::delete);
        routes.put(SERVICE + "/bundle", this::upload);
        routes.post(SERVICE + "/rollouts", this::rollout);
        routes.get(SERVICE + "/rollouts", this::rollouts);
        routes.get(SERVICE + "/rollouts/{id}", this::oneRollout);
        routes.post(SERVICE + "/rollouts/{id}/promote", ctx -> control(ctx, true));
        routes.post(SERVICE + "/rollouts/{id}/abort", ctx -> control(ctx, false));
        routes.post(SERVICE + "/rollback", this::rollback);
        routes.put(SERVICE + "/replicas", this::replicas);
    }

    private void list(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var env = environment(ctx, repo);
        var all = s.db().services().list(env.id()).stream()
                .map(svc -> ServiceViews.service(manager.view(repo, env, svc)))
                .toList();
        ctx.json(Map.of("total_count", all.size(), "services", all));
    }

    private void get(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var env = environment(ctx, repo);
        ctx.json(ServiceViews.service(manager.view(repo, env, service(ctx, env))));
    }

    private void delete(Context ctx) {
        var repo = writable(ctx);
        var env = environment(ctx, repo);
        manager.remove(repo, env, service(ctx, env));
        ctx.status(204);
    }

    /** The body is a tar.gz of the release's directory; answers {@code {"bundle": id}} for the rollout to name. */
    private void upload(Context ctx) {
        var repo = writable(ctx);
        var env = environment(ctx, repo);
        name(ctx);
        try {
            var id = bundles.unpack(repo.id(), ctx.bodyInputStream());
            if (wantsText(ctx)) {
                ctx.status(201).contentType("text/plain; charset=utf-8").result("bundle " + id + "\n");
            } else {
                ctx.status(201).json(Map.of("bundle", id, "environment", env.name()));
            }
        } catch (Bundles.Refused e) {
            throw ApiError.invalid("'bundle': " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack a bundle for " + repo.fullName(), e);
        }
    }

    private void rollout(Context ctx) {
        var repo = writable(ctx);
        var env = environment(ctx, repo);
        var name = name(ctx);
        var request = new RolloutRequests(bundles).parse(Requests.body(ctx), repo);
        var rollout = manager.rollout(repo, env, name, request, requester(ctx));
        answer(ctx.status(201), repo, env, rollout, List.of());
    }

    private void rollouts(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var svc = service(ctx, environment(ctx, repo));
        ctx.json(s.db().rollouts().list(svc.id(), HISTORY).stream()
                .map(r -> ServiceViews.rollout(r, s.db(), s.db().rollouts().events(r.id(), 0)))
                .toList());
    }

    /** One rollout with its events after event {@code ?after=} (all without), for following it. */
    private void oneRollout(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var env = environment(ctx, repo);
        var rollout = rollout(ctx, service(ctx, env));
        long after = Optional.ofNullable(ctx.queryParam("after"))
                .map(a -> parseLong("after", a))
                .orElse(0L);
        answer(ctx, repo, env, rollout, s.db().rollouts().events(rollout.id(), after));
    }

    private void control(Context ctx, boolean promote) {
        var repo = writable(ctx);
        var env = environment(ctx, repo);
        var svc = service(ctx, env);
        var rollout = rollout(ctx, svc);
        var latest = s.db().rollouts().list(svc.id(), 1).stream().findFirst();
        if (rollout.done() || latest.isEmpty() || latest.get().id() != rollout.id()) {
            throw ApiError.conflict("rollout " + rollout.id() + " is not running (it is " + rollout.phase() + ")");
        }
        boolean done = promote ? manager.promote(repo, env, svc) : manager.abort(repo, env, svc);
        if (!done) {
            throw ApiError.conflict(
                    promote
                            ? "rollout " + rollout.id() + " does not wait for promotion now"
                            : "rollout " + rollout.id() + " is not running");
        }
        ctx.status(202)
                .json(ServiceViews.rollout(s.db().rollouts().find(rollout.id()).orElseThrow(), s.db(), List.of()));
    }

    private void rollback(Context ctx) {
        var repo = writable(ctx);
        var env = environment(ctx, repo);
        var svc = service(ctx, env);
        var rollout = manager.rollback(repo, env, svc, requester(ctx))
                .orElseThrow(() -> ApiError.conflict(
                        "service " + svc.name() + " has no earlier successful release to roll back to"));
        answer(ctx.status(201), repo, env, rollout, List.of());
    }

    private void replicas(Context ctx) {
        var repo = writable(ctx);
        var env = environment(ctx, repo);
        var svc = service(ctx, env);
        var body = Requests.body(ctx);
        if (!body.has("replicas")) {
            throw ApiError.invalid("'replicas' is required");
        }
        manager.scale(repo, env, svc, RolloutRequests.replicas(body, 1));
        ctx.json(ServiceViews.service(
                manager.view(repo, env, s.db().services().find(svc.id()).orElseThrow())));
    }

    /**
     * The rollout as JSON, or with {@code Accept: text/plain} as lines {@code key value} and {@code event id phase
     * weight message}, which {@code slipway/rollout} reads with bash alone.
     */
    private void answer(Context ctx, Repo repo, Environment env, Rollout rollout, List<Rollout.Event> events) {
        if (!wantsText(ctx)) {
            ctx.json(ServiceViews.rollout(rollout, s.db(), events));
            return;
        }
        var svc = s.db().services().find(rollout.serviceId()).orElseThrow(ApiError::notFound);
        var text = new StringBuilder();
        text.append("rollout ").append(rollout.id()).append('\n');
        text.append("revision ").append(rollout.revision()).append('\n');
        text.append("phase ").append(rollout.phase()).append('\n');
        text.append("weight ").append(rollout.weight()).append('\n');
        text.append("url ").append(manager.view(repo, env, svc).url()).append('\n');
        text.append("message ").append(oneLine(rollout.message())).append('\n');
        for (var e : events) {
            text.append("event ")
                    .append(e.id())
                    .append(' ')
                    .append(e.phase())
                    .append(' ')
                    .append(e.weight());
            text.append(' ').append(oneLine(e.message())).append('\n');
        }
        ctx.contentType("text/plain; charset=utf-8").result(text.toString());
    }

    private static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    private static boolean wantsText(Context ctx) {
        return Optional.ofNullable(ctx.header("Accept")).orElse("").startsWith("text/plain");
    }

    /**
     * The repository, if the caller may change its services: write access; a job's token only in its own job's
     * environment (the one its deployment is to).
     */
    private Repo writable(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.WRITE);
        if (ctx.attribute(Requests.CALLER) instanceof Caller.Job job) {
            var own = s.db().deployments().forJob(job.job().jobId()).map(d -> d.environment());
            var asked = ctx.pathParam("name");
            if (own.isEmpty() || !own.get().equalsIgnoreCase(asked)) {
                throw ApiError.forbidden("A job's GITHUB_TOKEN may change the services of its own job's environment"
                        + own.map(e -> " (" + e + ")").orElse(" (this job has none: give it 'environment:')")
                        + " only, not of " + asked);
            }
        }
        return repo;
    }

    private ServiceManager.Requester requester(Context ctx) {
        if (ctx.attribute(Requests.CALLER) instanceof Caller.Job job) {
            var j = job.job();
            var deployment = s.db().deployments().forJob(j.jobId()).map(d -> d.id());
            return new ServiceManager.Requester(
                    Optional.of(j.runId()), Optional.of(j.jobId()), deployment, Caller.JOB_ACTOR.login());
        }
        return ServiceManager.Requester.user(Requests.requireUser(ctx).login());
    }

    private static String name(Context ctx) {
        var name = ctx.pathParam("service");
        if (!NAME.matcher(name).matches()) {
            throw ApiError.invalid("'service': '" + name + "' is not a service name: 1 to 63 lower-case letters,"
                    + " digits and dashes, starting and ending with a letter or digit");
        }
        return name;
    }

    private Environment environment(Context ctx, Repo repo) {
        return s.db().environments().find(repo.id(), ctx.pathParam("name")).orElseThrow(ApiError::notFound);
    }

    private DeployedService service(Context ctx, Environment env) {
        return s.db().services().find(env.id(), ctx.pathParam("service")).orElseThrow(ApiError::notFound);
    }

    private Rollout rollout(Context ctx, DeployedService svc) {
        return s.db().rollouts()
                .find(Requests.longPath(ctx, "id"))
                .filter(r -> r.serviceId() == svc.id())
                .orElseThrow(ApiError::notFound);
    }

    private static long parseLong(String field, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiError.invalid("'" + field + "' must be a number, not '" + value + "'");
        }
    }
}
