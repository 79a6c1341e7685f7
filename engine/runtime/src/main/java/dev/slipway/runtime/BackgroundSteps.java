package dev.slipway.runtime;

import dev.slipway.expr.Value;
import dev.slipway.workflow.Step;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The background steps of one job: GitHub's {@code background: true}, {@code parallel}, {@code wait}, {@code wait-all}
 * and {@code cancel} (June 2026). A background step runs on a thread of its own with a state of its own ({@link
 * JobState#forBackground}) and the job goes on at once. What it changes (its {@code steps} context entry, {@code
 * GITHUB_ENV}, {@code GITHUB_PATH}, the job summary, its post steps) reaches the job only when a {@code wait}, {@code
 * wait-all} or {@code cancel} step takes its result, or at the job's end before the post steps (GitHub's implicit
 * {@code wait-all}), as GitHub's runner defers them. A {@code wait} fails when a step it waited for failed (unless that
 * step has {@code continue-on-error}); a failed background step fails the job in any case. At most {@value
 * #MAX_RUNNING} run at once; more wait for a slot. Only the job's thread calls this class.
 */
final class BackgroundSteps {
    /** GitHub's limit of background steps running at once in a job. */
    static final int MAX_RUNNING = 10;

    private final JobState job;
    private final Semaphore slots = new Semaphore(MAX_RUNNING, true);
    /** The background steps started so far, by index, in the order they started. */
    private final Map<Integer, Running> started = new LinkedHashMap<>();

    BackgroundSteps(JobState job) {
        this.job = job;
    }

    /** A started background step. */
    private static final class Running {
        final Step step;
        final int index;
        final Scope scope;
        final JobControl control;
        final Map<String, String> envBefore;
        final List<String> pathBefore;
        final CompletableFuture<StepResult> done = new CompletableFuture<>();
        /** Its own state, once its thread made it (read after {@link #done} completed). */
        volatile @Nullable JobState state;
        /** Whether its result reached the job. */
        boolean taken;

        Running(Step step, int index, Scope scope, JobControl control, JobState job) {
            this.step = step;
            this.index = index;
            this.scope = scope;
            this.control = control;
            this.envBefore = new LinkedHashMap<>(job.env());
            this.pathBefore = List.copyOf(job.pathPrepends());
        }
    }

    /** Whether a job of these steps runs any step in the background (its listener must then take calls from many threads). */
    static boolean any(List<Step> steps) {
        for (Step s : steps) {
            if (s.background()) {
                return true;
            }
        }
        return false;
    }

    /** Starts {@code step} in the background: its condition, then the step, on a thread of its own. */
    void start(Scope scope, Step step, int index) {
        JobControl control = job.control().child();
        Running r = new Running(step, index, scope.forBackground(), control, job);
        started.put(index, r);
        Thread.ofVirtual().name("slipway-background-step-" + (index + 1)).start(() -> {
            try {
                slots.acquireUninterruptibly();
                try {
                    r.done.complete(run(r));
                } finally {
                    slots.release();
                }
            } catch (RuntimeException | Error e) { // a bug: the job must still end
                r.done.complete(failed(r));
            } finally {
                control.close();
                job.control().forget(control);
            }
        });
    }

    private StepResult run(Running r) {
        Path dir = job.request().runnerTemp().resolve("_background").resolve(Integer.toString(r.index + 1));
        StepFiles files;
        try {
            files = StepFiles.create(dir);
        } catch (IOException e) {
            StepRef ref = new StepRef(r.index, r.step.id(), r.step.displayName(), false);
            job.listener().stepStarted(ref);
            job.log(ref).error("cannot create the environment files of the background step: " + e.getMessage());
            StepResult failed = failed(r);
            job.listener().stepFinished(ref, failed);
            return failed;
        }
        JobState own = job.forBackground(r.control, files);
        r.state = own;
        return new StepRunner(own).runTop(r.scope, r.step, r.index);
    }

    /** The result of a background step that could not run. */
    private static StepResult failed(Running r) {
        return new StepResult(
                r.index,
                r.step.id(),
                r.step.displayName(),
                Conclusion.FAILURE,
                Conclusion.FAILURE,
                Map.of(),
                Duration.ZERO);
    }

    /**
     * Runs a {@code wait}, {@code wait-all} or {@code cancel} step as a step of the job; the results it takes go into
     * {@code results} at their steps' places.
     */
    StepResult control(Scope scope, Step step, int index, StepRunner runner, List<StepResult> results) {
        Step.Control c = step.control().orElseThrow();
        String name = runner.displayName(scope, step);
        StepRef ref = new StepRef(index, step.id(), name, false);
        StepLog log = job.log(ref);
        job.listener().stepStarted(ref);
        Instant begin = Instant.now();
        List<Running> targets = c.kind() == Step.Control.Kind.WAIT_ALL
                ? started.values().stream().filter(r -> !r.taken).toList()
                : c.targets().stream()
                        .map(started::get)
                        .filter(Objects::nonNull)
                        .toList();
        String names =
                targets.stream().map(r -> runner.displayName(r.scope, r.step)).collect(Collectors.joining(", "));
        if (c.kind() == Step.Control.Kind.CANCEL) {
            log.output("Cancelling background step(s): " + names);
            for (Running r : targets) {
                if (!r.done.isDone()) {
                    r.control.withdraw();
                }
            }
        } else if (targets.isEmpty()) {
            log.output("No background steps remaining to wait for.");
        } else {
            log.output("Waiting for background step(s) to complete: " + names);
        }
        boolean failed = false;
        for (Running r : targets) {
            StepResult result = r.done.join();
            if (!r.taken) {
                take(r, scope, results);
            }
            log.output("  " + result.name() + ": " + result.conclusion().label());
            failed |= c.kind() != Step.Control.Kind.CANCEL && result.conclusion() == Conclusion.FAILURE;
        }
        Conclusion outcome = failed ? Conclusion.FAILURE : Conclusion.SUCCESS;
        Conclusion conclusion = outcome;
        if (failed) {
            log.error("A background step this step waited for failed.");
            try {
                if (StepRunner.truthy(
                        step.continueOnError(),
                        StepContext.of(job, scope, runner.scopeEnv(scope)),
                        step.spanOf("continue-on-error"))) {
                    conclusion = Conclusion.SUCCESS;
                }
            } catch (Exprs.EvalError e) {
                log.error(e.diagnostic().render());
            }
        }
        StepRunner.Finished finished = new StepRunner.Finished(outcome, conclusion, Map.of());
        StepRunner.record(scope, step, finished);
        StepResult result = new StepResult(
                index, step.id(), name, outcome, conclusion, Map.of(), Duration.between(begin, Instant.now()));
        job.listener().stepFinished(ref, result);
        return result;
    }

    /**
     * GitHub's implicit {@code wait-all} before the post steps: waits for the background steps no step waited for and
     * takes their results; a failed one fails the job's status, so the post steps see {@code failure()}.
     */
    void finish(Scope scope, List<StepResult> results) {
        for (Running r : started.values()) {
            if (!r.taken) {
                StepResult result = r.done.join();
                take(r, scope, results);
                if (result.conclusion() == Conclusion.FAILURE) {
                    scope.status().fail();
                }
            }
        }
    }

    /** Applies what {@code r} changed to the job, and its result to {@code results}. */
    private void take(Running r, Scope scope, List<StepResult> results) {
        r.taken = true;
        StepResult result = r.done.join();
        r.step.id().ifPresent(id -> {
            Value entry = r.scope.steps().get(id);
            if (entry != null) {
                scope.steps().put(id, entry);
            }
        });
        JobState own = r.state;
        if (own != null) {
            own.env().forEach((k, v) -> {
                if (!v.equals(r.envBefore.get(k))) {
                    job.env().put(k, v);
                }
            });
            List<String> added = added(r.pathBefore, own.pathPrepends());
            for (int i = added.size() - 1; i >= 0; i--) {
                StepProcess.prependPath(job, added.get(i));
            }
            job.summary().append(own.summary());
            Iterator<PostStep> posts = own.posts().descendingIterator();
            while (posts.hasNext()) {
                job.posts().push(posts.next());
            }
        }
        int declared = job.request().job().steps().size();
        int at = results.size();
        for (int i = 0; i < results.size(); i++) {
            int other = results.get(i).index();
            if (other < declared && other > result.index()) {
                at = i;
                break;
            }
        }
        results.add(at, result);
    }

    /**
     * The directories a step put in front of {@code GITHUB_PATH}'s list, newest first: {@code after} is them followed
     * by {@code before} without them (a directory added again moves to the front).
     */
    static List<String> added(List<String> before, List<String> after) {
        for (int p = 0; p <= after.size(); p++) {
            List<String> head = after.subList(0, p);
            List<String> rest = new ArrayList<>(before);
            rest.removeAll(head);
            if (after.subList(p, after.size()).equals(rest)) {
                return List.copyOf(head);
            }
        }
        return List.copyOf(after);
    }

    /** A listener that takes calls from the job's thread and its background steps' threads, one at a time. */
    static JobListener serialized(JobListener listener) {
        return new JobListener() {
            @Override
            public synchronized void stepStarted(StepRef step) {
                listener.stepStarted(step);
            }

            @Override
            public synchronized void log(StepRef step, LogLine line) {
                listener.log(step, line);
            }

            @Override
            public synchronized void stepFinished(StepRef step, StepResult result) {
                listener.stepFinished(step, result);
            }
        };
    }
}
