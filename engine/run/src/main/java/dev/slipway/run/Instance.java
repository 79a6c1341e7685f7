package dev.slipway.run;

import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.JobStatus;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobResult;
import dev.slipway.workflow.Concurrency;
import dev.slipway.workflow.Job;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/** One combination of a job's matrix (or the job itself): waits for a slot and its concurrency group, then runs. */
final class Instance {
    private final RunScope scope;
    private final Job job;
    private final Map<String, Value> contexts;
    private final JobRef ref;

    Instance(
            RunScope scope,
            Job job,
            Map<String, Value> base,
            Value.Obj combo,
            int index,
            int total,
            boolean failFast,
            int maxParallel) {
        this.scope = scope;
        this.job = job;
        Map<String, Value> c = new LinkedHashMap<>(base);
        c.put("matrix", combo);
        c.put(
                "strategy",
                new Value.Obj(Map.of(
                        "fail-fast", Value.of(failFast),
                        "job-index", Value.of(index),
                        "job-total", Value.of(total),
                        "max-parallel", Value.of(maxParallel > 0 ? maxParallel : total))));
        this.contexts = c;
        String key = scope.keyPrefix() + job.id() + Matrices.suffix(combo);
        String name =
                Matrices.renderedName(job, c).map(n -> scope.keyPrefix() + n).orElse(key);
        this.ref = new JobRef(key, job.id(), name, combo, scope.path());
    }

    /** How the instance ended, and whether its failure is forgiven by {@code continue-on-error}. */
    record Outcome(JobResult result, boolean continueOnError) {}

    /** The instance's job key, e.g. {@code test (18, linux)}. */
    String key() {
        return ref.key();
    }

    /** The outcome an earlier attempt of the run gave this instance, taken instead of running it. */
    Outcome kept(ReusedJob earlier) {
        boolean continueOnError;
        try {
            continueOnError = continueOnError(Contexts.of(contexts, JobStatus.SUCCESS));
        } catch (ExprException e) {
            continueOnError = false;
        }
        return new Outcome(
                new JobResult(earlier.conclusion(), earlier.outputs(), List.of(), Optional.empty(), "", List.of()),
                continueOnError);
    }

    Outcome run(Cancellation group, Semaphore limit) {
        Cancellation mine = new Cancellation();
        mine.follow(group);
        Instant start = Instant.now();
        EvalContext ctx = Contexts.of(contexts, JobStatus.SUCCESS);
        boolean continueOnError;
        try {
            continueOnError = continueOnError(ctx);
        } catch (ExprException e) {
            return done(
                    JobResults.without(
                            Conclusion.FAILURE, JobResults.at(job.spanOf("continue-on-error"), e.getMessage())),
                    start,
                    false);
        }
        boolean acquiredLimit = false;
        boolean acquiredSlot = false;
        String concurrencyGroup = null;
        try {
            if (limit != null) {
                limit.acquire();
                acquiredLimit = true;
            }
            if (!job.isCall()) { // a call's own jobs take the slots; holding one here could deadlock
                scope.shared().slots().acquire();
                acquiredSlot = true;
            }
            if (mine.isCancelled()) {
                return done(
                        JobResults.without(Conclusion.CANCELLED, "cancelled before it started"),
                        start,
                        continueOnError);
            }
            if (job.concurrency().isPresent()) {
                var conc = job.concurrency().get();
                String g = Contexts.renderString(conc.group(), ctx);
                boolean cancelInProgress = Values.truthy(Contexts.render(conc.cancelInProgress(), ctx));
                Optional<String> refused = scope.shared().groups().enter(g, cancelInProgress, conc.queue(), mine);
                if (refused.isPresent()) {
                    boolean invalid = refused.get().equals(Concurrency.QUEUE_WITH_CANCEL);
                    return done(
                            JobResults.without(
                                    invalid ? Conclusion.FAILURE : Conclusion.CANCELLED,
                                    invalid ? JobResults.at(job.spanOf("concurrency"), refused.get()) : refused.get()),
                            start,
                            continueOnError);
                }
                concurrencyGroup = g;
            }
            start = Instant.now(); // as GitHub times a job: from when it starts, not while it waited to
            JobResult result =
                    job.isCall() ? new ReusableCall(scope, job, contexts, ref).run(mine) : runSteps(ctx, mine);
            return done(result, start, continueOnError);
        } catch (ExprException e) {
            return done(
                    JobResults.without(Conclusion.FAILURE, JobResults.at(job.spanOf("concurrency"), e.getMessage())),
                    start,
                    continueOnError);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return done(JobResults.without(Conclusion.CANCELLED, "interrupted"), start, continueOnError);
        } finally {
            if (concurrencyGroup != null) {
                scope.shared().groups().leave(concurrencyGroup, mine);
            }
            if (acquiredSlot) {
                scope.shared().slots().release();
            }
            if (acquiredLimit) {
                limit.release();
            }
        }
    }

    private JobResult runSteps(EvalContext ctx, Cancellation mine) {
        List<String> labels;
        try {
            labels = Platforms.labelsOf(Contexts.render(job.runsOn(), ctx));
        } catch (ExprException e) {
            return JobResults.without(Conclusion.FAILURE, JobResults.at(job.spanOf("runs-on"), e.getMessage()));
        }
        JobDirs dirs = scope.shared().jobDirs();
        Path dir;
        try {
            dir = dirs.take();
        } catch (IOException e) {
            return JobResults.without(Conclusion.FAILURE, "cannot create a directory for the job: " + e.getMessage());
        }
        String repository =
                scope.request().github().get("repository").map(Values::toStr).orElse("");
        var launch = new JobLauncher.Launch(
                ref,
                scope.request().workflow(),
                job,
                contexts,
                scope.request().secrets(),
                labels,
                repository,
                scope.request().repoRoot(),
                dir,
                () -> scope.listener().jobStarted(ref));
        try {
            return scope.orchestrator().launcher().launch(launch, mine);
        } finally {
            dirs.give(dir);
        }
    }

    private boolean continueOnError(EvalContext ctx) throws ExprException {
        return Values.truthy(Contexts.render(job.continueOnError(), ctx));
    }

    private Outcome done(JobResult result, Instant start, boolean continueOnError) {
        scope.finish(ref, result, Duration.between(start, Instant.now()));
        return new Outcome(result, continueOnError);
    }
}
