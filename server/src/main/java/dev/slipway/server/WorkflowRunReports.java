package dev.slipway.server;

import dev.slipway.server.metrics.ForwardingRunMetrics;
import dev.slipway.server.metrics.RunMetrics;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Run;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes the run service's reports on to {@code next} and turns a run's start and end into its {@code workflow_run}
 * events ({@code requested} and {@code in_progress} when it leaves the queue, {@code completed} at its end), which start
 * the workflows that listen for them. Never throws: a downstream workflow must not break its upstream run.
 */
final class WorkflowRunReports extends ForwardingRunMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRunReports.class);
    private final Database db;
    private final BiConsumer<Run, List<String>> workflowRun;

    WorkflowRunReports(RunMetrics next, Database db, BiConsumer<Run, List<String>> workflowRun) {
        super(next);
        this.db = db;
        this.workflowRun = workflowRun;
    }

    @Override
    public void runStarted(Run run) {
        super.runStarted(run);
        fire(db.runs().find(run.id()).orElse(run), List.of("requested", "in_progress"));
    }

    @Override
    public void runCompleted(Run run) {
        super.runCompleted(run);
        fire(run, List.of("completed"));
    }

    private void fire(Run run, List<String> actions) {
        try {
            workflowRun.accept(run, actions);
        } catch (RuntimeException e) {
            LOG.warn("the workflow_run {} runs of run {} could not be started", actions, run.id(), e);
        }
    }
}
