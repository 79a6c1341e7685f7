package dev.slipway.server.store;

/** What a member may do in a repository; each role includes the ones before it. */
public enum Role {
    READ,
    WRITE,
    ADMIN;

    /** Whether this role is enough for what {@code needed} allows. */
    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }
}
