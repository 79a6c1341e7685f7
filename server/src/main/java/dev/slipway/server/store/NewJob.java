package dev.slipway.server.store;

import java.util.List;
import java.util.Optional;

/**
 * A job of a run's current attempt, as the planner made it; it starts {@link JobStatus#WAITING}.
 *
 * @param key the job's id in the workflow, with the matrix values for matrix jobs ({@code build (21)})
 * @param runsOn the labels an agent needs, matched ignoring case
 * @param needs keys of the jobs this one waits for
 * @param matrix this job's matrix values as JSON
 */
public record NewJob(
        long runId, String key, String name, List<String> runsOn, List<String> needs, Optional<String> matrix) {
    public NewJob {
        runsOn = List.copyOf(runsOn);
        needs = List.copyOf(needs);
    }
}
