package dev.slipway.server.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests set by hand, in any zone (the scheduler must not care which). */
final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    MovableClock(String instant, ZoneId zone) {
        this.now = new AtomicReference<>(Instant.parse(instant));
        this.zone = zone;
    }

    void set(String instant) {
        now.set(Instant.parse(instant));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new MovableClock(now.get().toString(), other);
    }
}
