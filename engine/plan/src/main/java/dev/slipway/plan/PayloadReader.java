package dev.slipway.plan;

import dev.slipway.expr.Value;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Derives an {@link Event}'s fields from a webhook-shaped payload. */
final class PayloadReader {
    private PayloadReader() {}

    static Event read(String name, Value.Obj p, Events.Origin origin) {
        boolean pr = name.startsWith("pull_request");
        Optional<String> base = pr ? Json.str(p, "pull_request", "base", "ref") : Optional.empty();
        Optional<String> head = pr ? Json.str(p, "pull_request", "head", "ref") : Optional.empty();
        return new Event(
                name,
                Json.str(p, "action"),
                ref(name, p, origin),
                sha(name, p, origin),
                base,
                head,
                changedFiles(name, p),
                Json.str(p, "sender", "login")
                        .or(() -> Json.str(p, "pusher", "name"))
                        .orElse(origin.actor()),
                Json.str(p, "repository", "full_name").orElse(origin.repository()),
                inputs(p),
                Json.str(p, "schedule"),
                p);
    }

    private static String ref(String name, Value.Obj p, Events.Origin origin) {
        if (name.equals("pull_request_target")) {
            return Json.str(p, "pull_request", "base", "ref")
                    .map(b -> "refs/heads/" + b)
                    .orElse(origin.ref());
        }
        if (name.startsWith("pull_request")) {
            Optional<String> number = Json.str(p, "pull_request", "number").or(() -> Json.str(p, "number"));
            return number.map(n -> "refs/pull/" + n + "/merge").orElse(origin.ref());
        }
        if (name.equals("release")) {
            return Json.str(p, "release", "tag_name").map(t -> "refs/tags/" + t).orElse(origin.ref());
        }
        if (name.equals("delete") || name.equals("workflow_run")) {
            // GitHub runs a delete, and a workflow_run, at the default branch; the deleted ref, or the upstream run's
            // head branch and commit, are only in the payload
            return Json.str(p, "repository", "default_branch")
                    .or(() -> Json.str(p, "master_branch"))
                    .map(b -> "refs/heads/" + b)
                    .orElse(origin.ref());
        }
        Optional<String> ref = Json.str(p, "ref");
        if (ref.isPresent() && name.equals("create")) {
            String type = Json.str(p, "ref_type").orElse("branch");
            return (type.equals("tag") ? "refs/tags/" : "refs/heads/") + ref.get();
        }
        return ref.filter(r -> r.startsWith("refs/")).orElse(origin.ref());
    }

    private static String sha(String name, Value.Obj p, Events.Origin origin) {
        Optional<String> sha = switch (name) {
            case "push" -> Json.str(p, "after");
            case "pull_request_target" -> Json.str(p, "pull_request", "base", "sha");
            default -> name.startsWith("pull_request") ? pullRequestSha(p) : Json.str(p, "sha");
        };
        return sha.orElse(origin.sha());
    }

    /**
     * GitHub's {@code GITHUB_SHA} of a pull request event: the test merge of head into base
     * ({@code pull_request.merge_commit_sha}) while the pull request is open and has one, else its head.
     */
    private static Optional<String> pullRequestSha(Value.Obj p) {
        var open = Json.str(p, "pull_request", "state").filter("open"::equals).isPresent();
        var merge = Json.str(p, "pull_request", "merge_commit_sha").filter(s -> !s.isEmpty());
        return open && merge.isPresent() ? merge : Json.str(p, "pull_request", "head", "sha");
    }

    private static Optional<List<String>> changedFiles(String name, Value.Obj p) {
        if (!name.equals("push")
                || Json.at(p, "created").orElse(Value.FALSE).equals(Value.TRUE)
                || Json.at(p, "deleted").orElse(Value.FALSE).equals(Value.TRUE)
                || !(Json.at(p, "commits").orElse(Value.NULL) instanceof Value.Arr commits)
                || commits.items().isEmpty()) {
            return Optional.empty();
        }
        Set<String> files = new LinkedHashSet<>();
        for (Value c : commits.items()) {
            files.addAll(Json.strings(c, "added"));
            files.addAll(Json.strings(c, "removed"));
            files.addAll(Json.strings(c, "modified"));
        }
        return Optional.of(List.copyOf(files));
    }

    private static Map<String, String> inputs(Value.Obj p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (Json.at(p, "inputs").orElse(Value.NULL) instanceof Value.Obj in) {
            in.fields().forEach((k, v) -> Json.scalar(v).ifPresent(s -> out.put(k, s)));
        }
        return out;
    }
}
