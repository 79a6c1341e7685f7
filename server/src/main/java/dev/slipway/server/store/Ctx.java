package dev.slipway.server.store;

import dev.slipway.server.store.DatabaseTarget.Dialect;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Jdbi;

/** What every repository class needs: JDBI, the clock and the dialect. */
record Ctx(Jdbi jdbi, Clock clock, Dialect dialect) {
    /** Now, cut to milliseconds so that it survives a round trip through either database unchanged. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
