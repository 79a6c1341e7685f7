package dev.slipway.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.runtime.Cancellation;
import dev.slipway.workflow.Concurrency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** GitHub's concurrency group rules for jobs, {@code queue: single} and {@code queue: max} (2026). */
class ConcurrencyGroupsTest {
    private final ConcurrencyGroups groups = new ConcurrencyGroups();
    private final List<String> admitted = new CopyOnWriteArrayList<>();

    /** {@code name} enters the group on a thread of its own; the future holds why it was refused, if it was. */
    private CompletableFuture<Optional<String>> enter(String name, Concurrency.Queue queue, Cancellation mine) {
        CompletableFuture<Optional<String>> f = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                Optional<String> refused = groups.enter("deploy", false, queue, mine);
                if (refused.isEmpty()) {
                    admitted.add(name);
                }
                f.complete(refused);
            } catch (InterruptedException e) {
                f.completeExceptionally(e);
            }
        });
        awaitWaitingOrDone(t, f);
        return f;
    }

    /** Until the thread waits in the group or has its answer (bounded: a broken build must not hang). */
    private static void awaitWaitingOrDone(Thread t, CompletableFuture<?> f) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!f.isDone() && t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void withQueueMaxTheWaitingJobsRunInTheOrderTheyCame() throws Exception {
        Cancellation holder = new Cancellation();
        assertThat(enter("holder", Concurrency.Queue.MAX, holder).get(5, TimeUnit.SECONDS))
                .isEmpty();
        Cancellation second = new Cancellation();
        Cancellation third = new Cancellation();
        var b = enter("second", Concurrency.Queue.MAX, second);
        var c = enter("third", Concurrency.Queue.MAX, third);
        assertThat(b).isNotDone();
        assertThat(c).isNotDone();

        groups.leave("deploy", holder);
        assertThat(b.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(c).isNotDone();
        groups.leave("deploy", second);
        assertThat(c.get(5, TimeUnit.SECONDS)).isEmpty();

        assertThat(admitted).containsExactly("holder", "second", "third");
        assertThat(second.isCancelled()).isFalse();
    }

    @Test
    void withQueueSingleANewerWaitingJobCancelsTheOlderOne() throws Exception {
        Cancellation holder = new Cancellation();
        enter("holder", Concurrency.Queue.SINGLE, holder).get(5, TimeUnit.SECONDS);
        Cancellation second = new Cancellation();
        var b = enter("second", Concurrency.Queue.SINGLE, second);
        var c = enter("third", Concurrency.Queue.SINGLE, new Cancellation());

        assertThat(b.get(5, TimeUnit.SECONDS))
                .contains("cancelled: a newer job of concurrency group 'deploy' is waiting");
        assertThat(second.isCancelled()).isTrue();
        groups.leave("deploy", holder);
        assertThat(c.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(admitted).containsExactly("holder", "third");
    }

    @Test
    void aJobCancelledWhileQueuedLetsTheNextOneGoFirst() throws Exception {
        Cancellation holder = new Cancellation();
        enter("holder", Concurrency.Queue.MAX, holder).get(5, TimeUnit.SECONDS);
        Cancellation second = new Cancellation();
        var b = enter("second", Concurrency.Queue.MAX, second);
        var c = enter("third", Concurrency.Queue.MAX, new Cancellation());

        second.cancel(); // the run cancelled it while it waited
        assertThat(b.get(5, TimeUnit.SECONDS)).isPresent();
        groups.leave("deploy", holder);
        assertThat(c.get(5, TimeUnit.SECONDS)).isEmpty();
        assertThat(admitted).containsExactly("holder", "third");
    }

    @Test
    void aFullQueueCancelsTheNextJobAndMaxRefusesCancelInProgress() throws Exception {
        Cancellation holder = new Cancellation();
        enter("holder", Concurrency.Queue.MAX, holder).get(5, TimeUnit.SECONDS);
        List<Cancellation> queued = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Optional<String>>> waiting = new CopyOnWriteArrayList<>();
        for (int i = 0; i < Concurrency.MAX_PENDING; i++) {
            Cancellation c = new Cancellation();
            queued.add(c);
            waiting.add(enter("queued " + i, Concurrency.Queue.MAX, c));
        }
        assertThat(enter("one too many", Concurrency.Queue.MAX, new Cancellation())
                        .get(5, TimeUnit.SECONDS))
                .contains("cancelled: the queue of concurrency group 'deploy' is full (100 jobs waiting)");
        assertThat(groups.enter("deploy", true, Concurrency.Queue.MAX, new Cancellation()))
                .contains(Concurrency.QUEUE_WITH_CANCEL);

        queued.forEach(Cancellation::cancel);
        for (var w : waiting) {
            assertThat(w.get(5, TimeUnit.SECONDS)).isPresent();
        }
        groups.leave("deploy", holder);
    }
}
