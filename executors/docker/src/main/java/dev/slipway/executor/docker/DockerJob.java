package dev.slipway.executor.docker;

import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A prepared container job: the network, containers and volumes it owns (recorded as they are created, so a failed
 * preparation can be cleaned up) and the steps it started.
 */
final class DockerJob implements JobHandle {
    private final JobSpec spec;
    private final String name;
    private final Map<String, ServiceInfo> services = new LinkedHashMap<>();
    private final List<String> containers = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private final List<DockerStep> steps = new ArrayList<>();
    private Map<String, String> stepEnvironment = Map.of();
    private Optional<String> network = Optional.empty();
    private Optional<String> jobContainer = Optional.empty();
    private boolean destroyed;

    DockerJob(JobSpec spec, String name) {
        this.spec = spec;
        this.name = name;
    }

    @Override
    public JobSpec spec() {
        return spec;
    }

    /** The base of the names of this job's resources, also the network name. */
    String name() {
        return name;
    }

    @Override
    public synchronized Map<String, ServiceInfo> services() {
        return Map.copyOf(services);
    }

    @Override
    public synchronized Map<String, String> stepEnvironment() {
        return stepEnvironment;
    }

    synchronized void stepEnvironment(Map<String, String> env) {
        stepEnvironment = Map.copyOf(env);
    }

    synchronized void addService(ServiceInfo info) {
        services.put(info.id(), info);
    }

    synchronized void network(String id) {
        network = Optional.of(id);
    }

    synchronized Optional<String> network() {
        return network;
    }

    /** The network this job's containers join: its own when it has one (for services), else the engine's default. */
    synchronized String networkMode() {
        return network.isPresent() ? name : "bridge";
    }

    synchronized void jobContainer(String id) {
        jobContainer = Optional.of(id);
    }

    synchronized Optional<String> jobContainer() {
        return jobContainer;
    }

    synchronized void addContainer(String id) {
        containers.add(id);
    }

    synchronized void removeContainer(String id) {
        containers.remove(id);
    }

    synchronized void addVolume(String name) {
        volumes.add(name);
    }

    /** Registers a step; false when the job was destroyed meanwhile. */
    synchronized boolean add(DockerStep step) {
        if (destroyed) {
            return false;
        }
        steps.add(step);
        return true;
    }

    synchronized boolean isDestroyed() {
        return destroyed;
    }

    /** What {@code destroyJob} must remove; empty after the first call. */
    record Leftovers(List<DockerStep> steps, List<String> containers, Optional<String> network, List<String> volumes) {}

    synchronized Optional<Leftovers> markDestroyed() {
        if (destroyed) {
            return Optional.empty();
        }
        destroyed = true;
        Leftovers left = new Leftovers(List.copyOf(steps), List.copyOf(containers), network, List.copyOf(volumes));
        steps.clear();
        containers.clear();
        volumes.clear();
        return Optional.of(left);
    }
}
