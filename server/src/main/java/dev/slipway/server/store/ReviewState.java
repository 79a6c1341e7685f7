package dev.slipway.server.store;

/** A review's verdict; an approval becomes {@link #DISMISSED} when a new commit makes it stale. */
public enum ReviewState {
    APPROVED,
    CHANGES_REQUESTED,
    COMMENTED,
    DISMISSED
}
