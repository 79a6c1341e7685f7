package dev.slipway.agent;

import dev.slipway.protocol.AgentChannel;
import dev.slipway.run.JobDirs;
import dev.slipway.run.Platforms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes jobs from a server and runs them, up to {@code capacity} at once: the loop asks the channel for a job whose
 * labels it has (a long poll), runs it on a virtual thread, and asks again while it has a free slot.
 *
 * <p>{@link #run} blocks until {@link #stop} (or, with {@code once}, until its one job ended). Thread-safe.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final AgentChannel channel;
    private final Platforms platforms;
    private final JobSetup setup;
    private final JobDirs jobDirs;
    private final Options options;
    private final Semaphore slots;
    private final Consumer<String> notices;
    private final Set<LeasedJob> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile Thread loop;

    /**
     * How an agent takes jobs.
     *
     * @param labels the labels it answers to (a job needs all of its {@code runs-on} labels here)
     * @param capacity how many jobs it runs at once
     * @param once take one job, then stop (ephemeral agents)
     * @param poll how long one ask for a job waits on the server
     */
    public record Options(Set<String> labels, int capacity, boolean once, Duration poll) {
        public Options {
            labels = Set.copyOf(labels);
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
            }
        }
    }

    /**
     * @param platforms the executors of this machine by label
     * @param workDir where job workspaces are made ({@code jobs/<n>}: emptied after each job and reused by the next,
     *     removed when the agent stops)
     */
    public Agent(AgentChannel channel, Platforms platforms, JobSetup setup, Path workDir, Options options) {
        this(channel, platforms, setup, workDir, options, LOG::info);
    }

    /** As above; {@code notices} hears of jobs taken and ended and of trouble reaching the server, for people. */
    public Agent(
            AgentChannel channel,
            Platforms platforms,
            JobSetup setup,
            Path workDir,
            Options options,
            Consumer<String> notices) {
        this.notices = notices;
        this.channel = channel;
        this.platforms = platforms;
        this.setup = setup;
        this.jobDirs = JobDirs.recycling(workDir.resolve("jobs"));
        this.options = options;
        this.slots = new Semaphore(options.capacity());
    }

    /** Takes and runs jobs until {@link #stop}; returns when the jobs it took have ended. */
    public void run() {
        loop = Thread.currentThread();
        long backoff = 100;
        try {
            while (!stopping) {
                slots.acquire();
                boolean handedOver = false;
                try {
                    var next = channel.next(options.labels(), options.poll());
                    backoff = 100;
                    if (next.isPresent()) {
                        var job = new LeasedJob(channel, platforms, setup, jobDirs, next.get());
                        notices.accept("took job " + next.get().jobId() + " ("
                                + next.get().repository() + " " + next.get().jobKey() + ")");
                        running.add(job);
                        handedOver = true;
                        Thread.ofVirtual()
                                .name("agent-job-" + next.get().jobId())
                                .start(() -> {
                                    try {
                                        job.run();
                                    } finally {
                                        running.remove(job);
                                        slots.release();
                                    }
                                });
                        if (options.once()) {
                            stopping = true;
                        }
                    }
                } catch (AgentChannel.ChannelException | AgentChannel.LeaseLostException e) {
                    if (stopping) {
                        break;
                    }
                    notices.accept("cannot take a job, trying again in " + backoff + " ms: " + e.getMessage());
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
                } finally {
                    if (!handedOver) {
                        slots.release();
                    }
                }
            }
        } catch (InterruptedException e) {
            if (!stopping) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (awaitJobs(Duration.ofDays(1))) {
            jobDirs.removeFree();
        }
    }

    /** Stops taking jobs; the running ones go on. {@link #run} returns when they ended. */
    public void stop() {
        stopping = true;
        var t = loop;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Stops taking jobs and cancels the running ones. */
    public void cancelAll() {
        stop();
        running.forEach(LeasedJob::cancel);
    }

    /** Waits until no job runs here, up to {@code limit}; true if none does. */
    public boolean awaitJobs(Duration limit) {
        try {
            if (slots.tryAcquire(options.capacity(), limit.toMillis(), TimeUnit.MILLISECONDS)) {
                slots.release(options.capacity());
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How many jobs run here now. */
    public int runningJobs() {
        return running.size();
    }
}
