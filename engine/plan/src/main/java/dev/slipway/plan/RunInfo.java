package dev.slipway.plan;

/**
 * Facts about a run that the event does not carry, chosen by the caller (the planner reads no clock or counter).
 *
 * @param runId unique id of the run
 * @param runNumber per-workflow counter, starting at 1
 * @param attempt 1 for the first attempt, incremented by re-runs
 * @param serverUrl the server's base URL without trailing slash, e.g. {@code https://slipway.example.com}
 * @param workspace the job's working directory path as the job sees it
 * @param retentionDays days artifacts and logs are kept
 * @param refProtected whether a branch protection rule covers the run's branch ({@code github.ref_protected})
 */
public record RunInfo(
        long runId,
        long runNumber,
        int attempt,
        String serverUrl,
        String workspace,
        int retentionDays,
        boolean refProtected) {

    public RunInfo {
        serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    }

    /** A run whose ref no protection rule covers (always so with {@code slipway run}: it has no rules). */
    public RunInfo(long runId, long runNumber, int attempt, String serverUrl, String workspace, int retentionDays) {
        this(runId, runNumber, attempt, serverUrl, workspace, retentionDays, false);
    }
}
