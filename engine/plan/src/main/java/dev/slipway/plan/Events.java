package dev.slipway.plan;

import dev.slipway.expr.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Factories of {@link Event}s with payloads shaped like GitHub's webhook payloads. */
public final class Events {
    /** The all-zero sha GitHub uses for "no commit" (branch creation or deletion). */
    public static final String ZERO_SHA = "0000000000000000000000000000000000000000";

    private Events() {}

    /** One commit of a push. {@code timestamp} is ISO-8601 as GitHub sends it. */
    public record Commit(
            String id,
            String treeId,
            String message,
            String timestamp,
            String authorName,
            String authorEmail,
            List<String> added,
            List<String> removed,
            List<String> modified) {
        public Commit {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            modified = List.copyOf(modified);
        }

        Value.Obj toValue(Repo repo) {
            Value.Obj author = Json.obj("name", authorName, "email", authorEmail, "username", authorName);
            return Json.obj(
                    "id", id,
                    "tree_id", treeId,
                    "distinct", true,
                    "message", message,
                    "timestamp", timestamp,
                    "url", repo.htmlUrl() + "/commit/" + id,
                    "author", author,
                    "committer", author,
                    "added", added,
                    "removed", removed,
                    "modified", modified);
        }
    }

    /** A branch and commit of a pull request side. */
    public record Side(String ref, String sha) {}

    /** What the run uses when an event file does not say: the checked-out ref and commit, repository and actor. */
    public record Origin(String ref, String sha, String repository, String actor) {}

    /**
     * A {@code push} of {@code commits} (oldest first) moving {@code ref} from {@code before} to {@code after}. Use
     * {@link #ZERO_SHA} as {@code before} for a created ref and as {@code after} for a deleted one. Changed files are
     * the union of the commits' added, removed and modified files, unknown for a created or deleted ref. The last
     * commit is the head commit.
     */
    public static Event push(
            Repo repo, String ref, String before, String after, String actor, List<Commit> commits, boolean forced) {
        return push(
                repo,
                ref,
                before,
                after,
                actor,
                commits,
                commits.isEmpty() ? Optional.empty() : Optional.of(commits.getLast()),
                forced);
    }

    /**
     * A {@code push} as above whose {@code head_commit} is {@code head}, the commit {@code ref} now points to: GitHub
     * gives it even when the push brings no commit, as for a tag on a commit pushed before.
     */
    public static Event push(
            Repo repo,
            String ref,
            String before,
            String after,
            String actor,
            List<Commit> commits,
            Optional<Commit> head,
            boolean forced) {
        boolean created = before.equals(ZERO_SHA);
        boolean deleted = after.equals(ZERO_SHA);
        List<Value> commitValues = new ArrayList<>();
        Set<String> changed = new LinkedHashSet<>();
        for (Commit c : commits) {
            commitValues.add(c.toValue(repo));
            changed.addAll(c.added());
            changed.addAll(c.removed());
            changed.addAll(c.modified());
        }
        Value headCommit = head.<Value>map(c -> c.toValue(repo)).orElse(Value.NULL);
        Value.Obj payload = Json.obj(
                "ref", ref,
                "before", before,
                "after", after,
                "created", created,
                "deleted", deleted,
                "forced", forced,
                "base_ref", Value.NULL,
                "compare", repo.htmlUrl() + "/compare/" + shortSha(before) + "..." + shortSha(after),
                "commits", new Value.Arr(commitValues),
                "head_commit", headCommit,
                "pusher", Json.obj("name", actor, "email", Value.NULL),
                "repository", repo.toValue(),
                "sender", sender(actor));
        Optional<List<String>> files = created || deleted ? Optional.empty() : Optional.of(List.copyOf(changed));
        return new Event(
                "push",
                Optional.empty(),
                ref,
                after,
                Optional.empty(),
                Optional.empty(),
                files,
                actor,
                repo.fullName(),
                Map.of(),
                Optional.empty(),
                payload);
    }

    /**
     * A {@code pull_request} event. The run's ref is {@code refs/pull/N/merge} and its sha the head commit (Slipway
     * builds no merge commit). {@code changedFiles} is the pull request's diff, empty when unknown.
     */
    public static Event pullRequest(
            Repo repo,
            String action,
            int number,
            String title,
            Side head,
            Side base,
            String actor,
            Optional<List<String>> changedFiles) {
        return pr("pull_request", repo, action, number, title, head, base, actor, changedFiles);
    }

    /** A {@code pull_request_target} event: like {@link #pullRequest} but runs on the base branch's commit. */
    public static Event pullRequestTarget(
            Repo repo,
            String action,
            int number,
            String title,
            Side head,
            Side base,
            String actor,
            Optional<List<String>> changedFiles) {
        return pr("pull_request_target", repo, action, number, title, head, base, actor, changedFiles);
    }

