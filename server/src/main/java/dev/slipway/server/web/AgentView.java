package dev.slipway.server.web;

import java.util.List;

/** A remote agent as the agents page shows it. */
public record AgentView(
        long id,
        String name,
        String labels,
        int capacity,
        String version,
        String lastSeen,
        boolean disabled,
        List<String> jobs) {
    public AgentView {
        jobs = List.copyOf(jobs);
    }
}
