package dev.slipway.server.store;

/**
 * A session just made, with the id for the cookie, which cannot be read back later.
 *
 * @param id the cookie value: 256 random bits, URL-safe base64
 */
public record NewSession(Session session, String id) {
    @Override
    public String toString() {
        return "NewSession[session=" + session + ", id=***]";
    }
}
