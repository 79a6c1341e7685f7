package dev.slipway.git;

/**
 * An authenticated user as the server's {@link AccessControl} describes it: {@code login} identifies the user,
 * {@code name} and {@code email} are recorded in reflogs and push events.
 *
 * @param credential what the principal proved itself with, as the access control notes it for its own later checks
 *     (a token's id, say); opaque to git hosting, empty for a password
 */
public record Principal(String login, String name, String email, String credential) {
    /** A principal who signed in with a password. */
    public Principal(String login, String name, String email) {
        this(login, name, email, "");
    }

    /** A principal whose display name is its login and who has no e-mail address. */
    public static Principal of(String login) {
        return new Principal(login, login, "");
    }
}
