package dev.slipway.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A repository webhook.
 *
 * @param contentType {@code json} (the body is the payload) or {@code form} ({@code payload=<json>})
 * @param secret the sealed secret ({@link SecretBox}); empty: deliveries are not signed
 * @param events the event names it receives; {@code *} for all
 */
public record Hook(
        long id,
        long repoId,
        String url,
        String contentType,
        Optional<String> secret,
        List<String> events,
        boolean active,
        Instant created,
        Instant updated) {
    public Hook {
        events = List.copyOf(events);
    }

    /** Whether it is active and subscribes to {@code event} ({@code ping} always). */
    public boolean wants(String event) {
        return active && (event.equals("ping") || events.contains("*") || events.contains(event));
    }
}
