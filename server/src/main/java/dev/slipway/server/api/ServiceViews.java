package dev.slipway.server.api;

import dev.slipway.server.services.ServiceView;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Rollout;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON shapes of services, rollouts and their events. */
final class ServiceViews {
    private ServiceViews() {}

    static Map<String, @Nullable Object> service(ServiceView v) {
        var m = Views.obj();
        m.put("id", v.id());
        m.put("name", v.name());
        m.put("environment", v.environment());
        m.put("url", v.url().isEmpty() ? null : v.url());
        m.put("strategy", v.strategy());
        m.put("stable", v.stable().map(ServiceViews::version).orElse(null));
        m.put("canary", v.canary().map(ServiceViews::version).orElse(null));
        m.put("canary_weight", v.weight());
        m.put("replicas", v.replicas());
        m.put("desired_replicas", v.desired());
        m.put("ready_replicas", v.ready());
        m.put("scaled_down", v.scaledDown());
        m.put("phase", v.phase());
        m.put("message", v.message());
        m.put("latest_rollout_id", v.latestRollout().orElse(null));
        return m;
    }

    private static Map<String, Object> version(ServiceView.Version v) {
        return Map.of("revision", v.revision(), "version", v.version());
    }

    static Map<String, @Nullable Object> rollout(Rollout r, Database db, List<Rollout.Event> events) {
        var m = Views.obj();
        m.put("id", r.id());
        m.put("revision", r.revision());
        m.put(
                "version",
                db.services()
                        .release(r.serviceId(), r.revision())
                        .map(x -> x.version())
                        .orElse(""));
        m.put("strategy", r.strategy());
        m.put("phase", r.phase());
        m.put("weight", r.weight());
        m.put("message", r.message());
        m.put("creator", r.creator());
        m.put("run_id", r.runId().orElse(null));
        m.put("job_id", r.jobId().orElse(null));
        m.put("deployment_id", r.deploymentId().orElse(null));
        m.put("created_at", Views.time(r.created()));
        m.put("updated_at", Views.time(r.updated()));
        m.put("completed_at", r.completed().map(Views::time).orElse(null));
        m.put(
                "events",
                events.stream()
                        .map(e -> Map.of(
                                "id", e.id(),
                                "phase", e.phase(),
                                "weight", e.weight(),
                                "message", e.message(),
                                "created_at", Views.time(e.at())))
                        .toList());
        return m;
    }
}
