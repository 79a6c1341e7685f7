package dev.slipway.git;

import java.util.List;

/** A successful push to {@code owner/name} by {@code pusher}: the refs that changed, in the order git sent them. */
public record PushEvent(String owner, String name, Principal pusher, List<RefUpdate> updates) {
    /** Copies the list. */
    public PushEvent {
        updates = List.copyOf(updates);
    }

    /** The repository's name. */
    public RepoName repo() {
        return RepoName.of(owner, name);
    }
}
