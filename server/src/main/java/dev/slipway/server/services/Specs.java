package dev.slipway.server.services;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.deploy.Readiness;
import dev.slipway.deploy.ServiceSpec;
import dev.slipway.deploy.Strategy;
import dev.slipway.deploy.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a service's spec, a release's workload and its environment variables are stored: JSON text. */
public final class Specs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READINESS_PERIOD = Duration.ofMillis(500);
    private static final Duration BLUE_GREEN_SCALE_DOWN = Duration.ofSeconds(5);

    private Specs() {}

    /**
     * A service's rollout settings.
     *
     * @param strategy {@code rolling}, {@code blue-green} or {@code canary}
     * @param canarySteps the canary's steps in {@link CanarySteps}' form (empty for other strategies)
     */
    public record Settings(String strategy, String canarySteps, String readinessPath, Duration readinessTimeout) {
        public Strategy toStrategy() {
            return switch (strategy) {
                case "blue-green" -> new Strategy.BlueGreen(true, BLUE_GREEN_SCALE_DOWN);
                case "canary" ->
                    switch (CanarySteps.parse(canarySteps)) {
                        case CanarySteps.Parsed.Steps s -> new Strategy.Canary(s.steps());
                        case CanarySteps.Parsed.Invalid i -> throw new IllegalStateException(i.message());
                    };
                default -> new Strategy.Rolling(1, 0);
            };
        }

        public ServiceSpec spec(String id, int port, int replicas) {
            return new ServiceSpec(
                    id, port, replicas, new Readiness(readinessPath, READINESS_PERIOD, readinessTimeout), toStrategy());
        }
    }

    public static String write(Settings s) {
        var map = new LinkedHashMap<String, Object>();
        map.put("strategy", s.strategy());
        map.put("canary_steps", s.canarySteps());
        map.put("readiness_path", s.readinessPath());
        map.put("readiness_timeout_ms", s.readinessTimeout().toMillis());
        return json(map);
    }

    public static Settings settings(String json) {
        var node = read(json);
        return new Settings(
                node.path("strategy").asText("rolling"),
                node.path("canary_steps").asText(""),
                node.path("readiness_path").asText("/"),
                Duration.ofMillis(node.path("readiness_timeout_ms").asLong(60_000)));
    }

    public static String write(Workload w) {
        var map = new LinkedHashMap<String, Object>();
        switch (w) {
            case Workload.Process p -> {
                map.put("type", "process");
                map.put("directory", p.directory().toString());
                map.put("command", p.command());
            }
            case Workload.Container c -> {
                map.put("type", "container");
                map.put("image", c.image());
                map.put("port", c.port());
            }
        }
        return json(map);
    }

    public static Workload workload(String json) {
        var node = read(json);
        if (node.path("type").asText().equals("container")) {
            return new Workload.Container(
                    node.path("image").asText(), node.path("port").asInt());
        }
        List<String> command = JSON.convertValue(node.path("command"), new TypeReference<List<String>>() {});
        return new Workload.Process(Path.of(node.path("directory").asText()), command);
    }

    public static String writeEnv(Map<String, String> env) {
        return json(env);
    }

    public static Map<String, String> env(String json) {
        return JSON.convertValue(read(json), new TypeReference<Map<String, String>>() {});
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse: " + json, e);
        }
    }
}
