package dev.slipway.executor.fake;

import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A started fake step: its script and whether it was destroyed. */
final class FakeStep implements StepHandle {
    /** Exit code of a hanging step ended by a destroy, as for a process ended by SIGTERM. */
    static final int KILLED_EXIT_CODE = 143;

    private final StepSpec spec;
    private final Script script;
    private final CountDownLatch destroyed = new CountDownLatch(1);

    FakeStep(StepSpec spec, Script script) {
        this.spec = spec;
        this.script = script;
    }

    @Override
    public StepSpec spec() {
        return spec;
    }

    Script script() {
        return script;
    }

    void destroy() {
        destroyed.countDown();
    }

    /** Blocks until destroyed; returns early (with the interrupt flag set) when interrupted. */
    void awaitDestroyed() {
        try {
            destroyed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    StepExit await(Duration timeout) throws InterruptedException {
        if (script.end() instanceof Script.End.Exit(int code)) {
            return StepExit.of(code); // a scripted exit has happened by the time anyone waits
        }
        if (destroyed.await(saturatedNanos(timeout), TimeUnit.NANOSECONDS)) {
            return new StepExit(KILLED_EXIT_CODE, false, true);
        }
        return StepExit.timeout();
    }

    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
