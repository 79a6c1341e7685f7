package dev.slipway.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    @Test
    void waitsForTheThreadThroughAnInterruptAndReportsIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = Thread.ofPlatform().start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // the worker ends only once this thread waits in the join, i.e. after the interrupt cut the first join short
        Thread main = Thread.currentThread();
        Thread.ofPlatform().start(() -> {
            while (main.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            release.countDown();
        });
        Thread.currentThread().interrupt();

        assertThat(Threads.joinUninterruptibly(worker)).isTrue();
        assertThat(worker.isAlive()).isFalse();
        assertThat(Thread.interrupted()).isFalse();
        assertThat(Threads.joinUninterruptibly(worker)).isFalse();
    }
}
