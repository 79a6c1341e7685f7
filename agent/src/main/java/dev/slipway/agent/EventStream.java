package dev.slipway.agent;

import dev.slipway.protocol.AgentChannel;
import dev.slipway.protocol.JobEvent;
import dev.slipway.protocol.Wire;
import dev.slipway.runtime.JobListener;
import dev.slipway.runtime.LogLine;
import dev.slipway.runtime.StepRef;
import dev.slipway.runtime.StepResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's step events and log lines on their way to the server: numbered, buffered until the server acknowledges them,
 * sent in batches by one thread, and sent again after a failed call. When the buffer is full the job's thread waits
 * (back-pressure) instead of dropping lines.
 *
 * <p>A batch smaller than {@link #BATCH} waits up to {@link #LINGER_MILLIS} for more events (not when the stream is
 * closing). Without that, the sender woke for nearly every line of a busy step and fought the job's thread for the
 * lock: a step printing a million lines spent most of its time there.
 */
final class EventStream implements JobListener {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final int MAX_BUFFERED = 20_000;
    static final int BATCH = 1_000;
    static final long LINGER_MILLIS = 5;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final AgentChannel channel;
    private final String token;
    private final Runnable onLost;
    private final List<JobEvent> unacked = new ArrayList<>();
    private final Thread sender;
    private long next;
    private boolean closed;
    private boolean lost;

    /** @param onLost called once when the server says the lease is gone */
    EventStream(AgentChannel channel, String token, Runnable onLost, String name) {
        this.channel = channel;
        this.token = token;
        this.onLost = onLost;
        this.sender = Thread.ofVirtual().name(name + "-events").start(this::send);
    }

    @Override
    public void stepStarted(StepRef step) {
        add(seq -> Wire.started(seq, step));
    }

    @Override
    public void log(StepRef step, LogLine line) {
        add(seq -> Wire.log(seq, step, line));
    }

    @Override
    public void stepFinished(StepRef step, StepResult result) {
        add(seq -> Wire.finished(seq, step, result));
    }

    private synchronized void add(LongFunction<JobEvent> event) {
        while (unacked.size() >= MAX_BUFFERED && !lost) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (lost) {
            return;
        }
        unacked.add(event.apply(next++));
        // Wake the sender when it waits for a first event or for a full batch; not for each line.
        if (unacked.size() == 1 || unacked.size() == BATCH) {
            notifyAll();
        }
    }

    /** How many events were produced. */
    synchronized long count() {
        return next;
    }

    synchronized boolean lost() {
        return lost;
    }

    /** No more events: waits until the server has all of them, or the lease is lost. */
    void close() throws InterruptedException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        sender.join();
    }

    /** Stops sending at once (the agent is going away). */
    void abandon() {
        sender.interrupt();
    }

    private void send() {
        long backoff = 50;
        while (true) {
            List<JobEvent> batch;
            synchronized (this) {
                while (unacked.isEmpty() && !closed && !lost) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (lost || (unacked.isEmpty() && closed)) {
                    return;
                }
                try {
                    linger();
                } catch (InterruptedException e) {
                    return;
                }
                batch = List.copyOf(unacked.subList(0, Math.min(BATCH, unacked.size())));
            }
            try {
                var ack = channel.append(token, batch);
                acknowledge(ack.next());
                backoff = 50;
            } catch (AgentChannel.LeaseLostException e) {
                LOG.warn("lease lost while sending logs: {}", e.getMessage());
                synchronized (this) {
                    lost = true;
                    notifyAll();
                }
                onLost.run();
                return;
            } catch (AgentChannel.ChannelException e) {
                LOG.debug("sending {} events failed, will resend: {}", batch.size(), e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    /** Waits (holding the lock only while awake) up to {@link #LINGER_MILLIS} for a full batch. */
    private synchronized void linger() throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000;
        long left;
        while (unacked.size() < BATCH && !closed && !lost && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private synchronized void acknowledge(long upTo) {
        // One shift of the rest per batch: removing events one at a time from the front of up to MAX_BUFFERED made a
        // job printing a million lines copy billions of references.
        int done = 0;
        while (done < unacked.size() && unacked.get(done).seq() < upTo) {
            done++;
        }
        unacked.subList(0, done).clear();
        notifyAll();
    }
}
