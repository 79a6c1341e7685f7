package dev.slipway.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** Waits for runs through the API (a bounded wait, not a timing assertion). */
final class RunWait {
    private RunWait() {}

    /** Polls the runs of {@code fullName} matching {@code query} until the newest has completed. */
    static JsonNode completed(TestServer server, String fullName, String auth, String query) {
        var deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            var runs = server.http
                    .get("/api/v3/repos/" + fullName + "/actions/runs?" + query, auth)
                    .json()
                    .get("workflow_runs");
            if (!runs.isEmpty()) {
                last = runs.get(0);
                if (last.get("status").asText().equals("completed")) {
                    return last;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no completed run for " + query + "; last seen: " + last);
    }
}
