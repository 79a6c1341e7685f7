package dev.slipway.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A job of a workflow run.
 *
 * @param runAttempt the run attempt this job belongs to
 * @param agent the agent holding the lease while {@link JobStatus#IN_PROGRESS}
 * @param leaseUntil when the agent's lease ends unless it heartbeats
 * @param attempt 1, then one more each time the job is requeued after a lost lease or a restart
 * @param outputs the job's outputs as a JSON object
 */
public record Job(
        long id,
        long runId,
        long repoId,
        int runAttempt,
        String key,
        String name,
        JobStatus status,
        Optional<Conclusion> conclusion,
        List<String> runsOn,
        List<String> needs,
        Optional<String> matrix,
        Optional<String> agent,
        Optional<Instant> leaseUntil,
        int attempt,
        Instant created,
        Optional<Instant> started,
        Optional<Instant> completed,
        Optional<String> failureMessage,
        String outputs) {
    public Job {
        runsOn = List.copyOf(runsOn);
        needs = List.copyOf(needs);
    }
}
