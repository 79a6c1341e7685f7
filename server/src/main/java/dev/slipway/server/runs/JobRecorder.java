package dev.slipway.server.runs;

import dev.slipway.runtime.JobListener;
import dev.slipway.runtime.LogLine;
import dev.slipway.runtime.StepRef;
import dev.slipway.runtime.StepResult;
import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Database;

/**
 * Records one running job: every line in its log file, and the step rows of its declared steps (pre and post steps of
 * actions are numbered after them and appear in the log only).
 */
final class JobRecorder implements JobListener {
    private final Database db;
    private final long jobId;
    private final JobLog log;
    private final String logPath;
    private final int declaredSteps;

    JobRecorder(Database db, long jobId, JobLog log, String logPath, int declaredSteps) {
        this.db = db;
        this.jobId = jobId;
        this.log = log;
        this.logPath = logPath;
        this.declaredSteps = declaredSteps;
    }

    @Override
    public void stepStarted(StepRef step) {
        log.step(step);
        if (recorded(step)) {
            db.steps().start(jobId, step.index(), logPath);
        }
    }

    @Override
    public void log(StepRef step, LogLine line) {
        log.line(line);
    }

    @Override
    public void stepFinished(StepRef step, StepResult result) {
        if (recorded(step)) {
            db.steps().complete(jobId, step.index(), conclusion(result.conclusion()));
        }
    }

    private boolean recorded(StepRef step) {
        return !step.post() && step.index() < declaredSteps;
    }

    static Conclusion conclusion(dev.slipway.runtime.Conclusion c) {
        return switch (c) {
            case SUCCESS -> Conclusion.SUCCESS;
            case FAILURE -> Conclusion.FAILURE;
            case CANCELLED -> Conclusion.CANCELLED;
            case SKIPPED -> Conclusion.SKIPPED;
        };
    }
}
