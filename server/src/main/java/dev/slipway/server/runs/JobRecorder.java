package dev.slipway.server.runs;

import dev.slipway.runtime.JobListener;
import dev.slipway.runtime.LogLine;
import dev.slipway.runtime.StepRef;
import dev.slipway.runtime.StepResult;
import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Records one running job: every line in its log file, and the step rows of its declared steps (pre and post steps of
 * actions are numbered after them and appear in the log only). Each step's lines stay together in the log, under its
 * {@code ##[step]} line, also when background steps run beside others: the lines of a step that starts while another
 * streams are held until that one ends (at most {@value #HELD_LINES} at a time: beyond that they go out as a section
 * of their own, and the step's next lines start another).
 */
final class JobRecorder implements JobListener {
    private final Database db;
    private final long jobId;
    private final JobLog log;
    private final String logPath;
    private final int declaredSteps;
    static final int HELD_LINES = 2_000;
    /** The step whose lines go straight into the log; null between steps. */
    private @Nullable StepRef live;
    /** Steps running beside the live one, in the order they started, with the lines held for them. */
    private final Map<StepRef, Held> held = new LinkedHashMap<>();

    /** What a step running beside the live one wrote so far, and whether it ended. */
    private static final class Held {
        final List<LogLine> lines = new ArrayList<>();
        boolean finished;
    }

    JobRecorder(Database db, long jobId, JobLog log, String logPath, int declaredSteps) {
        this.db = db;
        this.jobId = jobId;
        this.log = log;
        this.logPath = logPath;
        this.declaredSteps = declaredSteps;
    }

    @Override
    public void stepStarted(StepRef step) {
        if (live == null) {
            live = step;
            log.step(step);
        } else {
            held.put(step, new Held());
        }
        if (recorded(step)) {
            db.steps().start(jobId, step.index(), logPath);
        }
    }

    @Override
    public void log(StepRef step, LogLine line) {
        Held h = step.equals(live) ? null : held.get(step);
        if (h == null) {
            log.line(line);
            return;
        }
        h.lines.add(line);
        if (h.lines.size() >= HELD_LINES) {
            log.step(step);
            h.lines.forEach(log::line);
            h.lines.clear();
        }
    }

    @Override
    public void stepFinished(StepRef step, StepResult result) {
        if (recorded(step)) {
            db.steps().complete(jobId, step.index(), conclusion(result.conclusion()));
        }
        Held h = held.get(step);
        if (h != null) {
            h.finished = true;
        } else if (step.equals(live)) {
            live = null;
            while (live == null && !held.isEmpty()) {
                var next = held.entrySet().iterator().next();
                held.remove(next.getKey());
                log.step(next.getKey());
                next.getValue().lines.forEach(log::line);
                if (!next.getValue().finished) {
                    live = next.getKey();
                }
            }
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
