package dev.slipway.run;

import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.JobRunner;
import dev.slipway.runtime.spi.Executor;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.Workflow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs whole workflow runs on this machine: jobs in {@code needs} order, matrix fan-out, job conditions,
 * {@code fail-fast}, {@code max-parallel}, job concurrency groups and reusable workflows. Each job instance is handed
 * to a {@link JobRunner} for the executor its {@code runs-on} labels map to.
 */
public final class Orchestrator {
    private final Platforms platforms;
    private final Function<Executor, JobRunner> runnerFactory;
    private final Map<Executor, JobRunner> runners = new ConcurrentHashMap<>();
    private final WorkflowSource workflows;

    /**
     * @param platforms the runs-on label mapping
     * @param runnerFactory creates the job runner of an executor (called once per executor)
     * @param workflows loads reusable workflows ({@code jobs.<id>.uses: ./...}) by repository-relative path
     */
    public Orchestrator(Platforms platforms, Function<Executor, JobRunner> runnerFactory, WorkflowSource workflows) {
        this.platforms = platforms;
        this.runnerFactory = runnerFactory;
        this.workflows = workflows;
    }

    /** Runs {@code request} to its end and returns how it ended; {@code cancel} stops it (Ctrl-C). */
    public RunResult run(RunRequest request, RunListener listener, Cancellation cancel) {
        return new RunScope(this, request, listener, cancel).execute();
    }

    JobRunner runner(Executor executor) {
        return runners.computeIfAbsent(executor, runnerFactory);
    }

    Platforms platforms() {
        return platforms;
    }

    WorkflowSource workflows() {
        return workflows;
    }

    /** Loads a workflow file of the repository by its path relative to the repository root. */
    @FunctionalInterface
    public interface WorkflowSource {
        ParseResult<Workflow> load(String path);
    }
}
