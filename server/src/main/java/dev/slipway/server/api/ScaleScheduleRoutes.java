package dev.slipway.server.api;

import dev.slipway.deploy.ScaleWindow;
import dev.slipway.server.services.ScaleSchedules;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An environment's scale schedule ({@code GET/PUT/DELETE .../environments/{env}/scale-schedule}): {@code down} and
 * {@code up} crons (five fields) in {@code time_zone}. Reading needs read access, changing it admin, as changing an
 * environment's other settings does.
 */
final class ScaleScheduleRoutes {
    private static final String SCHEDULE = EnvironmentRoutes.ENVIRONMENTS + "/{name}/scale-schedule";
    private static final int MAX_CRON = 100;

    private final Services s;
    private final ScaleSchedules schedules;

    ScaleScheduleRoutes(Services services, ScaleSchedules schedules) {
        this.s = services;
        this.schedules = schedules;
    }

    void mount(RoutesConfig routes) {
        routes.get(SCHEDULE, this::get);
        routes.put(SCHEDULE, this::put);
        routes.delete(SCHEDULE, this::delete);
    }

    private void get(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var env = environment(ctx, repo.id());
        ctx.json(view(schedules.state(env).orElseThrow(ApiError::notFound)));
    }

    private void put(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var env = environment(ctx, repo.id());
        var body = Requests.body(ctx);
        var down = Requests.string(body, "down", MAX_CRON);
        var up = Requests.string(body, "up", MAX_CRON);
        var zoneName = Requests.optString(body, "time_zone", 64).orElse("UTC");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw ApiError.invalid("'time_zone': '" + zoneName + "' is not a time zone (such as Europe/Berlin or UTC)");
        }
        try {
            ScaleWindow.parse(down, up, zone);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
        s.db().rollouts().putSchedule(env.id(), down.strip(), up.strip(), zone.getId());
        schedules.changed(env);
        ctx.json(view(schedules.state(env).orElseThrow()));
    }

    private void delete(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.ADMIN);
        var env = environment(ctx, repo.id());
        if (!s.db().rollouts().deleteSchedule(env.id())) {
            throw ApiError.notFound();
        }
        schedules.changed(env);
        ctx.status(204);
    }

    private static Map<String, @Nullable Object> view(ScaleSchedules.State state) {
        var m = Views.obj();
        m.put("down", state.schedule().down());
        m.put("up", state.schedule().up());
        m.put("time_zone", state.schedule().zone());
        m.put("scaled_down", state.down());
        m.put("next_change", state.nextChange().map(Views::time).orElse(null));
        m.put("updated_at", Views.time(state.schedule().updated()));
        return m;
    }

    private Environment environment(Context ctx, long repoId) {
        return s.db().environments().find(repoId, ctx.pathParam("name")).orElseThrow(ApiError::notFound);
    }
}
