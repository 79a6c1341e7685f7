package dev.slipway.executor.docker;

import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A started step: an exec in the job container, or (for a Docker action) a container of its own.
 *
 * @see Steps
 */
final class DockerStep implements StepHandle {
    private final StepSpec spec;
    private final String containerId;
    private final Optional<String> execId;
    private final FrameOutput output;
    /** Completed with the exit code once known; for an exec, by {@link Steps#await}. */
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private final AtomicBoolean destroyed = new AtomicBoolean();
    private volatile boolean killed;

    DockerStep(StepSpec spec, String containerId, Optional<String> execId, FrameOutput output) {
        this.spec = spec;
        this.containerId = containerId;
        this.execId = execId;
        this.output = output;
    }

    @Override
    public StepSpec spec() {
        return spec;
    }

    /** The job container (exec) or the step's own container (action). */
    String containerId() {
        return containerId;
    }

    /** Present for a step exec'd in the job container. */
    Optional<String> execId() {
        return execId;
    }

    boolean isAction() {
        return execId.isEmpty();
    }

    FrameOutput output() {
        return output;
    }

    CompletableFuture<Integer> exit() {
        return exit;
    }

    /** Marks the step destroyed; true for the first call only. */
    boolean markDestroyed() {
        return destroyed.compareAndSet(false, true);
    }

    void killed() {
        killed = true;
    }

    StepExit result(int code) {
        return new StepExit(code, false, killed);
    }
}
