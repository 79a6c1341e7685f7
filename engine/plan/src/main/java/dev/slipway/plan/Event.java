package dev.slipway.plan;

import dev.slipway.expr.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Something that may trigger workflows, with the webhook-shaped {@code payload} exposed as {@code github.event}. Build
 * one with {@link Events}.
 *
 * @param name the event name: {@code push}, {@code pull_request}, {@code workflow_dispatch}, {@code schedule}, ...
 * @param action the activity type, e.g. {@code opened}; empty for events without types
 * @param ref the full ref the run uses: {@code refs/heads/main}, {@code refs/tags/v1}, {@code refs/pull/7/merge}
 * @param sha the commit the run uses
 * @param baseRef the base branch name of a pull request (no {@code refs/heads/})
 * @param headRef the head branch name of a pull request
 * @param changedFiles paths changed by the event; empty when unknown, which lets every path filter pass
 * @param actor the login of the user who caused the event
 * @param repository {@code owner/name}
 * @param inputs {@code workflow_dispatch} inputs as given (strings)
 * @param cron the {@code schedule} entry that fired
 * @param payload the webhook payload
 */
public record Event(
        String name,
        Optional<String> action,
        String ref,
        String sha,
        Optional<String> baseRef,
        Optional<String> headRef,
        Optional<List<String>> changedFiles,
        String actor,
        String repository,
        Map<String, String> inputs,
        Optional<String> cron,
        Value.Obj payload) {

    public Event {
        changedFiles = changedFiles.map(List::copyOf);
        inputs = Map.copyOf(inputs);
    }

    /** This event with the changed files known, e.g. computed from a git diff by the caller. */
    public Event withChangedFiles(List<String> files) {
        return new Event(
                name, action, ref, sha, baseRef, headRef, Optional.of(files), actor, repository, inputs, cron, payload);
    }

    /** This event with the changed files unknown (path filters then match as if every file changed). */
    public Event withoutChangedFiles() {
        return new Event(
                name, action, ref, sha, baseRef, headRef, Optional.empty(), actor, repository, inputs, cron, payload);
    }

    /** This event with another webhook payload. */
    public Event withPayload(Value.Obj other) {
        return new Event(
                name, action, ref, sha, baseRef, headRef, changedFiles, actor, repository, inputs, cron, other);
    }

    /** Whether {@link #ref} is a tag. */
    public boolean isTag() {
        return ref.startsWith("refs/tags/");
    }

    /** Whether {@link #ref} is a branch. */
    public boolean isBranch() {
        return ref.startsWith("refs/heads/");
    }

    /** The short ref name: {@code main} for {@code refs/heads/main}, {@code 7/merge} for {@code refs/pull/7/merge}. */
    public String refName() {
        for (String prefix : List.of("refs/heads/", "refs/tags/", "refs/pull/")) {
            if (ref.startsWith(prefix)) {
                return ref.substring(prefix.length());
            }
        }
        return ref;
    }
}
