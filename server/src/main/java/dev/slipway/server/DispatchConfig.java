package dev.slipway.server;

import dev.slipway.server.agents.AgentHub;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How jobs reach agents.
 *
 * @param hub the lease length and the per-repository limit of jobs running at once
 * @param embeddedAgent whether the server runs jobs itself (with the executors it was started with)
 */
public record DispatchConfig(AgentHub.Settings hub, boolean embeddedAgent) {

    /** A 30-second lease, 20 jobs per repository, the embedded agent on. */
    public static DispatchConfig defaults() {
        return new DispatchConfig(AgentHub.Settings.DEFAULTS, true);
    }

    /**
     * The defaults overridden by {@code SLIPWAY_AGENT_LEASE_SECONDS}, {@code SLIPWAY_REPO_JOB_LIMIT} and {@code
     * SLIPWAY_EMBEDDED_AGENT} ({@code true}/{@code false}).
     *
     * @throws IllegalArgumentException naming the variable that holds a bad value
     */
    public static DispatchConfig fromEnv(Map<String, String> env) {
        var d = defaults();
        var lease = d.hub().lease();
        var limit = d.hub().repoLimit();
        var embedded = d.embeddedAgent();
        var leaseText = value(env, "SLIPWAY_AGENT_LEASE_SECONDS");
        if (leaseText.isPresent()) {
            lease = Duration.ofSeconds(number(leaseText.get(), "SLIPWAY_AGENT_LEASE_SECONDS", 1));
        }
        var limitText = value(env, "SLIPWAY_REPO_JOB_LIMIT");
        if (limitText.isPresent()) {
            limit = (int) number(limitText.get(), "SLIPWAY_REPO_JOB_LIMIT", 1);
        }
        var embeddedText = value(env, "SLIPWAY_EMBEDDED_AGENT");
        if (embeddedText.isPresent()) {
            embedded = switch (embeddedText.get()) {
                case "true" -> true;
                case "false" -> false;
                default ->
                    throw new IllegalArgumentException(
                            "SLIPWAY_EMBEDDED_AGENT must be true or false, not '" + embeddedText.get() + "'");
            };
        }
        return new DispatchConfig(new AgentHub.Settings(lease, limit), embedded);
    }

    private static long number(String text, String name, long min) {
        try {
            long n = Long.parseLong(text.strip());
            if (n >= min && n <= Integer.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                name + " must be a whole number of at least " + min + ", not '" + text + "'");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
