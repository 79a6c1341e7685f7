package dev.slipway.executor.kubernetes;

import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** A job's pod and the steps started in it. */
final class KubeJob implements JobHandle {
    private final JobSpec spec;
    private final String namespace;
    private final String pod;
    private final Map<String, ServiceInfo> services;
    private final List<KubeStep> steps = new ArrayList<>();
    /** Copies of the workspace in and out of the pod, one at a time (background steps may overlap). */
    private final ReentrantLock sync = new ReentrantLock();
    /** {@link WorkspaceSync#fingerprint} of the host's workspace after the last copy: unchanged means no copy in. */
    private Optional<Long> synced = Optional.empty();

    private boolean destroyed;

    KubeJob(JobSpec spec, String namespace, String pod, Map<String, ServiceInfo> services) {
        this.spec = spec;
        this.namespace = namespace;
        this.pod = pod;
        this.services = Map.copyOf(services);
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    @Override
    public Map<String, ServiceInfo> services() {
        return services;
    }

    String namespace() {
        return namespace;
    }

    String pod() {
        return pod;
    }

    ReentrantLock syncLock() {
        return sync;
    }

    /** Guarded by {@link #syncLock()}. */
    Optional<Long> synced() {
        return synced;
    }

    /** Guarded by {@link #syncLock()}. */
    void synced(Optional<Long> fingerprint) {
        synced = fingerprint;
    }

    /** Registers a step; false when the job was destroyed meanwhile. */
    synchronized boolean add(KubeStep step) {
        if (destroyed) {
            return false;
        }
        steps.add(step);
        return true;
    }

    synchronized boolean isDestroyed() {
        return destroyed;
    }

    /** The steps to stop; empty after the first call. */
    synchronized Optional<List<KubeStep>> markDestroyed() {
        if (destroyed) {
            return Optional.empty();
        }
        destroyed = true;
        List<KubeStep> left = List.copyOf(steps);
        steps.clear();
        return Optional.of(left);
    }
}
