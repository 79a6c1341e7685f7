package dev.slipway.server.store;

/**
 * A token just made, with its secret: show the secret once, it cannot be read again.
 *
 * @param secret {@code slw_} followed by 43 URL-safe base64 characters (256 random bits)
 */
public record NewToken(Token token, String secret) {
    @Override
    public String toString() {
        return "NewToken[token=" + token + ", secret=***]";
    }
}
