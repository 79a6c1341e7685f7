package dev.slipway.server.runs;

import dev.slipway.plan.RunPlan;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.RunStatus;
import dev.slipway.workflow.Concurrency;
import dev.slipway.workflow.Workflow;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Workflow-level {@code concurrency:} across the runs of a repository, with GitHub's rules: one running run per group;
 * with {@code queue: single} (the default) one pending run, which a new run cancels and replaces; with {@code queue:
 * max} up to {@value Concurrency#MAX_PENDING} pending runs, started in the order they came (one more is cancelled);
 * with {@code cancel-in-progress} a new run also cancels the running one. The store refuses to start a run while another of its group is in progress ({@code Runs.start}); the
 * workers offer the next one when a run of the group ends.
 */
final class RunConcurrency {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunConcurrency.class);
    private final Database db;
    private final BiConsumer<Long, String> cancel;

    RunConcurrency(Database db, BiConsumer<Long, String> cancel) {
        this.db = db;
        this.cancel = cancel;
    }

    /** A rendered group, whether it cancels the running run, and how many runs may wait in it. */
    record Group(String name, boolean cancelInProgress, Concurrency.Queue queue) {}

    /**
     * The workflow's group as {@code plan} (the new run's, once its id and number are known) renders it; empty when the
     * workflow has no {@code concurrency:}. A group that does not render is no group: the run is then not held back.
     */
    static Optional<Group> group(Workflow workflow, RunPlan plan) {
        return workflow.concurrency()
                .map(c -> new Group(plan.concurrencyGroup(), plan.cancelInProgress(), c.queue()))
                .filter(g -> !g.name().isEmpty());
    }

    /** Makes room for {@code run}, just created in {@code group}: cancels the pending run, and the running one if asked. */
    void admit(Run run, Group group) {
        var active = db.runs().activeInGroup(run.repoId(), group.name());
        LOG.info(
                "run {} joins concurrency group '{}' with {}",
                run.id(),
                group.name(),
                active.stream().map(r -> r.id() + ":" + r.status()).toList());
        if (group.queue() == Concurrency.Queue.MAX) {
            long waiting = active.stream()
                    .filter(o -> o.id() != run.id() && o.status() == RunStatus.QUEUED)
                    .count();
            if (group.cancelInProgress()) {
                cancel.accept(run.id(), "Canceled: " + Concurrency.QUEUE_WITH_CANCEL);
            } else if (waiting >= Concurrency.MAX_PENDING) {
                cancel.accept(
                        run.id(),
                        "Canceled: the queue of concurrency group '" + group.name() + "' is full ("
                                + Concurrency.MAX_PENDING + " runs pending)");
            }
            return;
        }
        for (var other : active) {
            if (other.id() == run.id()) {
                continue;
            }
            if (other.status() == RunStatus.QUEUED) {
                cancel.accept(
                        other.id(),
                        "Canceled: a newer run (#" + run.number() + ") of concurrency group '" + group.name()
                                + "' is waiting");
            } else if (group.cancelInProgress()) {
                cancel.accept(
                        other.id(),
                        "Canceled: a newer run (#" + run.number() + ") of concurrency group '" + group.name()
                                + "' started (cancel-in-progress)");
            }
        }
    }
}
