package dev.slipway.runtime;

import dev.slipway.common.FileTrees;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.workflow.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs the steps of one job through an {@link Executor}, with GitHub Actions' semantics: step conditions, contexts,
 * environment files, workflow commands, masking, actions (built-in, composite, Node.js), pre and post steps, timeouts
 * and cancellation. One runner can run many jobs, also at the same time.
 */
public final class JobRunner {
    private static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofMinutes(360);

    private final Executor executor;
    private final RuntimeOptions options;

    public JobRunner(Executor executor, RuntimeOptions options) {
        this.executor = executor;
        this.options = options;
    }

    /** The last event payload written and its JSON: the jobs of a run share one event, so it is serialised once. */
    private record EventJson(Value event, byte[] json) {}

    private volatile @Nullable EventJson lastEvent;

    private byte[] eventJson(Value event) {
        EventJson last = lastEvent;
        if (last != null && last.event() == event) {
            return last.json();
        }
        byte[] json = Values.toJson(event).getBytes(StandardCharsets.UTF_8);
        lastEvent = new EventJson(event, json);
        return json;
    }

    /** Runs {@code request}'s job to its end and reports it to {@code listener}; never throws for user mistakes. */
    public JobResult run(JobRequest request, JobListener listener, Cancellation cancel) {
        Masker masker = new Masker();
        request.secrets().values().forEach(masker::add);
        if (options.idTokens() instanceof IdTokens.Granted granted) {
            masker.add(granted.token());
        }
        List<Annotation> annotations = java.util.Collections.synchronizedList(new ArrayList<>());
        JobListener told = IdTokenNotice.around(listener, request, options.idTokens());
        JobListener events = BackgroundSteps.any(request.job().steps()) ? BackgroundSteps.serialized(told) : told;
        Optional<String> refusal = JobContainers.refusal(request, executor);
        if (refusal.isPresent()) {
            return failed(refusal.get(), annotations);
        }
        if (JobEnvironment.of(request.job(), request.contexts()) instanceof JobEnvironment.Evaluated.Invalid bad) {
            return failed(bad.message(), annotations);
        }
        Path eventPath = RunnerTemp.eventFile(request.runnerTemp());
        Map<String, Value> contexts = JobContexts.contexts(request, options, eventPath);
        StepFiles files;
        try {
            FileTrees.ensureDirectory(request.workspace());
            files = StepFiles.create(request.runnerTemp());
            FileTrees.ensureDirectory(eventPath.getParent());
            Value event = contexts.get("github") instanceof Value.Obj g
                    ? g.get("event").orElse(Value.obj(Map.of()))
                    : Value.obj(Map.of());
            FileTrees.overwrite(eventPath, eventJson(event));
        } catch (IOException e) {
            return failed("cannot prepare the job's directories: " + e.getMessage(), annotations);
        }
        JobContainers containers;
        try {
            containers = JobContainers.resolve(request.job(), contexts);
        } catch (Exprs.EvalError e) {
            return failed(masker.mask(e.diagnostic().render()), annotations);
        }
        containers.passwords().forEach(masker::add);
        JobHandle handle;
        // a cancel interrupts the preparation (image pulls, services' health checks), which may take minutes
        Interrupter interrupter = new Interrupter(Thread.currentThread());
        cancel.onCancel(interrupter);
        try {
            handle = executor.prepareJob(new JobSpec(
                    request.jobKey(),
                    request.workspace(),
                    request.runnerTemp(),
                    request.labels(),
                    request.image(),
                    containers.container(),
                    containers.services()));
        } catch (ExecutorException e) {
            if (cancel.isCancelled()) {
                return new JobResult(
                        Conclusion.CANCELLED,
                        Map.of(),
                        List.of(),
                        Optional.of("cancelled while its containers were being prepared"),
                        "",
                        annotations);
            }
            return failed(masker.mask(e.getMessage()), annotations);
        } finally {
            cancel.remove(interrupter);
            interrupter.end();
        }
        contexts.put("job", JobContainers.jobContext(contexts.get("job"), handle));
        JobControl control = new JobControl(executor, cancel);
        control.follow();
        Optional<ScheduledFuture<?>> jobTimer = Optional.empty();
        JobCache cache = new JobCache(options.cacheService());
        try {
            JobState job = new JobState(
                    request,
                    options,
                    executor,
                    handle,
                    control,
                    events,
                    masker,
                    annotations,
                    new StringBuilder(),
                    new LinkedHashMap<>(),
                    new ArrayList<>(),
                    JobContexts.defaultEnv(request, options, contexts),
                    contexts,
                    new ArrayDeque<>(),
                    new ActionCatalog(
                            options,
                            request.workspace(),
                            handle.spec().containerized()
                                    ? Optional.of(request.runnerTemp().resolve("_actions"))
                                    : Optional.empty(),
                            new SelfRepository(
                                    request.repoRoot(),
                                    contexts.get("github") instanceof Value.Obj github
                                            ? github.get("sha")
                                                    .map(Values::toStr)
                                                    .filter(v -> !v.isEmpty())
                                            : Optional.empty(),
                                    request.runnerTemp().resolve("_self"))),
                    files,
                    new AtomicInteger(),
                    new java.util.concurrent.ConcurrentHashMap<>(),
                    new ProblemMatchers(),
                    cache);
            Scope scope = Scope.job(
                    request.job().defaults().orElse(request.workflow().defaults()),
                    request.workflow().path());
            StepContext start = StepContext.of(job, scope, Map.of());
            Duration limit;
            try {
                limit = StepRunner.minutes(
                                request.job().timeoutMinutes(),
                                start,
                                request.job().spanOf("timeout-minutes"))
                        .orElse(DEFAULT_JOB_TIMEOUT);
                StepRunner.minutes(
                                request.job().cancelTimeoutMinutes(),
                                start,
                                request.job().spanOf("cancel-timeout-minutes"),
                                "cancel-timeout-minutes")
                        .ifPresent(control::cancelTimeout);
                job.env()
                        .putAll(Exprs.renderAll(
                                request.workflow().env(),
                                start,
                                request.workflow().span()));
                job.env()
                        .putAll(Exprs.renderAll(
                                request.job().env(),
                                StepContext.of(job, scope, job.env()),
                                request.job().spanOf("env")));
            } catch (Exprs.EvalError e) {
                return failed(e.diagnostic().render(), annotations);
            }
            jobTimer = Optional.of(JobControl.schedule(limit, control::jobTimeout));
            return new JobSteps(job, scope).run(limit);
        } finally {
            jobTimer.ifPresent(t -> t.cancel(false));
            control.close(); // forgets the cancellation too
            cache.close();
            executor.destroyJob(handle);
        }
    }

