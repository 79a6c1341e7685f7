package dev.slipway.server.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual thread that wakes at every minute boundary of a {@link Clock} and hands the time to a tick: what the cron
 * scheduler and the environments' scale schedules both run on. A tick that throws is logged and the next minute ticks
 * again; minutes missed (a long pause) are not made up.
 */
public final class MinuteTicks {
    private static final Logger LOG = LoggerFactory.getLogger(MinuteTicks.class);

    private final Thread thread;

    private MinuteTicks(Thread thread) {
        this.thread = thread;
    }

    /** Starts the thread {@code name}, which calls {@code tick} with the clock's time after each minute boundary. */
    public static MinuteTicks start(String name, Clock clock, Consumer<Instant> tick) {
        return new MinuteTicks(Thread.ofVirtual().name(name).start(() -> loop(name, clock, tick)));
    }

    private static void loop(String name, Clock clock, Consumer<Instant> tick) {
        while (!Thread.currentThread().isInterrupted()) {
            var now = clock.instant();
            var next = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            try {
                Thread.sleep(Duration.between(now, next));
            } catch (InterruptedException e) {
                return;
            }
            try {
                tick.accept(clock.instant());
            } catch (RuntimeException e) {
                LOG.error("{}: tick failed", name, e);
            }
        }
    }

    /** Stops the thread and waits for a tick in progress to end. */
    public void stop() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread and waits for a tick in progress to end, at most {@code atMost}. */
    public void stop(Duration atMost) {
        thread.interrupt();
        try {
            thread.join(atMost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
