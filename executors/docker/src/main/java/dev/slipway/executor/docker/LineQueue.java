package dev.slipway.executor.docker;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounded hand-off of lines from a step's output reader to the thread in {@code logs}. After {@link #close()} the
 * consumer drains what is buffered and then sees the end; later lines are dropped.
 */
final class LineQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;

    LineQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a line, waiting while the queue is full; drops it once closed. */
    void put(String line) {
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

    /** Ends the stream; idempotent. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Next line, or empty at the end of the stream. */
    Optional<String> take() throws InterruptedException {
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
}
