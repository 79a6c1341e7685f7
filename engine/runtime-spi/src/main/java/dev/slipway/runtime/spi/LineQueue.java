package dev.slipway.runtime.spi;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounded hand-off of lines from the thread reading a step's output to the thread in {@link Executor#logs}, so that
 * {@code logs} can return after {@link Executor#destroyStep} even when a stray process keeps the output open.
 *
 * <p>Thread-safe; meant for one producer and one consumer. A full queue makes {@link #put} wait (back-pressure on the
 * process). After {@link #close()} the consumer drains what is buffered and then sees the end; later lines are
 * dropped and a waiting producer is released.
 *
 * <p>{@link #putAll} and {@link #drainTo} move many lines per lock and wake-up; a step printing a million short lines
 * otherwise handed its reader and its consumer the lock (and woke the other thread) once per line.
 */
public final class LineQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;

    /**
     * A queue holding at most {@code capacity} lines.
     *
     * @throws IllegalArgumentException when {@code capacity} is not positive
     */
    public LineQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds a line, waiting while the queue is full; drops it once closed. */
    public void put(String line) {
        lock.lock();
        try {
            while (lines.size() >= capacity && !closed) {
                notFull.awaitUninterruptibly();
            }
            if (!closed) {
                lines.add(line);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds lines in order, waiting while the queue is full (as often as needed); drops what remains once closed. */
    public void putAll(List<String> batch) {
        int next = 0;
        lock.lock();
        try {
            while (next < batch.size()) {
                while (lines.size() >= capacity && !closed) {
                    notFull.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                int room = Math.min(capacity - lines.size(), batch.size() - next);
                lines.addAll(batch.subList(next, next + room));
                next += room;
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream; idempotent, safe from any thread. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next line, waiting for one; empty at the end of the stream (closed and drained).
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public Optional<String> take() throws InterruptedException {
        lock.lock();
        try {
            while (lines.isEmpty() && !closed) {
                notEmpty.await();
            }
            String line = lines.poll();
            if (line != null) {
                notFull.signal();
            }
            return Optional.ofNullable(line);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves every buffered line, in order, to {@code into}, waiting for at least one; false at the end of the stream
     * (closed and drained), when nothing was moved.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean drainTo(Collection<String> into) throws InterruptedException {
        lock.lock();
        try {
            while (lines.isEmpty() && !closed) {
                notEmpty.await();
            }
            if (lines.isEmpty()) {
                return false;
            }
            into.addAll(lines);
            lines.clear();
            notFull.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }
}
