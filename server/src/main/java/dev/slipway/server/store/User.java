package dev.slipway.server.store;

import java.time.Instant;

/**
 * A user account. The password hash never leaves {@link Users}.
 *
 * @param login as the user typed it; unique ignoring case
 */
public record User(long id, String login, String email, String displayName, boolean admin, Instant created) {}
