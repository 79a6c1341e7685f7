package dev.slipway.deploy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Starts and stops the replicas of a service: processes on this machine or containers. Implementations are
 * thread-safe; {@link #stop} is idempotent.
 */
public interface ReplicaRuntime {
    /** Starts replica number {@code ordinal} (from 0) of {@code release} for {@code service}; does not wait for it. */
    Replica start(String service, Release release, int ordinal) throws IOException;

    /** Whether the replica's process or container still runs. */
    boolean alive(Replica replica);

    /** Stops the replica: a polite signal, then a kill after {@code grace}. */
    void stop(Replica replica, Duration grace);

    /**
     * The replicas of {@code service} an earlier instance of this runtime left running (containers outlive the server;
     * processes do not, and give none).
     */
    List<Replica> adopt(String service);

    /**
     * Why a replica that is no longer {@link #alive} ended, for people: its exit code and last output line where the
     * runtime knows them ("exited with code 1: port already in use").
     */
    default String exitDescription(Replica replica) {
        return "ended";
    }

    /** Whether the replica keeps running when the server stops (a container), so that {@link #adopt} finds it again. */
    default boolean outlivesServer(Replica replica) {
        return false;
    }
}
