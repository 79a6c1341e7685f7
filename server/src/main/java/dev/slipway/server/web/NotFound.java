package dev.slipway.server.web;

/** A page that does not exist, or that the visitor may not see (answered alike, so private names do not leak). */
final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound() {
        super("not found", null, false, false);
    }
}
