package dev.slipway.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A registered remote agent.
 *
 * @param name unique, case-insensitively; the jobs it runs show it as their agent
 * @param labels the labels it takes jobs for
 * @param capacity how many jobs it runs at once
 * @param version the Slipway version it reported
 * @param disabled a disabled agent gets no jobs
 * @param lastSeen when it last asked for a job or reported on one
 */
public record AgentRow(
        long id,
        String name,
        List<String> labels,
        int capacity,
        String version,
        boolean disabled,
        Instant created,
        Optional<Instant> lastSeen) {
    public AgentRow {
        labels = List.copyOf(labels);
    }
}
