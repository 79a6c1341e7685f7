package dev.slipway.server.api;

import dev.slipway.server.store.Artifact;
import dev.slipway.server.store.CacheEntry;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.User;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the actions endpoints ask of the run machinery (the server wires its run service in). */
public interface RunControl {
    /**
     * Starts a {@code workflow_dispatch} run of {@code workflowFile} (a file name in the workflows directory) at
     * {@code ref}.
     *
     * @throws IllegalArgumentException with a message for the user when the workflow, ref or inputs are wrong
     */
    Run dispatch(String owner, String name, String workflowFile, String ref, Map<String, String> inputs, User actor);

    /**
     * A release's activity, for the workflows of its tag that run {@code on: release}: {@code action} is created,
     * published, released, prereleased, edited or deleted; {@code release} the REST API's release object. What a job's
     * token does starts no run, as on GitHub.
     */
    void release(Repo repo, String action, Map<String, ?> release, User actor);

    /**
     * A push the server made itself (a release's new tag), for its workflows as any push is; what a job's token made
     * starts no run.
     */
    void pushed(dev.slipway.git.PushEvent event);

    /** Cancels a run that has not completed; running steps whose {@code if} still holds (always()) go on. */
    void cancel(long runId);

    /** Cancels a run that has not completed, stopping every running step. */
    void forceCancel(long runId);

    /**
     * Re-runs all jobs of a completed run as its next attempt.
     *
     * @return the queued run, or empty when it has not completed
     * @throws IllegalArgumentException with a message for the user when runs are not available
     */
    Optional<Run> rerun(long runId);

    /**
     * Re-runs the failed and cancelled jobs of a completed run (or the job whose key is {@code jobKey}) and the jobs
     * that need them, as its next attempt; the other jobs keep their results.
     *
     * @return the queued run, or empty when it has not completed
     * @throws IllegalArgumentException with a message for the user when there is nothing to re-run
     */
    default Optional<Run> rerunSome(long runId, Optional<String> jobKey) {
        throw new IllegalArgumentException("re-running single jobs is not available on this server");
    }

    /** The log of a job (all its steps), once it has one. */
    Optional<Path> logFile(long jobId);

    /** Opens the zip of a stored artifact. */
    InputStream openArtifact(Artifact artifact) throws IOException;

    /** Deletes an artifact, row and file. */
    void deleteArtifact(Artifact artifact);

    /** Deletes a cache entry, row and archive. */
    void deleteCache(CacheEntry entry);

    /** Runs are not available: dispatching fails with a message, there are no logs. */
    static RunControl unavailable() {
        return new RunControl() {
            @Override
            public Run dispatch(
                    String owner,
                    String name,
                    String workflowFile,
                    String ref,
                    Map<String, String> inputs,
                    User actor) {
                throw new IllegalArgumentException("workflow runs are not available on this server");
            }

            @Override
            public void release(Repo repo, String action, Map<String, ?> release, User actor) {}

            @Override
            public void pushed(dev.slipway.git.PushEvent event) {}

            @Override
            public void cancel(long runId) {}

            @Override
            public void forceCancel(long runId) {}

            @Override
            public Optional<Run> rerun(long runId) {
                throw new IllegalArgumentException("workflow runs are not available on this server");
            }

            @Override
            public Optional<Path> logFile(long jobId) {
                return Optional.empty();
            }

            @Override
            public InputStream openArtifact(Artifact artifact) throws IOException {
                throw new IOException("artifacts are not available on this server");
            }

            @Override
            public void deleteArtifact(Artifact artifact) {}

            @Override
            public void deleteCache(CacheEntry entry) {}
        };
    }
}
