package dev.slipway.runtime;

/**
 * Whether a job's steps can ask for an OpenID Connect token describing the run ({@code permissions: id-token: write}),
 * as GitHub's runner lets them through {@code ACTIONS_ID_TOKEN_REQUEST_URL} and {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}
 * ({@code core.getIDToken()}). The runtime knows no HTTP: whoever runs the job says where to ask, or that nobody
 * issues tokens.
 */
public sealed interface IdTokens {
    /**
     * Nobody issues tokens ({@code slipway run}): a job whose permissions ask for them gets no variables and is told
     * once, in its log, that they need the server.
     */
    IdTokens NO_ISSUER = new NoIssuer();

    /** The issuer gives this job none: its token's permissions leave {@code id-token} below {@code write}. */
    IdTokens NOT_GRANTED = new NotGranted();

    /** See {@link #NO_ISSUER}. */
    record NoIssuer() implements IdTokens {}

    /** See {@link #NOT_GRANTED}. */
    record NotGranted() implements IdTokens {}

    /**
     * The job may ask for tokens.
     *
     * @param url {@code ACTIONS_ID_TOKEN_REQUEST_URL}: it has a query already, since callers append {@code
     *     &audience=...}
     * @param token {@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}, masked in the job's log
     */
    record Granted(String url, String token) implements IdTokens {
        /** Never shows the token. */
        @Override
        public String toString() {
            return "Granted[" + url + "]";
        }
    }

    /** The variables every step of the job gets: both of {@link Granted}, else none. */
    default java.util.Map<String, String> variables() {
        return this instanceof Granted(String url, String token)
                ? java.util.Map.of("ACTIONS_ID_TOKEN_REQUEST_URL", url, "ACTIONS_ID_TOKEN_REQUEST_TOKEN", token)
                : java.util.Map.of();
    }
}
