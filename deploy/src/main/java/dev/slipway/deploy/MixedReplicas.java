package dev.slipway.deploy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One {@link ReplicaRuntime} for both kinds of workload, so that one {@link Deployer} serves every service: process
 * releases go to {@code processes}, container images to {@code containers} (when this server has a container engine).
 * Each replica is remembered with the runtime that started or adopted it.
 */
public final class MixedReplicas implements ReplicaRuntime {
    private final ReplicaRuntime processes;
    private final Optional<ReplicaRuntime> containers;
    private final ConcurrentMap<String, ReplicaRuntime> owners = new ConcurrentHashMap<>();

    private MixedReplicas(ReplicaRuntime processes, Optional<ReplicaRuntime> containers) {
        this.processes = processes;
        this.containers = containers;
    }

    /** {@code containers} empty: container releases fail to start, saying that there is no container engine. */
    public static MixedReplicas of(ReplicaRuntime processes, Optional<ReplicaRuntime> containers) {
        return new MixedReplicas(processes, containers);
    }

    @Override
    public Replica start(String service, Release release, int ordinal) throws IOException {
        ReplicaRuntime runtime;
        if (release.workload() instanceof Workload.Container c) {
            runtime = containers.orElseThrow(() -> new IOException(release.version() + " is the container image "
                    + c.image() + ", and this server has no container engine"));
        } else {
            runtime = processes;
        }
        Replica replica = runtime.start(service, release, ordinal);
        owners.put(replica.id(), runtime);
        return replica;
    }

    @Override
    public boolean alive(Replica replica) {
        return owner(replica).map(r -> r.alive(replica)).orElse(false);
    }

    @Override
    public void stop(Replica replica, Duration grace) {
        owner(replica).ifPresent(r -> r.stop(replica, grace));
        owners.remove(replica.id());
    }

    @Override
    public List<Replica> adopt(String service) {
        List<Replica> found = new ArrayList<>();
        for (ReplicaRuntime runtime : runtimes()) {
            for (Replica r : runtime.adopt(service)) {
                owners.put(r.id(), runtime);
                found.add(r);
            }
        }
        return found;
    }

    @Override
    public String exitDescription(Replica replica) {
        return owner(replica).map(r -> r.exitDescription(replica)).orElse("was stopped");
    }

    @Override
    public boolean outlivesServer(Replica replica) {
        return owner(replica).map(r -> r.outlivesServer(replica)).orElse(false);
    }

    private Optional<ReplicaRuntime> owner(Replica replica) {
        return Optional.ofNullable(owners.get(replica.id()));
    }

    private List<ReplicaRuntime> runtimes() {
        List<ReplicaRuntime> all = new ArrayList<>();
        all.add(processes);
        containers.ifPresent(all::add);
        return all;
    }
}
