package dev.slipway.git;

/** Refuses the update of {@code ref} (a full ref name) at receive time; git shows {@code message} to the pusher. */
public record Rejection(String ref, String message) {
    /** Refuses {@code ref} with {@code message}. */
    public static Rejection of(String ref, String message) {
        return new Rejection(ref, message);
    }
}
