package dev.slipway.executor.fake;

import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A prepared fake job and the steps started in it. */
final class FakeJob implements JobHandle {
    private final JobSpec spec;
    private final Map<String, ServiceInfo> services;
    private final Map<String, String> stepEnvironment;
    private final List<FakeStep> steps = new ArrayList<>();
    private boolean destroyed;

    FakeJob(JobSpec spec, Map<String, ServiceInfo> services, Map<String, String> stepEnvironment) {
        this.spec = spec;
        this.services = Map.copyOf(services);
        this.stepEnvironment = Map.copyOf(stepEnvironment);
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    @Override
    public Map<String, ServiceInfo> services() {
        return services;
    }

    @Override
    public Map<String, String> stepEnvironment() {
        return stepEnvironment;
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
