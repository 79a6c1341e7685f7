package dev.slipway.run;

import dev.slipway.expr.Conditions;
import dev.slipway.expr.EvalContext;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Expressions;
import dev.slipway.expr.JobStatus;
import dev.slipway.expr.Value;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobResult;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/** The jobs of one workflow (the run's own, or a called reusable workflow's) being run in {@code needs} order. */
final class RunScope {
    private final Orchestrator orchestrator;
    private final RunRequest request;
    private final RunListener listener;
    private final Cancellation cancel;
    private final Shared shared;
    private final String keyPrefix;
    /** Where this run's {@code ./} reusable workflows are read: the repository's, or a called remote workflow's. */
    private final Orchestrator.WorkflowSource workflows;
    /** The workflows that led here: the run's, then each called one down to this scope's own (its last). */
    private final List<String> callChain;

    private final Map<String, CompletableFuture<JobSummary>> futures = new HashMap<>();

    RunScope(Orchestrator orchestrator, RunRequest request, RunListener listener, Cancellation cancel) {
        this(
                orchestrator,
                request,
                listener,
                cancel,
                new Shared(
                        request.parallelism(),
                        orchestrator.jobDirs(request.runDir().resolve("jobs"))),
                "",
                orchestrator.workflows(),
                List.of(request.workflow().path()));
    }

    RunScope(
            Orchestrator orchestrator,
            RunRequest request,
            RunListener listener,
            Cancellation cancel,
            Shared shared,
            String keyPrefix,
            Orchestrator.WorkflowSource workflows,
            List<String> callChain) {
        this.orchestrator = orchestrator;
        this.request = request;
        this.listener = listener;
        this.cancel = cancel;
        this.shared = shared;
        this.keyPrefix = keyPrefix;
        this.workflows = workflows;
        this.callChain = List.copyOf(callChain);
    }

    /** The run's workflow, then each reusable workflow called on the way to this scope's (the last). */
    List<String> callChain() {
        return callChain;
    }

    /** Where this run's local reusable workflows ({@code uses: ./.github/workflows/x.yml}) are read. */
    Orchestrator.WorkflowSource workflows() {
        return workflows;
    }

    RunResult execute() {
        Instant start = Instant.now();
        Map<String, JobSummary> summaries = runJobs();
        Conclusion conclusion = Conclusion.ofRun(
                summaries.values().stream().map(JobSummary::result).toList());
        return new RunResult(conclusion, shared.finished(), Duration.between(start, Instant.now()));
    }

    /** Runs every selected job and returns their summaries by job id, in file order. */
    Map<String, JobSummary> runJobs() {
        Workflow wf = request.workflow();
        Set<String> selected = selectedJobs(wf);
        Map<String, JobSummary> out = new LinkedHashMap<>();
        for (String id : wf.jobs().keySet()) {
            if (selected.contains(id)) {
                future(id);
            }
        }
        for (String id : wf.jobs().keySet()) {
            if (selected.contains(id)) {
                out.put(id, future(id).join());
            }
        }
        return out;
    }

    private Set<String> selectedJobs(Workflow wf) {
        if (request.onlyJobs().isEmpty()) {
            return wf.jobs().keySet();
        }
        Set<String> keep = new LinkedHashSet<>();
        request.onlyJobs().forEach(id -> addWithNeeds(wf, id, keep));
        return keep;
    }

    private static void addWithNeeds(Workflow wf, String id, Set<String> keep) {
        Job job = wf.jobs().get(id);
        if (job != null && keep.add(id)) {
            job.needs().forEach(n -> addWithNeeds(wf, n, keep));
        }
    }

    /** The conclusion of a called workflow's jobs, which the calling job takes ({@link Conclusion#overall}). */
    static Conclusion conclusion(java.util.Collection<JobSummary> summaries) {
        return Conclusion.overall(summaries.stream().map(JobSummary::result).toList());
    }

    private CompletableFuture<JobSummary> future(String id) {
        CompletableFuture<JobSummary> existing = futures.get(id);
        if (existing != null) {
            return existing;
        }
        Job job = request.workflow().jobs().get(id);
        List<CompletableFuture<JobSummary>> needs = new ArrayList<>();
        for (String n : job.needs()) {
            needs.add(future(n));
        }
        CompletableFuture<JobSummary> f = CompletableFuture.allOf(needs.toArray(CompletableFuture[]::new))
                .thenApplyAsync(v -> runJob(job), shared.threads());
        futures.put(id, f);
        return f;
    }

