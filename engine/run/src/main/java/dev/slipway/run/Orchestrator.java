package dev.slipway.run;

import dev.slipway.actions.ActionRef;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.JobRunner;
import dev.slipway.runtime.spi.Executor;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.Workflow;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs whole workflow runs on this machine: jobs in {@code needs} order, matrix fan-out, job conditions,
 * {@code fail-fast}, {@code max-parallel}, job concurrency groups and reusable workflows. Each job instance is handed
 * to a {@link JobLauncher}: by default a {@link LocalLauncher}, which runs it with a {@link JobRunner} for the executor
 * its {@code runs-on} labels map to.
 */
public final class Orchestrator {
    private final JobLauncher launcher;
    private final WorkflowSource workflows;
    private final JobDirMode jobDirMode;
    /** Job directories adopted ahead of the run ({@link #withAdopted}), taken by the run in their root. */
    private final @Nullable JobDirs adopted;

    /**
     * @param platforms the runs-on label mapping
     * @param runnerFactory creates the job runner of an executor (called once per executor)
     * @param workflows loads reusable workflows ({@code jobs.<id>.uses: ./...}) by repository-relative path
     */
    public Orchestrator(Platforms platforms, Function<Executor, JobRunner> runnerFactory, WorkflowSource workflows) {
        this(new LocalLauncher(platforms, runnerFactory), workflows);
    }

    /**
     * @param launcher runs each job instance (here, or through a server's job queue on an agent)
     * @param workflows loads reusable workflows ({@code jobs.<id>.uses: ./...}) by repository-relative path
     */
    public Orchestrator(JobLauncher launcher, WorkflowSource workflows) {
        this(launcher, workflows, JobDirMode.RECYCLE);
    }

    private Orchestrator(JobLauncher launcher, WorkflowSource workflows, JobDirMode jobDirMode) {
        this(launcher, workflows, jobDirMode, null);
    }

    private Orchestrator(
            JobLauncher launcher, WorkflowSource workflows, JobDirMode jobDirMode, @Nullable JobDirs adopted) {
        this.adopted = adopted;
        this.launcher = launcher;
        this.workflows = workflows;
        this.jobDirMode = jobDirMode;
    }

    private enum JobDirMode {
        RECYCLE,
        KEEP,
        ADOPT
    }

    /**
     * An orchestrator like this one that gives every job a directory of its own and leaves it in place after the job,
     * to look at; by default a finished job's directory is emptied and reused by a later job of the run ({@link
     * JobDirs}).
     */
    public Orchestrator keepingJobDirs() {
        return new Orchestrator(launcher, workflows, JobDirMode.KEEP);
    }

    /**
     * An orchestrator like this one that also takes over the job directories an earlier run left in the run directory
     * ({@link JobDirs#adopting}): for a run directory that one run at a time uses and that outlives the run.
     */
    public Orchestrator adoptingJobDirs() {
        return new Orchestrator(launcher, workflows, JobDirMode.ADOPT);
    }

    /**
     * An orchestrator like this one whose run in {@code dirs}' root uses {@code dirs}, made by {@link JobDirs#adopting}
     * ahead of the run (the command line claims the run's slot while it parses the workflow files). Other runs adopt
     * their own as {@link #adoptingJobDirs} does.
     */
    public Orchestrator withAdopted(JobDirs dirs) {
        return new Orchestrator(launcher, workflows, JobDirMode.ADOPT, dirs);
    }

    /** Runs {@code request} to its end and returns how it ended; {@code cancel} stops it (Ctrl-C). */
    public RunResult run(RunRequest request, RunListener listener, Cancellation cancel) {
        return new RunScope(this, request, listener, cancel).execute();
    }

    JobDirs jobDirs(Path root) {
        JobDirs ready = adopted;
        if (ready != null && ready.root().equals(root)) {
            return ready;
        }
        return switch (jobDirMode) {
            case RECYCLE -> JobDirs.recycling(root);
            case KEEP -> JobDirs.kept(root);
            case ADOPT -> JobDirs.adopting(root);
        };
    }

    JobLauncher launcher() {
        return launcher;
    }

    WorkflowSource workflows() {
        return workflows;
    }

    /** Loads a workflow file of the repository by its path relative to the repository root. */
    @FunctionalInterface
    public interface WorkflowSource {
        ParseResult<Workflow> load(String path);

        /**
         * A reusable workflow of another repository, {@code uses: owner/repo/.github/workflows/x.yml@ref} as written,
         * {@code ref} its parse (its path the workflow file's). This source reaches no other repository unless it says
         * otherwise.
         */
        default Remote remote(String uses, ActionRef ref) {
            return new Remote.Missing("reusable workflow '" + uses
                    + "' is not in this repository; only local reusable workflows (./.github/workflows/x.yml) can run"
                    + " here");
        }
    }

    /** What {@link WorkflowSource#remote} found. */
    public sealed interface Remote {
        /**
         * The called workflow, and the source its own {@code ./.github/workflows/...} calls load from: its repository
         * at the same ref, as on GitHub.
         */
        record Found(ParseResult<Workflow> workflow, WorkflowSource source) implements Remote {}

        /** Not found, or not reachable from here: {@code message} says which. */
        record Missing(String message) implements Remote {}
    }
}
