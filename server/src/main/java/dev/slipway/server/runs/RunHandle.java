package dev.slipway.server.runs;

import dev.slipway.runtime.Cancellation;
import java.util.Optional;

/** A run executing here: its cancellation signal and, once cancelled, why ("cancelled by alice", "server stopped"). */
final class RunHandle {
    private final Cancellation cancellation = new Cancellation();
    private volatile Optional<String> reason = Optional.empty();

    Cancellation cancellation() {
        return cancellation;
    }

    Optional<String> reason() {
        return reason;
    }

    /**
     * Cancels the run; the first reason given sticks. Gracefully as GitHub does (a running step whose {@code if} still
     * holds, such as {@code always()}, goes on), or by {@code force}, which also stops those; a second cancel of a
     * run forces it (the web UI's Cancel button, pressed again).
     */
    void cancel(String why, boolean force) {
        synchronized (this) {
            if (reason.isEmpty()) {
                reason = Optional.of(why);
            }
        }
        if (force || cancellation.isCancelled()) {
            cancellation.cancel();
        } else {
            cancellation.cancelGracefully();
        }
    }
}