    private JobSummary runJob(Job job) {
        ReusedJob reused = reused(job.id());
        if (reused != null) { // kept from an earlier attempt: not run, not reported
            return new JobSummary(reused.conclusion(), reused.outputs(), reused.conclusion() == Conclusion.FAILURE);
        }
        Map<String, JobSummary> needs = new LinkedHashMap<>();
        for (String n : job.needs()) {
            needs.put(n, futures.get(n).join());
        }
        Map<String, Value> contexts = new LinkedHashMap<>();
        contexts.put("github", Contexts.with(request.github(), "job", new Value.Str(job.id())));
        contexts.put("needs", needsContext(needs));
        contexts.put("inputs", request.inputs());
        contexts.put("vars", request.varsContext());
        boolean upstreamFailed = false;
        for (JobSummary s : needs.values()) {
            upstreamFailed |= s.failedUpstream();
        }
        Optional<String> notSucceeded = firstNotSucceeded(job);
        JobStatus status = cancel.isCancelled()
                ? JobStatus.CANCELLED
                : upstreamFailed
                        ? JobStatus.FAILURE
                        : notSucceeded.isPresent() ? JobStatus.NOT_ALL_SUCCEEDED : JobStatus.SUCCESS;
        Optional<String> skip;
        try {
            skip = skipReason(job, notSucceeded, Contexts.of(contexts, status));
        } catch (ExprException e) {
            return failWithoutRunning(job, JobResults.at(job.spanOf("if"), e.getMessage()));
        }
        if (skip.isPresent()) {
            Conclusion c = cancel.isCancelled() ? Conclusion.CANCELLED : Conclusion.SKIPPED;
            JobRef ref = new JobRef(keyPrefix + job.id(), job.id(), keyPrefix + job.id(), Matrices.EMPTY, path());
            finish(ref, JobResults.without(c, skip.get()), Duration.ZERO);
            return new JobSummary(c, Map.of(), upstreamFailed);
        }
        // A job whose condition holds although the run is cancelled (always(), cancelled()) runs to its end, as on
        // GitHub.
        boolean detached = cancel.isCancelled();
        BooleanSupplier wantedWhenCancelled = () -> {
            try {
                return skipReason(job, notSucceeded, Contexts.of(contexts, JobStatus.CANCELLED))
                        .isEmpty();
            } catch (ExprException | RuntimeException e) {
                return false;
            }
        };
        return new JobInstances(this, job, contexts, upstreamFailed, detached, wantedWhenCancelled).run();
    }

    /**
     * The first job this one depends on, directly or further up its {@code needs}, that did not succeed: GitHub
     * evaluates a job's {@code success()} (also the implicit one) over all of them, so a job after an {@code always()}
     * job that follows a skipped one is skipped too (actions/runner#2205). Every such job has ended by now.
     */
    private Optional<String> firstNotSucceeded(Job job) {
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(job.needs());
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String id = todo.removeFirst();
            if (!seen.add(id)) {
                continue;
            }
            if (futures.get(id).join().result() != Conclusion.SUCCESS) {
                return Optional.of(id);
            }
            todo.addAll(request.workflow().jobs().get(id).needs());
        }
        return Optional.empty();
    }

    private static Optional<String> skipReason(Job job, Optional<String> notSucceeded, EvalContext ctx)
            throws ExprException {
        Optional<String> why = notSucceeded.map(id -> job.needs().contains(id)
                ? "a job it needs did not succeed"
                : "job '" + id + "', which a job it needs depends on, did not succeed");
        if (job.condition().isEmpty()) {
            if (ctx.jobStatus() == JobStatus.CANCELLED) {
                return Optional.of("the run was cancelled");
            }
            return why;
        }
        String cond = job.condition().get();
        boolean usesStatus = Expressions.usesStatusFunction(Conditions.parse(cond));
        if (!usesStatus && why.isPresent()) {
            return why;
        }
        return Conditions.evaluate(cond, ctx) ? Optional.empty() : Optional.of("its if: condition is false");
    }

    private JobSummary failWithoutRunning(Job job, String reason) {
        JobRef ref = new JobRef(keyPrefix + job.id(), job.id(), keyPrefix + job.id(), Matrices.EMPTY, path());
        finish(ref, JobResults.without(Conclusion.FAILURE, reason), Duration.ZERO);
        return new JobSummary(Conclusion.FAILURE, Map.of(), true);
    }

    private static Value.Obj needsContext(Map<String, JobSummary> needs) {
        Map<String, Value> m = new LinkedHashMap<>();
        needs.forEach((id, s) -> m.put(
                id,
                new Value.Obj(Map.of(
                        "result", new Value.Str(s.result().label()), "outputs", Contexts.strings(s.outputs())))));
        return new Value.Obj(m);
    }

    /**
     * How an earlier attempt of the run ended the job or matrix combination {@code key}, to be taken instead of running
     * it; null when it runs. Only the run's own jobs are kept, not those of a called workflow.
     */
    @Nullable
    ReusedJob reused(String key) {
        return keyPrefix.isEmpty() ? request.reused().get(key) : null;
    }

    void finish(JobRef ref, JobResult result, Duration duration) {
        shared.add(new RunResult.Finished(ref, result, duration));
        listener.jobFinished(ref, result);
    }

    String path() {
        return request.workflow().path();
    }

    Orchestrator orchestrator() {
        return orchestrator;
    }

    RunRequest request() {
        return request;
    }

    RunListener listener() {
        return listener;
    }

    Cancellation cancel() {
        return cancel;
    }

    Shared shared() {
        return shared;
    }

    String keyPrefix() {
        return keyPrefix;
    }

    /**
     * What later jobs see of a finished job.
     *
     * @param failedUpstream this job or one before it failed (for {@code failure()} in later jobs)
     */
    record JobSummary(Conclusion result, Map<String, String> outputs, boolean failedUpstream) {}
}
