package dev.slipway.server.store;

import java.util.Optional;

/** Which runs of a repository to list; every present field must match. Build with {@link #repo} and the withers. */
public record RunFilter(
        long repoId,
        Optional<String> branch,
        Optional<RunStatus> status,
        Optional<String> event,
        Optional<String> actor,
        Optional<String> workflowPath) {

    /** All runs of a repository. */
    public static RunFilter repo(long repoId) {
        return new RunFilter(
                repoId, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public RunFilter branch(String value) {
        return new RunFilter(repoId, Optional.of(value), status, event, actor, workflowPath);
    }

    public RunFilter status(RunStatus value) {
        return new RunFilter(repoId, branch, Optional.of(value), event, actor, workflowPath);
    }

    public RunFilter event(String value) {
        return new RunFilter(repoId, branch, status, Optional.of(value), actor, workflowPath);
    }

    public RunFilter actor(String value) {
        return new RunFilter(repoId, branch, status, event, Optional.of(value), workflowPath);
    }

    public RunFilter workflowPath(String value) {
        return new RunFilter(repoId, branch, status, event, actor, Optional.of(value));
    }
}
