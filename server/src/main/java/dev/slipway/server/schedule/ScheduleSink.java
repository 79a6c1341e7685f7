package dev.slipway.server.schedule;

/** Where the scheduler sends due crons: the server creates a {@code schedule} run for each. */
@FunctionalInterface
public interface ScheduleSink {
    /**
     * A cron of a workflow is due.
     *
     * @param workflowPath such as {@code .github/workflows/nightly.yml}
     * @param sha the head of the default branch the workflow was read at
     * @param cron the expression as the workflow writes it
     */
    void due(String owner, String name, String workflowPath, String sha, String cron);
}
