package dev.slipway.protocol;

import java.util.List;
import java.util.Map;

/**
 * A job leased to an agent: everything it needs to rebuild the job (it parses the workflow itself) and to call back.
 *
 * @param jobId the job's id on the server
 * @param attempt which attempt of the job this lease is (a requeued job gets the next)
 * @param token the job token: authenticates the agent's calls for this job and is the job's {@code GITHUB_TOKEN}; valid
 *     while the lease lasts
 * @param jobKey unique within the run, e.g. {@code test (18)}
 * @param displayName the job's rendered name
 * @param workflowPath the workflow file the job is in
 * @param workflowText that file's text at the run's commit
 * @param workflowJobId the job's id in that file
 * @param contexts the JSON object of the contexts {@code github}, {@code needs}, {@code inputs}, {@code vars}, {@code
 *     matrix}, {@code strategy}
 * @param secrets the job's secrets (only the leasing agent ever sees them)
 * @param labels the job's rendered {@code runs-on} labels
 * @param repository {@code owner/name}
 * @param cloneUrl where the agent fetches the repository from (with the job token)
 * @param serverUrl the server's base URL
 * @param cacheMode the job's {@code cache-mode} as the run's planning settled it (a called workflow's job limited by
 *     its caller's), which the agent applies in place of what the workflow text alone says; empty: the text's (an
 *     older server)
 * @param idTokenRequestToken what the job's steps ask the server for OpenID Connect tokens with ({@code
 *     ACTIONS_ID_TOKEN_REQUEST_TOKEN}; the agent makes the URL from its own server URL): valid while the lease lasts,
 *     for that alone; empty when the job's permissions do not give {@code id-token: write} (or an older server)
 */
public record Assignment(
        long jobId,
        int attempt,
        String token,
        String jobKey,
        String displayName,
        String workflowPath,
        String workflowText,
        String workflowJobId,
        String contexts,
        Map<String, String> secrets,
        List<String> labels,
        String repository,
        String cloneUrl,
        String serverUrl,
        String cacheMode,
        String idTokenRequestToken) {
    public Assignment {
        secrets = Map.copyOf(secrets);
        labels = List.copyOf(labels);
        cacheMode = cacheMode == null ? "" : cacheMode;
        idTokenRequestToken = idTokenRequestToken == null ? "" : idTokenRequestToken;
    }

    /**
     * This assignment under a lease's attempt and tokens ({@code idTokenRequest} empty when the job may not ask for
     * OpenID Connect tokens).
     */
    public Assignment leased(int leaseAttempt, String leaseToken, String idTokenRequest) {
        return new Assignment(
                jobId,
                leaseAttempt,
                leaseToken,
                jobKey,
                displayName,
                workflowPath,
                workflowText,
                workflowJobId,
                contexts,
                secrets,
                labels,
                repository,
                cloneUrl,
                serverUrl,
                cacheMode,
                idTokenRequest);
    }

    /** Never shows the token or secrets. */
    @Override
    public String toString() {
        return "Assignment[job " + jobId + " attempt " + attempt + " " + repository + " " + jobKey + "]";
    }
}
