package dev.slipway.server.api;

import dev.slipway.server.environments.Dora;
import dev.slipway.server.environments.DoraReports;
import dev.slipway.server.store.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The DORA metrics of an environment ({@code GET .../environments/{name}/dora?days=30}), a Slipway addition beside
 * GitHub's environments API: deployment frequency, lead time for changes, change failure rate and time to restore,
 * from the environment's recorded deployments and the commits each brought.
 */
final class DoraRoutes {
    private static final int MAX_DAYS = 365;
    private final Services s;
    private final EnvironmentRoutes environments;

    DoraRoutes(Services services, EnvironmentRoutes environments) {
        this.s = services;
        this.environments = environments;
    }

    void mount(RoutesConfig routes) {
        routes.get(EnvironmentRoutes.ENVIRONMENTS + "/{name}/dora", this::dora);
    }

    private void dora(Context ctx) {
        var repo = Requests.repo(ctx, s.db(), s.permissions(), Role.READ);
        var environment = environments.environment(ctx, repo);
        int days = days(ctx.queryParam("days"));
        var report = s.withGit(repo, git -> DoraReports.of(s.db(), git, repo, environment.name(), days, Instant.now()));
        ctx.json(view(environment.name(), days, report));
    }

    private static int days(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return 30;
        }
        try {
            int days = Integer.parseInt(text.strip());
            if (days >= 1 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiError.invalid("'days' must be a whole number from 1 to " + MAX_DAYS + ", not '" + text + "'");
    }

    static Map<String, @Nullable Object> view(String environment, int days, Dora.Report r) {
        var m = Views.obj();
        m.put("environment", environment);
        m.put("days", days);
        m.put("since", Views.time(r.since()));
        m.put("until", Views.time(r.until()));
        m.put("deployment_frequency", Map.of("deployments", r.deployments(), "per_week", round(r.perWeek())));
        var lead = Views.obj();
        lead.put("commits", r.leadTimeCommits());
        lead.put("median_seconds", seconds(r.leadTimeMedian()));
        lead.put("p90_seconds", seconds(r.leadTimeP90()));
        m.put("lead_time_for_changes", lead);
        var failure = Views.obj();
        failure.put("failed", r.failed());
        failure.put("finished", r.failed() + r.deployments());
        failure.put("rate", r.changeFailureRate().map(DoraRoutes::round).orElse(null));
        m.put("change_failure_rate", failure);
        var restore = Views.obj();
        restore.put("restored", r.restored());
        restore.put("median_seconds", seconds(r.timeToRestoreMedian()));
        m.put("time_to_restore", restore);
        return m;
    }

    private static @Nullable Long seconds(Optional<Duration> d) {
        return d.map(Duration::toSeconds).orElse(null);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
