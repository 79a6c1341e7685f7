package dev.slipway.deploy;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What rollouts and scaling share: the replica runtime, the prober, the listener and the clock events are dated by. */
record Context(ReplicaRuntime runtime, Prober prober, DeployListener listener, InstantSource clock) {
    /** How long a replica has to stop after the polite signal. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(Context.class);

    /**
     * Records {@code message} as the service's latest and tells the listener. Under the service's monitor, so that the
     * listener hears a service's events in order.
     */
    void emit(ServiceState svc, int revision, RolloutPhase phase, int weight, String message) {
        synchronized (svc) {
            svc.phase = phase;
            svc.message = message;
            try {
                listener.event(new RolloutEvent(svc.id, revision, clock.instant(), phase, weight, message));
            } catch (RuntimeException e) {
                // A listener's failure (a store that is down) must not stop a rollout half-way, nor its rollback.
                LOG.warn("the deploy listener failed on an event of {}: {}", svc.id, message, e);
            }
        }
    }

    /** Takes the replicas out of routing, then stops them all at once (each may take up to the grace period). */
    void stopAll(ServiceState svc, List<Replica> replicas) {
        replicas.forEach(svc::forget);
        List<Thread> stopping = new ArrayList<>();
        for (Replica r : replicas) {
            stopping.add(Thread.ofVirtual().name("stop-" + r.id()).start(() -> runtime.stop(r, GRACE)));
        }
        boolean interrupted = false;
        for (Thread t : stopping) {
            interrupted |= dev.slipway.common.Threads.joinUninterruptibly(t);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
