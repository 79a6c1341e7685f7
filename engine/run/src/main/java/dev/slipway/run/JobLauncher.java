package dev.slipway.run;

import dev.slipway.expr.Value;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.JobListener;
import dev.slipway.runtime.JobResult;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Workflow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the orchestrator sends a job instance whose steps are to run: {@link LocalLauncher} runs it on this machine
 * (the {@code slipway run} command, an agent); the server hands it to its job queue, from which an agent takes it.
 */
@FunctionalInterface
public interface JobLauncher {

    /**
     * Runs one job instance to its end. Called on the instance's own (virtual) thread; blocks until the job ended.
     * Never throws for user mistakes: they are a failed {@link JobResult}.
     *
     * @param cancel cancels the job (run cancelled, fail-fast, concurrency group)
     */
    JobResult launch(Launch job, Cancellation cancel);

    /**
     * A job instance ready to run.
     *
     * @param ref the instance
     * @param workflow the workflow file the job is in (the run's own, or a called one)
     * @param job the job as the workflow declares it; matrix values are in {@code contexts}
     * @param contexts {@code github}, {@code needs}, {@code inputs}, {@code vars}, {@code matrix}, {@code strategy}
     * @param secrets the secrets the job sees
     * @param labels the rendered {@code runs-on} labels
     * @param repository the {@code owner/name} of the repository
     * @param repoRoot the local repository of the run, as far as this machine has one
     * @param jobDir a directory for this instance's workspace and temporary files, when it runs here: new, or one an
     *     earlier job used and {@link JobDirs} emptied
     * @param started tells the run the job starts running steps (call once, when it does) and returns the listener
     *     its steps and log lines go to
     */
    record Launch(
            JobRef ref,
            Workflow workflow,
            Job job,
            Map<String, Value> contexts,
            Map<String, String> secrets,
            List<String> labels,
            String repository,
            Path repoRoot,
            Path jobDir,
            Supplier<JobListener> started) {
        public Launch {
            contexts = Map.copyOf(contexts);
            secrets = Map.copyOf(secrets);
            labels = List.copyOf(labels);
        }
    }
}
