package dev.slipway.runtime;

import dev.slipway.workflow.TokenPermissions;

/**
 * Tells a job that asks for OpenID Connect tokens where nobody issues them ({@code slipway run}) why it has none: one
 * warning in the log of its first step, where {@code core.getIDToken()} would otherwise fail with GitHub's bare
 * "Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable".
 */
final class IdTokenNotice {
    static final String MESSAGE = "This job's permissions give id-token: write, but OpenID Connect tokens are issued"
            + " by the Slipway server only: without it the job has no ACTIONS_ID_TOKEN_REQUEST_URL and"
            + " ACTIONS_ID_TOKEN_REQUEST_TOKEN, and core.getIDToken() fails. Push the workflow to a Slipway server to"
            + " get tokens.";

    private IdTokenNotice() {}

    /** {@code listener}, saying {@link #MESSAGE} when the first step starts if the job asks in vain; else itself. */
    static JobListener around(JobListener listener, JobRequest request, IdTokens tokens) {
        if (!(tokens instanceof IdTokens.NoIssuer)
                || !TokenPermissions.of(request.job(), request.workflow()).canWrite("id-token")) {
            return listener;
        }
        return new JobListener() {
            private boolean told;

            @Override
            public void stepStarted(StepRef step) {
                listener.stepStarted(step);
                if (!told) {
                    told = true;
                    listener.log(step, LogLine.of(LogLine.Kind.WARNING, MESSAGE));
                }
            }

            @Override
            public void log(StepRef step, LogLine line) {
                listener.log(step, line);
            }

            @Override
            public void stepFinished(StepRef step, StepResult result) {
                listener.stepFinished(step, result);
            }
        };
    }
}
