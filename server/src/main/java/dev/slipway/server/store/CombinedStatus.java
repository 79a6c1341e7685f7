package dev.slipway.server.store;

import java.util.List;

/**
 * GitHub's combined status of a commit: {@code failure} if any latest status is failure or error,
 * else {@code pending} if any is pending or there are none, else {@code success}.
 *
 * @param statuses the newest status of each context, by context
 */
public record CombinedStatus(StatusState state, List<CommitStatus> statuses) {
    public CombinedStatus {
        statuses = List.copyOf(statuses);
    }

    static CombinedStatus of(List<CommitStatus> latest) {
        var states = latest.stream().map(CommitStatus::state).toList();
        StatusState state;
        if (states.contains(StatusState.FAILURE) || states.contains(StatusState.ERROR)) {
            state = StatusState.FAILURE;
        } else if (states.isEmpty() || states.contains(StatusState.PENDING)) {
            state = StatusState.PENDING;
        } else {
            state = StatusState.SUCCESS;
        }
        return new CombinedStatus(state, latest);
    }
}
