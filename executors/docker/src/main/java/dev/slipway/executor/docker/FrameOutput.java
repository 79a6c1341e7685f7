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
