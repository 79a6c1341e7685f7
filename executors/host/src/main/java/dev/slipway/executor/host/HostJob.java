package dev.slipway.executor.host;

import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import java.util.ArrayList;
import java.util.List;

/** A prepared job on this machine: the steps it started, so {@code destroyJob} can end what they left running. */
final class HostJob implements JobHandle {
    private final JobSpec spec;
    private final List<HostStep> steps = new ArrayList<>();
    private boolean destroyed;

    HostJob(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    /** Registers a step; false when the job was destroyed meanwhile (the caller then kills the step). */
    synchronized boolean add(HostStep step) {
        if (destroyed) {
            return false;
        }
        steps.add(step);
        return true;
    }

    synchronized boolean isDestroyed() {
        return destroyed;
    }

    /** Marks the job destroyed and returns its steps; empty when it was destroyed before. */
    synchronized List<HostStep> markDestroyed() {
        if (destroyed) {
            return List.of();
        }
        destroyed = true;
        List<HostStep> all = new ArrayList<>(steps);
        steps.clear();
        return all;
    }
}
