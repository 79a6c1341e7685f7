package dev.slipway.deploy;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When an environment is scaled down: a {@code down} and an {@code up} schedule (Unix cron, five fields) read in a time
 * zone. At any instant the later of the two last firings wins; when both fire in the same minute, up wins (an
 * environment left running is the smaller harm). Immutable; pure but for the time given to it.
 */
public final class ScaleWindow {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** How many down firings {@link #nextChange} skips looking for one that is not also an up firing. */
    private static final int MAX_TIES = 1000;

    private final String down;
    private final String up;
    private final ExecutionTime downTimes;
    private final ExecutionTime upTimes;
    private final ZoneId zone;

    private ScaleWindow(String down, String up, ExecutionTime downTimes, ExecutionTime upTimes, ZoneId zone) {
        this.down = down;
        this.up = up;
        this.downTimes = downTimes;
        this.upTimes = upTimes;
        this.zone = zone;
    }

    /**
     * Parses both schedules.
     *
     * @throws IllegalArgumentException naming the schedule ({@code down} or {@code up}) that does not parse, and why
     */
    public static ScaleWindow parse(String down, String up, ZoneId zone) {
        return new ScaleWindow(down, up, times("down", down), times("up", up), zone);
    }

    private static ExecutionTime times(String field, String cron) {
        try {
            return ExecutionTime.forCron(PARSER.parse(cron.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the \"" + field + "\" schedule \"" + cron + "\" is not a cron expression of five fields"
                            + " (minute hour day-of-month month day-of-week): " + e.getMessage(),
                    e);
        }
    }

    public String down() {
        return down;
    }

    public String up() {
        return up;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether at {@code at} the environment should be scaled down. */
    public boolean down(Instant at) {
        ZonedDateTime t = at.atZone(zone);
        Optional<ZonedDateTime> lastDown = last(downTimes, t);
        Optional<ZonedDateTime> lastUp = last(upTimes, t);
        return lastDown.isPresent() && (lastUp.isEmpty() || lastDown.get().isAfter(lastUp.get()));
    }

    /** The first instant after {@code after} at which {@link #down} changes; empty when it never does. */
    public Optional<Instant> nextChange(Instant after) {
        ZonedDateTime t = after.atZone(zone);
        if (down(after)) {
            return upTimes.nextExecution(t).map(ZonedDateTime::toInstant);
        }
        for (int i = 0; i < MAX_TIES; i++) {
            Optional<ZonedDateTime> next = downTimes.nextExecution(t);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            if (!upTimes.isMatch(next.get())) {
                return Optional.of(next.get().toInstant());
            }
            t = next.get(); // down and up fire together: up wins, nothing changes
        }
        return Optional.empty();
    }

    // The firing at or before t: cron-utils' lastExecution is strictly before, and a schedule firing this very minute
    // has fired.
    private static Optional<ZonedDateTime> last(ExecutionTime times, ZonedDateTime t) {
        ZonedDateTime minute = t.truncatedTo(ChronoUnit.MINUTES);
        if (times.isMatch(minute)) {
            return Optional.of(minute);
        }
        return times.lastExecution(t);
    }

    @Override
    public String toString() {
        return "down \"" + down + "\", up \"" + up + "\" in " + zone;
    }
}
