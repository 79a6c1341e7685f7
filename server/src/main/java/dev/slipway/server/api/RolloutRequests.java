package dev.slipway.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.deploy.Workload;
import dev.slipway.server.services.Bundles;
import dev.slipway.server.services.CanarySteps;
import dev.slipway.server.services.ServiceManager;
import dev.slipway.server.services.Specs;
import dev.slipway.server.store.Repo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the body of a rollout request ({@code POST .../services/{name}/rollouts}) into what to roll out. */
final class RolloutRequests {
    private static final int MAX_REPLICAS = 20;
    private static final int MAX_VERSION = 255;
    private final Bundles bundles;

    RolloutRequests(Bundles bundles) {
        this.bundles = bundles;
    }

    /** The rollout a request body asks for; 422 naming the field when it is not valid. */
    ServiceManager.Request parse(JsonNode body, Repo repo) {
        var version = Requests.string(body, "version", MAX_VERSION);
        int replicas = replicas(body, 1);
        var strategy = Requests.optString(body, "strategy").orElse("rolling");
        if (!List.of("rolling", "blue-green", "canary").contains(strategy)) {
            throw ApiError.invalid("'strategy' must be rolling, blue-green or canary, got '" + strategy + "'");
        }
        var steps = Requests.optString(body, "canary_steps", 1000).orElse(CanarySteps.DEFAULT);
        if (strategy.equals("canary") && CanarySteps.parse(steps) instanceof CanarySteps.Parsed.Invalid bad) {
            throw ApiError.invalid("'canary_steps': " + bad.message());
        }
        var path = Requests.optString(body, "readiness_path", 1000).orElse("/health");
        if (!path.startsWith("/")) {
            throw ApiError.invalid("'readiness_path' must start with /, got '" + path + "'");
        }
        var timeout = Requests.optString(body, "readiness_timeout")
                .map(t -> CanarySteps.duration(t)
                        .filter(d -> !d.isZero() && d.compareTo(Duration.ofHours(1)) <= 0)
                        .orElseThrow(() -> ApiError.invalid(
                                "'readiness_timeout' must be a duration up to 1h such as 60s or 2m, got '" + t + "'")))
                .orElse(Duration.ofSeconds(60));
        var settings = new Specs.Settings(strategy, strategy.equals("canary") ? steps : "", path, timeout);
        return new ServiceManager.Request(version, replicas, settings, workload(body, repo), env(body));
    }

    private Workload workload(JsonNode body, Repo repo) {
        var image = Requests.optString(body, "image", 1000);
        var bundle = Requests.optString(body, "bundle", 100);
        if (image.isPresent() == bundle.isPresent()) {
            throw ApiError.invalid("give either 'bundle' (with 'command') for processes or 'image' (with 'port')"
                    + " for a container");
        }
        if (image.isPresent()) {
            var port = body.get("port");
            if (port == null || !port.isInt() || port.asInt() < 1 || port.asInt() > 65535) {
                throw ApiError.invalid("'port' must be the port (1-65535) the container listens on");
            }
            return new Workload.Container(image.get(), port.asInt());
        }
        var dir = bundles.find(repo.id(), bundle.get())
                .orElseThrow(() ->
                        ApiError.invalid("'bundle': no bundle " + bundle.get() + " was uploaded to this repository"));
        var command = Requests.string(body, "command", 4000);
        // exec: the replica's process is the command itself, so that stopping it stops the service
        return new Workload.Process(dir, List.of("/bin/sh", "-c", "exec " + command));
    }

    private static Map<String, String> env(JsonNode body) {
        var node = body.get("env");
        Map<String, String> env = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return env;
        }
        if (!node.isObject()) {
            throw ApiError.invalid("'env' must be an object of names and string values");
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().matches("[A-Za-z_][A-Za-z0-9_]*") || e.getKey().equals("PORT")) {
                throw ApiError.invalid(
                        "'env': '" + e.getKey() + "' is not a variable name one may set (PORT is" + " the replica's)");
            }
            if (!e.getValue().isTextual()) {
                throw ApiError.invalid("'env': the value of " + e.getKey() + " must be a string");
            }
            env.put(e.getKey(), e.getValue().asText());
        }
        return env;
    }

    static int replicas(JsonNode body, int fallback) {
        var node = body.get("replicas");
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isInt() || node.asInt() < 0 || node.asInt() > MAX_REPLICAS) {
            throw ApiError.invalid("'replicas' must be a whole number from 0 to " + MAX_REPLICAS);
        }
        return node.asInt();
    }
}
