package dev.slipway.server.schedule;

import dev.slipway.git.HostedRepo;
import dev.slipway.git.RepoInfo;
import dev.slipway.git.Repositories;
import dev.slipway.workflow.Trigger;
import dev.slipway.workflow.WorkflowParser;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires {@code schedule} triggers with GitHub's semantics: crons are read in UTC from the workflows at the head of
 * each repository's default branch, and each fires at most once per minute. One virtual thread wakes at every minute
 * boundary of the injected {@link Clock} and {@link #tick ticks}; minutes it misses (a stopped server, a long pause)
 * are not made up, as GitHub drops delayed scheduled runs too.
 *
 * <p>Workflows are parsed again only when a default branch moves, so a repository without workflows costs one ref
 * lookup per minute. A file that does not parse, or a failing {@link ScheduleSink}, affects only its own crons.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final Repositories git;
    private final ScheduleSink sink;
    private final Clock clock;
    private final Map<String, Head> heads = new HashMap<>();
    private Optional<Instant> lastMinute = Optional.empty();
    private @Nullable MinuteTicks ticks;

    public Scheduler(Repositories git, ScheduleSink sink, Clock clock) {
        this.git = git;
        this.sink = sink;
        this.clock = clock;
    }

    /** Starts the ticking thread; call once. */
    public synchronized void start() {
        if (ticks != null) {
            throw new IllegalStateException("the scheduler was started already");
        }
        ticks = MinuteTicks.start("slipway-scheduler", clock, now -> tick());
    }

    /** Stops the ticking thread and waits for a tick in progress to end. */
    public void stop() {
        MinuteTicks current;
        synchronized (this) {
            current = ticks;
        }
        if (current != null) {
            current.stop();
        }
    }

    /**
     * Sends the crons due in the clock's current minute to the sink, unless that minute was ticked already.
     *
     * @return what was due, in repository order
     */
    synchronized List<Due> tick() {
        var minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        if (lastMinute.filter(last -> !minute.isAfter(last)).isPresent()) {
            return List.of();
        }
        lastMinute = Optional.of(minute);
        var at = minute.atZone(ZoneOffset.UTC);
        var due = new ArrayList<Due>();
        var seen = new HashSet<String>();
        for (RepoInfo info : git.list()) {
            var key = info.repo().toString();
            seen.add(key);
            var head = head(key, info);
            for (Schedule s : head.map(Head::schedules).orElse(List.of())) {
                if (s.firesAt(at)) {
                    var d = new Due(
                            info.repo().owner(),
                            info.repo().name(),
                            s.workflowPath(),
                            head.get().sha(),
                            s.cron());
                    fire(d);
                    due.add(d);
                }
            }
        }
        heads.keySet().retainAll(seen);
        return due;
    }

    private void fire(Due d) {
        try {
            sink.due(d.owner(), d.name(), d.workflowPath(), d.sha(), d.cron());
        } catch (RuntimeException e) {
            LOG.error("cannot start the schedule run of {} in {}/{}", d.workflowPath(), d.owner(), d.name(), e);
        }
    }

    /** The default branch's head with its schedules, parsed again only when the head moved. */
    private Optional<Head> head(String key, RepoInfo info) {
        try (HostedRepo repo = git.open(info.repo().owner(), info.repo().name()).orElseThrow()) {
            var sha = repo.resolve("refs/heads/" + info.defaultBranch());
            if (sha.isEmpty()) {
                heads.remove(key);
                return Optional.empty();
            }
            var cached = heads.get(key);
            if (cached != null && cached.sha().equals(sha.get())) {
                return Optional.of(cached);
            }
            var head = new Head(sha.get(), read(repo, sha.get()));
            heads.put(key, head);
            return Optional.of(head);
        } catch (RuntimeException e) {
            LOG.warn("cannot read the workflows of {}", key, e);
            heads.remove(key);
            return Optional.empty();
        }
    }

    private static List<Schedule> read(HostedRepo repo, String sha) {
        var out = new ArrayList<Schedule>();
        for (var file : repo.listWorkflowFiles(sha)) {
            var parsed = WorkflowParser.parse(file.path(), file.content());
            if (parsed.hasErrors() || parsed.value().isEmpty()) {
                continue; // a push reports the errors; a schedule has no one to tell
            }
            var trigger = Optional.ofNullable(parsed.value().get().on().get("schedule"));
            trigger.map(Trigger::crons).orElse(List.of()).stream()
                    .map(Trigger.Cron::expression)
                    .distinct()
                    .forEach(cron -> Schedule.of(file.path(), cron).ifPresent(out::add));
        }
        return List.copyOf(out);
    }

    /** A cron that was due: its repository, workflow file, the commit it was read at, and the expression. */
    record Due(String owner, String name, String workflowPath, String sha, String cron) {}

    private record Head(String sha, List<Schedule> schedules) {}
}
