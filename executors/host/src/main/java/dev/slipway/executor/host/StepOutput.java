package dev.slipway.executor.host;

import dev.slipway.runtime.spi.LineQueue;
import dev.slipway.runtime.spi.LineSplitter;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The merged output of one step: a reader thread splits it into lines and hands them to {@code logs} through a
 * {@link LineQueue}, so that {@code logs} can return after a destroy even if an escaped process keeps the pipe open.
 */
final class StepOutput {
    private static final int QUEUE_LINES = 4096;
    private static final int READ_BUFFER = 64 * 1024;
    private static final ExecutorService READERS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("slipway-output").factory());
    /**
     * Each reader thread's buffer, kept from one step to the next: allocated per step, it was half of the memory a
     * one-step job allocates, all of it fresh pages in a run too short for a collection.
     */
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[READ_BUFFER]);

    private final InputStream stream;
    private final String name;
    private final LineQueue queue = new LineQueue(QUEUE_LINES);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();

    private StepOutput(InputStream stream, String name) {
        this.stream = stream;
        this.name = name;
    }

    /** The output read from {@code stream}, the read end of a pipe of the step's own. */
    static StepOutput of(InputStream stream, String name) {
        return new StepOutput(stream, name);
    }

    /**
     * Attaches to the output of a just-started process.
     *
     * <p>The JDK's process reaper, when the process exits, drains what is buffered in the pipe and closes the JDK's
     * read end; output written later by background children would be lost and they would get SIGPIPE. To avoid that,
     * we open our own read end of the same pipe through {@code /proc/<pid>/fd/1} and close the JDK's while the process
     * is surely alive (the reaper's drain synchronizes on the JDK stream, which we hold meanwhile). When that is not
     * possible (the process already ended, no {@code /proc}), the JDK stream is used.
     */
    static StepOutput attach(Process process, String name) {
        InputStream jdkStream = process.getInputStream();
        Path fd = Path.of("/proc", Long.toString(process.pid()), "fd", "1");
        InputStream own;
        try {
            String before = Files.readSymbolicLink(fd).toString();
            if (!before.startsWith("pipe:")) {
                return new StepOutput(jdkStream, name);
            }
            own = new FileInputStream(fd.toFile());
            if (!Files.readSymbolicLink(fd).toString().equals(before)) {
                own.close();
                return new StepOutput(jdkStream, name);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return new StepOutput(jdkStream, name);
        }
        synchronized (jdkStream) {
            if (process.isAlive()) {
                closeQuietly(jdkStream);
                return new StepOutput(own, name);
            }
        }
        closeQuietly(own);
        return new StepOutput(jdkStream, name);
    }

    /** Starts the reader thread; returns false when it was started before or the output was discarded. */
    boolean start() {
        if (!started.compareAndSet(false, true)) {
            return false;
        }
        // A platform thread: reading a pipe or FIFO blocks in native code without releasing a virtual thread's
        // carrier, so two printing steps on a 2-core machine held every carrier and froze the server's HTTP threads
        // (GET /healthz took 7 s while a two-job matrix printed a line every 100 ms; 15 ms at most with this).
        // Pooled: starting a thread per step was a sixth of the executor's own CPU in a run of 300 one-step jobs.
        READERS.execute(() -> {
            Thread.currentThread().setName("slipway-output-" + name);
            pump();
        });
        return true;
    }

    private void pump() {
        // The lines of one read go to the queue together: one lock and one wake-up of the consumer per read.
        List<String> read = new ArrayList<>();
        LineSplitter splitter = new LineSplitter(read::add);
        byte[] buf = BUFFERS.get();
        try (stream) {
            int n;
            while ((n = stream.read(buf)) >= 0) {
                splitter.feed(buf, 0, n);
                handOver(read);
            }
        } catch (IOException | UncheckedIOException e) {
            // The stream was closed under us (destroy); what was read is delivered below.
        } finally {
            splitter.finish();
            handOver(read);
            queue.close();
            ended.countDown();
        }
    }

    private void handOver(List<String> read) {
        if (!read.isEmpty()) {
            queue.putAll(read);
            read.clear();
        }
    }

    LineQueue lines() {
        return queue;
    }

    /** Waits a little for the output to end by itself, then ends it for the consumer regardless. */
    void endAfter(long millis) {
        try {
            if (!ended.await(millis, TimeUnit.MILLISECONDS)) {
                queue.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.close();
        }
    }

    /**
     * Closes the stream if nobody reads it yet (a stream being read is never closed under its reader: its descriptor
     * number could be reused), and ends the stream for consumers.
     */
    void discard() {
        if (started.compareAndSet(false, true)) {
            closeQuietly(stream);
            ended.countDown();
        }
        queue.close();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to release
        }
    }
}
