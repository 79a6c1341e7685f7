package dev.slipway.server.store;

import java.util.Locale;
import java.util.Optional;

/** Which runs of a repository to list; every present field must match. Build with {@link #repo} and the withers. */
public record RunFilter(
        long repoId,
        Optional<String> branch,
        Optional<RunStatus> status,
        Optional<String> event,
        Optional<String> actor,
        Optional<String> workflowPath,
        Optional<Conclusion> conclusion) {

    /** All runs of a repository. */
    public static RunFilter repo(long repoId) {
        return new RunFilter(
                repoId,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    public RunFilter branch(String value) {
        return new RunFilter(repoId, Optional.of(value), status, event, actor, workflowPath, conclusion);
    }

    public RunFilter status(RunStatus value) {
        return new RunFilter(repoId, branch, Optional.of(value), event, actor, workflowPath, conclusion);
    }

    public RunFilter event(String value) {
        return new RunFilter(repoId, branch, status, Optional.of(value), actor, workflowPath, conclusion);
    }

    public RunFilter actor(String value) {
        return new RunFilter(repoId, branch, status, event, Optional.of(value), workflowPath, conclusion);
    }

    /**
     * GitHub's {@code status} filter, which takes a status ({@code queued}, {@code in_progress}, {@code completed})
     * or a conclusion ({@code success}, {@code failure}, ...).
     *
     * @throws IllegalArgumentException naming the field and the accepted values
     */
    public RunFilter statusOrConclusion(String text) {
        var name = text.strip().toUpperCase(Locale.ROOT);
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
        throw new IllegalArgumentException("'status' must be one of queued, in_progress, completed, success, failure,"
                + " cancelled, skipped, timed_out, neutral or action_required, not '" + text + "'");
    }

    /** Completed runs that ended so (GitHub's {@code status=success} and the like). */
    public RunFilter conclusion(Conclusion value) {
        return new RunFilter(repoId, branch, status, event, actor, workflowPath, Optional.of(value));
    }

    public RunFilter workflowPath(String value) {
        return new RunFilter(repoId, branch, status, event, actor, Optional.of(value), conclusion);
    }
}
