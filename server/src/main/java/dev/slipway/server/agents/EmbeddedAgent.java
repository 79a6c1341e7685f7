package dev.slipway.server.agents;

import dev.slipway.agent.Agent;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.RuntimeOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The agent inside the server process: the same {@link Agent} as {@code slipway agent}, talking to the hub through an
 * in-process channel, running jobs with the executors the server was started with.
 */
public final class EmbeddedAgent {
    /** The name jobs run by the embedded agent show. */
    public static final String NAME = "embedded";

    private static final Duration POLL = Duration.ofSeconds(30);
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);
    private final Agent agent;
    private @Nullable Thread thread;

    /**
     * @param repositories the root of the server's bare repositories
     * @param workDir where job workspaces go
     * @param capacity how many jobs it runs at once
     */
    public EmbeddedAgent(
            AgentHub hub, Platforms platforms, RuntimeOptions runtime, Path repositories, Path workDir, int capacity) {
        this.agent = new Agent(
                hub.channel(NAME),
                platforms,
                new EmbeddedSetup(
                        runtime,
                        repositories,
                        workDir.resolveSibling("checkout-mirrors"),
                        // not the action sources' cache (<data>/actions): a source's URL location takes a commit
                        // id's tree from its cache unasked, which must not serve one of a private repository
                        workDir.resolveSibling("hosted-actions")),
                workDir,
                new Agent.Options(platforms.labels(), capacity, false, POLL));
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofVirtual().name("slipway-embedded-agent").start(agent::run);
        }
    }

    /** Stops taking jobs, waits up to {@code grace} for running ones, then cancels them (and waits a little). */
    public void stop(Duration grace) {
        agent.stop();
        if (!agent.awaitJobs(grace)) {
            agent.cancelAll();
            agent.awaitJobs(CANCEL_GRACE);
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(CANCEL_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
