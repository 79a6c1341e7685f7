package dev.slipway.protocol;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an agent asks of the server. One implementation runs inside the server for the embedded agent, another speaks
 * HTTP for remote agents; the agent code is the same for both.
 *
 * <p>A job is leased to one agent at a time. The agent identifies its lease by the job token of the {@link
 * Assignment}; every call with a lease the server no longer grants (the lease ran out and the job was requeued, the
 * job was cancelled while the agent was silent, the server restarted) throws {@link LeaseLostException}, and the agent
 * must stop the job and drop its results. Transport failures throw {@link ChannelException}: the agent retries, and
 * because events carry sequence numbers, a retried call is harmless.
 *
 * <p>Call order per lease: {@link #append} any number of times (from one thread), {@link #extendLease} repeatedly (from
 * another thread) until the job ends, then {@link #done} once, after every event was acknowledged.
 */
public interface AgentChannel {

    /**
     * Leases the next queued job whose {@code runs-on} labels are all in {@code labels}, waiting up to {@code wait}
     * for one to be queued.
     *
     * @return the job, or empty when none came within {@code wait}
     */
    Optional<Assignment> next(Set<String> labels, Duration wait);

    /**
     * Appends step events and log lines of a leased job. Events with a sequence number the server has already seen
     * are ignored; events after a gap are not taken.
     *
     * @return the sequence number the server expects next: everything below it is stored
     */
    Ack append(String jobToken, List<JobEvent> events);

    /**
     * Keeps the lease alive, waiting up to {@code wait} for the job to be cancelled.
     *
     * @return {@link LeaseState#CANCEL} as soon as the job is to be cancelled, else {@link LeaseState#RUNNING} after
     *     {@code wait}
     */
    LeaseState extendLease(String jobToken, Duration wait);

    /**
     * Reports how the job ended and ends the lease.
     *
     * @throws GapException when events up to {@link Outcome#events()} are missing: append them first
     */
    void done(String jobToken, Outcome outcome);

    /** The server's answer to {@link #append}: the next sequence number it expects. */
    record Ack(long next) {}

    /** What a lease holder should do next. */
    enum LeaseState {
        RUNNING,
        /** Stop every running step. */
        CANCEL,
        /**
         * Cancel as GitHub does: a running step whose {@code if} still holds for a cancelled job ({@code always()})
         * goes on. On the wire {@code {"state": "cancel", "graceful": true}}, which an agent that does not know it
         * takes for {@link #CANCEL}; it may be followed by {@link #CANCEL}.
         */
        CANCEL_GRACEFULLY
    }

    /** {@link #done} came before all events. */
    final class GapException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public GapException(String message) {
            super(message);
        }
    }

    /** The lease is gone: stop the job, report nothing more. */
    final class LeaseLostException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LeaseLostException(String message) {
            super(message);
        }
    }

    /** The server could not be reached or answered unexpectedly; try again later. */
    final class ChannelException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ChannelException(String message, Throwable cause) {
            super(message, cause);
        }

        public ChannelException(String message) {
            super(message);
        }
    }
}