    private static Event pr(
            String name,
            Repo repo,
            String action,
            int number,
            String title,
            Side head,
            Side base,
            String actor,
            Optional<List<String>> changedFiles) {
        Value.Obj pr = Json.obj(
                "number",
                number,
                "title",
                title,
                "state",
                action.equals("closed") ? "closed" : "open",
                "merged",
                false,
                "draft",
                false,
                "html_url",
                repo.htmlUrl() + "/pull/" + number,
                "user",
                sender(actor),
                "head",
                side(repo, head),
                "base",
                side(repo, base));
        Value.Obj payload = Json.obj(
                "action", action,
                "number", number,
                "pull_request", pr,
                "repository", repo.toValue(),
                "sender", sender(actor));
        boolean target = name.equals("pull_request_target");
        String ref = target ? "refs/heads/" + base.ref() : "refs/pull/" + number + "/merge";
        String sha = target ? base.sha() : head.sha();
        return new Event(
                name,
                Optional.of(action),
                ref,
                sha,
                Optional.of(base.ref()),
                Optional.of(head.ref()),
                changedFiles,
                actor,
                repo.fullName(),
                Map.of(),
                Optional.empty(),
                payload);
    }

    /** A {@code workflow_dispatch} on {@code ref} (full ref) at {@code sha} with the inputs as given. */
    public static Event workflowDispatch(
            Repo repo, String ref, String sha, String actor, String workflowPath, Map<String, String> inputs) {
        Value.Obj payload = Json.obj(
                "inputs",
                new LinkedHashMap<>(inputs),
                "ref",
                ref,
                "workflow",
                workflowPath,
                "repository",
                repo.toValue(),
                "sender",
                sender(actor));
        return new Event(
                "workflow_dispatch",
                Optional.empty(),
                ref,
                sha,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                actor,
                repo.fullName(),
                inputs,
                Optional.empty(),
                payload);
    }

    /**
     * A {@code release} event ({@code action}: published, created, released, prereleased, ...) of {@code release} (the
     * REST API's release object, with its {@code tag_name}), at the tag's commit {@code sha}: {@code GITHUB_REF} is the
     * tag, as on GitHub.
     */
    public static Event release(Repo repo, String action, Value.Obj release, String sha, String actor) {
        Value.Obj payload =
                Json.obj("action", action, "release", release, "repository", repo.toValue(), "sender", sender(actor));
        String tag = release.get("tag_name").map(dev.slipway.expr.Values::toStr).orElse("");
        return fromPayload("release", payload, new Origin("refs/tags/" + tag, sha, repo.fullName(), actor));
    }

    /**
     * A {@code create} or {@code delete} event ({@code name}) of branch or tag {@code fullRef}. As on GitHub, a
     * {@code create} runs at the new ref and its commit {@code sha}; a {@code delete} at the default branch and its tip
     * {@code sha}, the deleted ref being in the payload only.
     */
    public static Event refCreatedOrDeleted(Repo repo, String name, String fullRef, String sha, String actor) {
        boolean tag = fullRef.startsWith("refs/tags/");
        String shortName = fullRef.replaceFirst("^refs/(heads|tags)/", "");
        Value.Obj payload = Json.obj(
                "ref",
                shortName,
                "ref_type",
                tag ? "tag" : "branch",
                "master_branch",
                repo.defaultBranch(),
                "pusher_type",
                "user",
                "repository",
                repo.toValue(),
                "sender",
                sender(actor));
        // read as any create or delete payload is (the run reads it back so): a delete runs at the default branch
        return fromPayload(name, payload, new Origin(fullRef, sha, repo.fullName(), actor));
    }

    /** A {@code schedule} event for {@code cron}, on the default branch at {@code sha}. */
    public static Event schedule(Repo repo, String cron, String sha, String actor) {
        Value.Obj payload = Json.obj("schedule", cron, "repository", repo.toValue(), "sender", sender(actor));
        return new Event(
                "schedule",
                Optional.empty(),
                "refs/heads/" + repo.defaultBranch(),
                sha,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                actor,
                repo.fullName(),
                Map.of(),
                Optional.of(cron),
                payload);
    }

    /**
     * An event from a user's payload (e.g. {@code --event-file}): ref, sha, action, branches, changed files, actor,
     * repository, inputs and cron are taken from the payload where it has them, else from {@code origin}.
     */
    public static Event fromPayload(String name, Value.Obj payload, Origin origin) {
        return PayloadReader.read(name, payload, origin);
    }

    static Value.Obj sender(String actor) {
        return Json.obj("login", actor, "type", "User");
    }

    private static Value.Obj side(Repo repo, Side s) {
        return Json.obj("ref", s.ref(), "sha", s.sha(), "label", repo.owner() + ":" + s.ref(), "repo", repo.toValue());
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
