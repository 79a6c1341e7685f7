package dev.slipway.runtime;

import dev.slipway.expr.Value;
import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.JobHandle;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything one running job shares between its steps. The collections are mutable and only touched from the job's
 * thread (annotations and action names are safe from any thread). A background step runs with a state of its own
 * ({@link #forBackground}): copies of what it may change, applied to the job's when a {@code wait} takes its results.
 *
 * @param env the job's {@code env} context: workflow and job {@code env}, then what steps wrote to {@code GITHUB_ENV}
 * @param pathPrepends directories from {@code GITHUB_PATH}, newest first
 * @param defaultEnv {@code CI}, {@code GITHUB_*} and {@code RUNNER_*} variables of every step
 * @param contexts the contexts every expression sees ({@code github}, {@code runner}, {@code secrets}, ...)
 * @param posts post steps registered so far; run last-in first-out
 * @param files the environment files, emptied between processes
 * @param counter numbers the steps' script files
 */
record JobState(
        JobRequest request,
        RuntimeOptions options,
        Executor executor,
        JobHandle handle,
        JobControl control,
        JobListener listener,
        Masker masker,
        List<Annotation> annotations,
        StringBuilder summary,
        Map<String, String> env,
        List<String> pathPrepends,
        Map<String, String> defaultEnv,
        Map<String, Value> contexts,
        Deque<PostStep> posts,
        ActionCatalog actions,
        StepFiles files,
        AtomicInteger counter,
        Map<String, Integer> actionNames,
        ProblemMatchers matchers,
        JobCache cache) {

    /** Adds a job-level annotation (titled with the job's name). */
    void annotate(Annotation.Level level, String message) {
        annotations.add(Annotation.of(level, message, request.displayName()));
    }

    /**
     * GitHub's {@code GITHUB_ACTION} of a step without an id: {@code base} the first time in the job, then {@code
     * base_2}, {@code base_3}... (e.g. {@code __run}, {@code __run_2}).
     */
    String actionName(String base) {
        int n = actionNames.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + n;
    }

    /**
     * The state a background step runs with: its own {@code control} and environment {@code files}, and copies of the
     * {@code env} context, {@code GITHUB_PATH} directories, summary and post steps, which it changes alone; the rest
     * is shared.
     */
    JobState forBackground(JobControl control, StepFiles files) {
        return new JobState(
                request,
                options,
                executor,
                handle,
                control,
                listener,
                masker,
                annotations,
                new StringBuilder(),
                new java.util.LinkedHashMap<>(env),
                new java.util.ArrayList<>(pathPrepends),
                defaultEnv,
                contexts,
                new java.util.ArrayDeque<>(),
                actions,
                files,
                counter,
                actionNames,
                matchers,
                cache);
    }

    /** The job's {@code cache-mode} in effect: its own, else its workflow's, else the event's default. */
    dev.slipway.workflow.CacheMode cacheMode() {
        return dev.slipway.workflow.CacheMode.of(request.job(), request.workflow(), request.contexts());
    }

    /** The repository's default branch, as the event's {@code repository} names it; {@code main} without one. */
    String defaultBranch() {
        if (contexts.get("github") instanceof Value.Obj github
                && github.get("event").orElse(null) instanceof Value.Obj event
                && event.get("repository").orElse(null) instanceof Value.Obj repository
                && repository.get("default_branch").orElse(null) instanceof Value.Str branch
                && !branch.value().isBlank()) {
            return branch.value();
        }
        return "main";
    }

    /** The job's claim on the cache service, as the runtime gives it when the job's first action runs. */
    CacheService.Job cacheJob() {
        dev.slipway.workflow.CacheMode mode = cacheMode();
        return new CacheService.Job(
                request.jobKey(),
                dev.slipway.actions.CacheScope.of(defaultEnv, defaultBranch()),
                mode.canRestore(),
                mode.canSave(),
                mode.toString());
    }

    /**
     * What GitHub's runner gives a Node.js or Docker action beside its inputs: {@code ACTIONS_CACHE_MODE}, the job's
     * cache mode, for cache actions to honour (since July 2026), and, to an action that runs on this machine, the
     * cache service's {@code ACTIONS_CACHE_URL} and {@code ACTIONS_RUNTIME_TOKEN} (a container does not reach the
     * service, which listens on the loopback address only).
     */
    Map<String, String> actionVariables(boolean onHost, StepLog log) {
        Map<String, String> variables = new java.util.LinkedHashMap<>();
        variables.put("ACTIONS_CACHE_MODE", cacheMode().toString());
        if (onHost) {
            Map<String, String> service = cache.variables(this::cacheJob, log);
            // a token, as GitHub's runner treats it: never shown
            java.util.Optional.ofNullable(service.get("ACTIONS_RUNTIME_TOKEN")).ifPresent(masker::add);
            variables.putAll(service);
        }
        return variables;
    }

    /** A log for the top-level step {@code step}. */
    StepLog log(StepRef step) {
        return new StepLog(listener, step, masker, annotations, options.debug());
    }
}
