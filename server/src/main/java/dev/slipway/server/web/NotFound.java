package dev.slipway.server.web;

/** A page that does not exist, or that the visitor may not see (answered alike, so private names do not leak). */
final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound() {
        this("");
    }

    /** With what the page says, such as the ref that names no commit. */
    NotFound(String message) {
        super(message, null, false, false);
    }
}
