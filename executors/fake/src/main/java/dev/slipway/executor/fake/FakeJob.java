package dev.slipway.executor.fake;

import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import java.util.ArrayList;
import java.util.List;

/** A prepared fake job and the steps started in it. */
final class FakeJob implements JobHandle {
    private final JobSpec spec;
    private final List<FakeStep> steps = new ArrayList<>();
    private boolean destroyed;

    FakeJob(JobSpec spec) {
        this.spec = spec;
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    synchronized boolean add(FakeStep step) {
        if (destroyed) {
            return false;
        }
        steps.add(step);
        return true;
    }

    synchronized List<FakeStep> destroy() {
        destroyed = true;
        return List.copyOf(steps);
    }
}
