package dev.slipway.executor.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.slipway.runtime.spi.LineQueue;
import dev.slipway.runtime.spi.LineSplitter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The output of a step's exec or container, as the engine streams it: frames are split into lines (stdout and stderr
 * separately, so a line is never torn by the other stream) and handed to {@code logs} through a {@link LineQueue}.
 *
 * <p>For an exec the wrapper prints {@code slipway-pid <pid>} first: that line is taken off the output and kept, so
 * the step's process tree can be found inside the container.
 */
final class FrameOutput extends ResultCallback.Adapter<Frame> {
    static final String PID_MARKER = "slipway-pid ";
    private static final int QUEUE_LINES = 4096;

    private final LineQueue queue = new LineQueue(QUEUE_LINES);
    private final LineSplitter out;
    private final LineSplitter err;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** The pid inside the container of the step's process; 0 when unknown. */
    private final CompletableFuture<Long> pid = new CompletableFuture<>();

    private boolean awaitingMarker;
    /** Whether the engine's stream delivered any frame. */
    private volatile boolean anyFrame;
    /** Set when the stream is given up for a replay of the whole log ({@link #replaying}); its frames are dropped. */
    private volatile boolean streamDropped;

    FrameOutput(boolean expectPidMarker) {
        this.awaitingMarker = expectPidMarker;
        this.out = new LineSplitter(this::stdoutLine);
        this.err = new LineSplitter(queue::put);
        if (!expectPidMarker) {
            pid.complete(0L);
        }
    }

    private void stdoutLine(String line) {
        if (awaitingMarker) {
            awaitingMarker = false;
            if (line.startsWith(PID_MARKER)) {
                try {
                    pid.complete(
                            Long.parseLong(line.substring(PID_MARKER.length()).trim()));
                    return;
                } catch (NumberFormatException e) {
                    // not our marker after all: deliver it
                }
            }
            pid.complete(0L);
        }
        queue.put(line);
    }

    @Override
    public void onNext(Frame frame) {
        if (streamDropped) {
            return;
        }
        anyFrame = true;
        deliver(frame);
    }

    private void deliver(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null) {
            return;
        }
        if (frame.getStreamType() == StreamType.STDERR) {
            err.feed(payload, 0, payload.length);
        } else {
            out.feed(payload, 0, payload.length);
        }
    }

    /** Whether the engine's stream delivered any frame yet. */
    boolean anyFrame() {
        return anyFrame;
    }

    /**
     * Gives up the engine's stream, which delivered nothing: its frames are dropped from now on, and the returned
     * callback delivers the frames of a fresh read of the whole log instead, then ends this output.
     */
    ResultCallback.Adapter<Frame> replaying() {
        streamDropped = true;
        return new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                deliver(frame);
            }

            @Override
            public void onError(Throwable throwable) {
                finish();
                super.onError(throwable);
            }

            @Override
            public void onComplete() {
                finish();
                super.onComplete();
            }
        };
    }

    /** Ends the output now: what was delivered stays, the consumer sees the end. */
    void end() {
        finish();
    }

    @Override
    public void onError(Throwable throwable) {
        if (!streamDropped) {
            finish();
        }
        super.onError(throwable);
    }

    @Override
    public void onComplete() {
        if (!streamDropped) { // a replay ends the output once it has delivered the log
            finish();
        }
        super.onComplete();
    }

    private synchronized void finish() {
        if (ended.getCount() == 0) {
            return;
        }
        out.finish();
        err.finish();
        pid.complete(0L);
        queue.close();
        ended.countDown();
    }

    LineQueue lines() {
        return queue;
    }

    CompletableFuture<Long> pid() {
        return pid;
    }

    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    boolean ended() {
        return ended.getCount() == 0;
    }

    /** Waits a little for the output to end by itself, then ends it for the consumer regardless. */
    void endAfter(long millis) {
        try {
            if (!awaitEnd(millis)) {
                queue.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.close();
        }
    }
}
