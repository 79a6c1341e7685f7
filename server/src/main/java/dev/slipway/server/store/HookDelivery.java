package dev.slipway.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One delivery of an event to a webhook: recorded before it is sent, completed with the answer.
 *
 * @param statusCode the receiver's HTTP status; empty when none came (not sent yet, or {@code error})
 * @param error why no answer came (connection refused, timeout)
 */
public record HookDelivery(
        long id,
        long hookId,
        String guid,
        String event,
        Optional<String> action,
        String body,
        boolean redelivery,
        Optional<Integer> statusCode,
        Optional<String> error,
        Optional<String> response,
        Optional<Long> durationMillis,
        Instant created,
        Optional<Instant> delivered) {
    /** Whether it was sent and answered with a 2xx status. */
    public boolean succeeded() {
        return statusCode.filter(c -> c >= 200 && c < 300).isPresent();
    }
}
