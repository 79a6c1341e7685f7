package dev.slipway.git;

/**
 * An authenticated user as the server's {@link AccessControl} describes it: {@code login} identifies the user,
 * {@code name} and {@code email} are recorded in reflogs and push events.
 */
public record Principal(String login, String name, String email) {
    /** A principal whose display name is its login and who has no e-mail address. */
    public static Principal of(String login) {
        return new Principal(login, login, "");
    }
}
