package dev.slipway.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LineQueueTest {

    @Test
    void deliversLinesInOrderAndDrainsThemAfterClose() throws InterruptedException {
        LineQueue queue = new LineQueue(4);
        queue.put("one");
        queue.put("two");
        queue.close();

        assertThat(queue.take()).contains("one");
        assertThat(queue.take()).contains("two");
        assertThat(queue.take()).isEmpty();
        assertThat(queue.take()).isEmpty();
    }

    @Test
    void movesBatchesInOrderAndEndsAfterClose() throws InterruptedException {
        LineQueue queue = new LineQueue(8);
        queue.putAll(java.util.List.of("one", "two"));
        queue.put("three");
        queue.close();
        queue.putAll(java.util.List.of("late"));

        java.util.List<String> into = new java.util.ArrayList<>();
        assertThat(queue.drainTo(into)).isTrue();
        assertThat(into).containsExactly("one", "two", "three");
        assertThat(queue.drainTo(into)).isFalse();
        assertThat(into).hasSize(3);
    }

    @Test
    void putAllWaitsForRoomAsOftenAsNeededWithoutLosingOrReorderingLines() throws InterruptedException {
        LineQueue queue = new LineQueue(2);
        java.util.List<String> sent = java.util.stream.IntStream.range(0, 7)
                .mapToObj(Integer::toString)
                .toList();
        Thread producer = Thread.ofPlatform().start(() -> {
            queue.putAll(sent);
            queue.close();
        });

        java.util.List<String> received = new java.util.ArrayList<>();
        while (queue.drainTo(received)) {
            assertThat(received.size()).isLessThanOrEqualTo(sent.size());
        }
        producer.join();
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void dropsLinesPutAfterClose() throws InterruptedException {
        LineQueue queue = new LineQueue(4);
        queue.close();
        queue.close();
        queue.put("late");

        assertThat(queue.take()).isEmpty();
    }

    @Test
    void makesTheProducerWaitWhileFullUntilTheConsumerTakes() throws InterruptedException {
        LineQueue queue = new LineQueue(1);
        queue.put("a");
        Thread producer = Thread.ofPlatform().start(() -> queue.put("b"));

        assertThat(waitUntilParkedOrDone(producer)).isEqualTo(Thread.State.WAITING);
        assertThat(queue.take()).contains("a");
        producer.join();
        assertThat(queue.take()).contains("b");
    }

    @Test
    void closeReleasesAWaitingProducerAndDropsItsLine() throws InterruptedException {
        LineQueue queue = new LineQueue(1);
        queue.put("a");
        Thread producer = Thread.ofPlatform().start(() -> queue.put("b"));
        assertThat(waitUntilParkedOrDone(producer)).isEqualTo(Thread.State.WAITING);

        queue.close();
        producer.join();

        assertThat(queue.take()).contains("a");
        assertThat(queue.take()).isEmpty();
    }

    @Test
    void closeEndsAWaitingConsumer() throws InterruptedException {
        LineQueue queue = new LineQueue(1);
        Thread consumer = Thread.ofPlatform().start(() -> {
            try {
                assertThat(queue.take()).isEmpty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(waitUntilParkedOrDone(consumer)).isEqualTo(Thread.State.WAITING);

        queue.close();
        consumer.join();

        assertThat(consumer.isAlive()).isFalse();
    }

    @Test
    void refusesANonPositiveCapacity() {
        assertThatThrownBy(() -> new LineQueue(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Spins until the thread parks (blocked in the queue) or ends; a queue that never blocks ends it. */
    private static Thread.State waitUntilParkedOrDone(Thread thread) {
        Thread.State state = thread.getState();
        while (state != Thread.State.WAITING && state != Thread.State.TERMINATED) {
            Thread.onSpinWait();
            state = thread.getState();
        }
        return state;
    }
}
