package dev.slipway.server.services;

import dev.slipway.deploy.ScaleWindow;
import dev.slipway.server.schedule.MinuteTicks;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.ScaleSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scales the services of environments with a scale schedule to 0 at its "down" times and back to their replicas at
 * its "up" times ({@link ScaleWindow}, in the schedule's time zone). The state is stored with each service, and at
 * start it is decided afresh from {@link ScaleWindow#down(Instant)}, so a server stopped over a change catches up.
 * Between changes it leaves services alone: replicas set by hand during a scale-down stay until the next change.
 */
public final class ScaleSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleSchedules.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");
    private final Database db;
    private final ServiceManager manager;
    private final Clock clock;
    /** Whether each environment was down at the last tick. */
    private final Map<Long, Boolean> last = new ConcurrentHashMap<>();

    private @Nullable MinuteTicks ticks;

    public ScaleSchedules(Database db, ServiceManager manager, Clock clock) {
        this.db = db;
        this.manager = manager;
        this.clock = clock;
    }

    /** The window of a stored schedule (stored ones always parse: the API checks them). */
    public static ScaleWindow window(ScaleSchedule s) {
        return ScaleWindow.parse(s.down(), s.up(), ZoneId.of(s.zone()));
    }

    /**
     * Before the services are restored: marks each scheduled environment's services scaled down or not as its window
     * says now, so that they are restored with 0 replicas or theirs.
     */
    public void prepare() {
        var now = clock.instant();
        for (var schedule : db.rollouts().schedules()) {
            boolean down = window(schedule).down(now);
            last.put(schedule.environmentId(), down);
            for (var service : db.services().list(schedule.environmentId())) {
                if (service.scaledDown() != down) {
                    db.services().replicas(service.id(), service.replicas(), down);
                }
            }
        }
    }

    /** Starts the thread that looks at every schedule at each minute boundary. */
    public synchronized void start() {
        if (ticks == null) {
            ticks = MinuteTicks.start("slipway-scale-schedules", clock, this::tick);
        }
    }

    public void stop() {
        MinuteTicks current;
        synchronized (this) {
            current = ticks;
            ticks = null;
        }
        if (current != null) {
            current.stop(Duration.ofSeconds(10));
        }
    }

    /** Applies every schedule whose state changed since the last tick. */
    void tick(Instant now) {
        for (var schedule : db.rollouts().schedules()) {
            try {
                boolean down = window(schedule).down(now);
                var before = last.put(schedule.environmentId(), down);
                if (before == null || before != down) {
                    apply(schedule.environmentId(), down);
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot apply the scale schedule of environment {}", schedule.environmentId(), e);
            }
        }
    }

    /** The schedule was set: its environment's services follow it now. */
    public void changed(Environment env) {
        var schedule = db.rollouts().schedule(env.id());
        if (schedule.isEmpty()) {
            last.remove(env.id());
            apply(env.id(), false); // no schedule: nothing holds the services down
            return;
        }
        boolean down = window(schedule.get()).down(clock.instant());
        last.put(env.id(), down);
        apply(env.id(), down);
    }

    private void apply(long environmentId, boolean down) {
        var env = db.environments().find(environmentId);
        if (env.isEmpty()) {
            return;
        }
        var repo = db.repos().find(env.get().repoId()).orElseThrow();
        for (var service : db.services().list(environmentId)) {
            if (service.scaledDown() != down) {
                LOG.info(
                        "scale schedule: {} {}/{}",
                        down ? "scaling down" : "scaling up",
                        env.get().name(),
                        service.name());
                manager.scheduled(repo, env.get(), service, down);
            }
        }
    }

    /** Whether the environment's schedule holds it down now, and when that changes next; empty without one. */
    public Optional<State> state(Environment env) {
        return db.rollouts().schedule(env.id()).map(s -> {
            var window = window(s);
            var now = clock.instant();
            return new State(s, window.down(now), window.nextChange(now));
        });
    }

    /** A schedule now: whether it holds its environment down, and its next change. */
    public record State(ScaleSchedule schedule, boolean down, Optional<Instant> nextChange) {
        /** In one line for the environments page. */
        public String describe() {
            var zone = ZoneId.of(schedule.zone());
            return "Scale schedule: down at \"" + schedule.down() + "\", up at \"" + schedule.up() + "\" ("
                    + schedule.zone() + ") · now " + (down ? "scaled down" : "up")
                    + nextChange
                            .map(t -> " · next change " + WHEN.format(t.atZone(zone)))
                            .orElse("");
        }
    }
}
