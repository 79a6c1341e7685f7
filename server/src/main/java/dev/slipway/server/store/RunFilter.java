package dev.slipway.server.store;

import java.util.Locale;
import java.util.Optional;

/**
 * Which runs of a repository to list; every present field must match. Build with {@link #repo} and the withers.
 *
 * @param waiting with {@code status} in_progress: only the runs a job of which waits at an environment's protection
 *     rules (GitHub's status {@code waiting}); without it, in_progress leaves those out, as GitHub does
 */
public record RunFilter(
        long repoId,
        Optional<String> branch,
        Optional<RunStatus> status,
        Optional<String> event,
        Optional<String> actor,
        Optional<String> workflowPath,
        Optional<Conclusion> conclusion,
        boolean waiting) {

    /** All runs of a repository. */
    public static RunFilter repo(long repoId) {
        return new RunFilter(
                repoId,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false);
    }

    public RunFilter branch(String value) {
        return new RunFilter(repoId, Optional.of(value), status, event, actor, workflowPath, conclusion, waiting);
    }

    public RunFilter status(RunStatus value) {
        return new RunFilter(repoId, branch, Optional.of(value), event, actor, workflowPath, conclusion, waiting);
    }

    public RunFilter event(String value) {
        return new RunFilter(repoId, branch, status, Optional.of(value), actor, workflowPath, conclusion, waiting);
    }

    public RunFilter actor(String value) {
        return new RunFilter(repoId, branch, status, event, Optional.of(value), workflowPath, conclusion, waiting);
    }

    /**
     * GitHub's {@code status} filter, which takes a status ({@code queued}, {@code in_progress}, {@code completed})
     * or a conclusion ({@code success}, {@code failure}, ...).
     *
     * @throws IllegalArgumentException naming the field and the accepted values
     */
    public RunFilter statusOrConclusion(String text) {
        var name = text.strip().toUpperCase(Locale.ROOT);
        if (name.equals("WAITING")) {
            return new RunFilter(
                    repoId, branch, Optional.of(RunStatus.IN_PROGRESS), event, actor, workflowPath, conclusion, true);
        }
        for (var s : RunStatus.values()) {
            if (s.name().equals(name)) {
                return status(s);
            }
        }
        for (var c : Conclusion.values()) {
            if (c.name().equals(name)) {
                return conclusion(c);
            }
        }
        throw new IllegalArgumentException(
                "'status' must be one of queued, in_progress, waiting, completed, success, failure,"
                        + " cancelled, skipped, timed_out, neutral or action_required, not '" + text + "'");
    }

    /** Completed runs that ended so (GitHub's {@code status=success} and the like). */
    public RunFilter conclusion(Conclusion value) {
        return new RunFilter(repoId, branch, status, event, actor, workflowPath, Optional.of(value), waiting);
    }

    public RunFilter workflowPath(String value) {
        return new RunFilter(repoId, branch, status, event, actor, Optional.of(value), conclusion, waiting);
    }
}
