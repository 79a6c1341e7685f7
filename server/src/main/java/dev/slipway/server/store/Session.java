package dev.slipway.server.store;

import java.time.Instant;

/**
 * A browser session. The cookie holds a random id; the database only its SHA-256 ({@code idHash}).
 *
 * @param csrfToken to echo in forms and unsafe requests of this session
 */
public record Session(String idHash, long userId, String csrfToken, Instant created, Instant expires) {}