    /** Interrupts a thread on cancel until {@link #end}; after that never, and the interrupt it made is cleared. */
    private static final class Interrupter implements Runnable {
        private final Thread thread;
        private boolean active = true;
        private boolean interrupted;

        Interrupter(Thread thread) {
            this.thread = thread;
        }

        @Override
        public synchronized void run() {
            if (active) {
                interrupted = true;
                thread.interrupt();
            }
        }

        /** Called on the interrupted thread when the interruptible part is over. */
        synchronized void end() {
            active = false;
            if (interrupted) {
                Thread.interrupted();
            }
        }
    }

    private static JobResult failed(String message, List<Annotation> annotations) {
        annotations.add(Annotation.of(Annotation.Level.ERROR, message, "Set up job"));
        return new JobResult(Conclusion.FAILURE, Map.of(), List.of(), Optional.of(message), "", annotations);
    }

    /** The step phases of one job: set up (actions, pre steps), main steps, post steps, outputs. */
    private record JobSteps(JobState job, Scope scope) {

        JobResult run(Duration limit) {
            StepRunner runner = new StepRunner(job);
            List<StepResult> results = new ArrayList<>();
            List<Step> steps = job.request().job().steps();
            Optional<String> setupError = PrePhase.run(job, scope, runner, results, steps.size());
            if (setupError.isPresent()) {
                return finish(results, Optional.of(setupError.get()), Map.of());
            }
            int extra = steps.size() + results.size();
            BackgroundSteps background = new BackgroundSteps(job);
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                if (step.control().isPresent()) {
                    results.add(background.control(scope, step, i, runner, results));
                } else if (step.background()) {
                    background.start(scope, step, i);
                } else {
                    results.add(runner.runTop(scope, step, i));
                }
            }
            background.finish(scope, results);
            PostPhase.run(job, scope, runner, results, extra);
            Map<String, String> outputs = outputs();
            Optional<String> failure = Optional.empty();
            if (job.control().cancelled()) {
                failure = Optional.of("The job was cancelled.");
            } else if (job.control().jobTimedOut()) {
                failure = Optional.of("The job running on runner "
                        + job.options().runnerName() + " has exceeded the maximum execution time of "
                        + StepRunner.format(limit) + " minutes.");
                job.annotate(Annotation.Level.ERROR, failure.get());
            }
            return finish(results, failure, outputs).withEnvironment(JobEnvironment.deployed(job, scope));
        }

        private Map<String, String> outputs() {
            Map<String, String> outputs = new LinkedHashMap<>();
            StepContext ctx = StepContext.of(job, scope, job.env());
            job.request().job().outputs().forEach((name, template) -> {
                try {
                    String value =
                            Exprs.render(template, ctx, job.request().job().spanOf("outputs"));
                    if (!job.masker().mask(value).equals(value)) {
                        job.annotate(
                                Annotation.Level.WARNING, "Skip output '" + name + "' since it may contain secret.");
                    } else {
                        outputs.put(name, value);
                    }
                } catch (Exprs.EvalError e) {
                    job.annotate(Annotation.Level.ERROR, e.diagnostic().render());
                }
            });
            return outputs;
        }

        private JobResult finish(List<StepResult> results, Optional<String> failure, Map<String, String> outputs) {
            Conclusion conclusion;
            Optional<String> why = failure;
            if (job.control().cancelled()) {
                conclusion = Conclusion.CANCELLED;
            } else if (failure.isPresent() || job.control().jobTimedOut()) {
                conclusion = Conclusion.FAILURE;
            } else {
                Optional<StepResult> failed = Optional.empty();
                for (StepResult r : results) {
                    if (r.conclusion() == Conclusion.FAILURE) {
                        failed = Optional.of(r);
                        break;
                    }
                }
                conclusion = failed.isPresent() ? Conclusion.FAILURE : Conclusion.SUCCESS;
                why = failed.map(r -> "step '" + r.name() + "' failed");
            }
            return new JobResult(
                    conclusion, outputs, results, why, job.summary().toString(), List.copyOf(job.annotations()));
        }
    }
}
