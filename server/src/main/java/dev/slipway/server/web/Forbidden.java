package dev.slipway.server.web;

/** A page action the visitor may not take; the message says why (shown on the error page). */
final class Forbidden extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Forbidden(String message) {
        super(message, null, false, false);
    }
}
