package dev.slipway.executor.kubernetes;

import dev.slipway.runtime.spi.LineQueue;
import dev.slipway.runtime.spi.LineSplitter;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A step exec'd in the job container. A virtual thread reads the exec's output (stderr is merged into it in the
 * container) into lines for {@code logs}; the wrapper's first line, its pid, is taken off and kept for the kill.
 */
final class KubeStep implements StepHandle {
    static final String PID_MARKER = "slipway-k8s-pid ";

    private final StepSpec spec;
    private final ExecWatch watch;
    private final LineQueue lines = new LineQueue(4096);
    private final CompletableFuture<Long> pid = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private final AtomicBoolean synced = new AtomicBoolean();
    private volatile boolean killed;
    private volatile Optional<String> syncError = Optional.empty();
    private final KubeJob job;

    KubeStep(StepSpec spec, KubeJob job, ExecWatch watch) {
        this.spec = spec;
        this.job = job;
        this.watch = watch;
        Thread.ofVirtual().name("slipway-k8s-out-" + spec.name()).start(this::read);
    }

    private void read() {
        boolean[] first = {true};
        LineSplitter splitter = new LineSplitter(line -> {
            if (first[0] && line.startsWith(PID_MARKER)) {
                first[0] = false;
                try {
                    pid.complete(
                            Long.parseLong(line.substring(PID_MARKER.length()).strip()));
                } catch (NumberFormatException e) {
                    pid.complete(-1L);
                }
                return;
            }
            first[0] = false;
            lines.put(line);
        });
        byte[] buf = new byte[8192];
        try (InputStream in = watch.getOutput()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                splitter.feed(buf, 0, n);
            }
        } catch (IOException e) {
            // the exec's stream broke: the pod is gone or the step was destroyed; the exit tells which
        } finally {
            splitter.finish();
            pid.complete(-1L);
            lines.close();
            ended.complete(null);
        }
    }

    @Override
    public StepSpec spec() {
        return spec;
    }

    ExecWatch watch() {
        return watch;
    }

    LineQueue lines() {
        return lines;
    }

    CompletableFuture<Long> pid() {
        return pid;
    }

    boolean outputEnded() {
        return ended.isDone();
    }

    /** Marks the step destroyed; true for the first call only. */
    boolean markDestroyed() {
        return destroyed.compareAndSet(false, true);
    }

    boolean isDestroyed() {
        return destroyed.get();
    }

    /** True for the first call only: the workspace is copied back once per step. */
    boolean markSynced() {
        return synced.compareAndSet(false, true);
    }

    void killed() {
        killed = true;
    }

    boolean wasKilled() {
        return killed;
    }

    KubeJob job() {
        return job;
    }

    void syncError(String message) {
        syncError = Optional.of(message);
    }

    Optional<String> syncError() {
        return syncError;
    }
}
