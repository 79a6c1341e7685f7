package dev.slipway.cli;

import dev.slipway.common.UserError;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.plan.Event;
import dev.slipway.plan.Events;
import dev.slipway.plan.Repo;
import dev.slipway.workflow.Trigger;
import dev.slipway.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the event of a local run from the repository's HEAD, the {@code -e} name and an optional event file. */
final class EventFactory {
    private final LocalGit git;
    private final Repo repo;
    private final boolean testMerge;

    /**
     * @param testMerge whether a {@code pull_request} run checks out a test merge of HEAD into the default branch, as
     *     on GitHub; not with {@code --uncommitted}, whose changes only a checkout of HEAD gets
     */
    EventFactory(LocalGit git, String serverUrl, boolean testMerge) {
        this.git = git;
        this.repo = Repo.of(git.fullName(), git.defaultBranch(), serverUrl);
        this.testMerge = testMerge;
    }

    Repo repo() {
        return repo;
    }

    /**
     * The event for {@code workflow}.
     *
     * @param name the event name given with {@code -e}
     * @param eventFile a JSON payload given with {@code --event-file}
     * @param inputs {@code --input} values (for workflow_dispatch)
     */
    Event create(String name, Optional<Path> eventFile, Workflow workflow, Map<String, String> inputs) {
        if (eventFile.isPresent()) {
            return fromFile(name, eventFile.get());
        }
        return switch (name) {
            case "push" ->
                Events.push(repo, git.ref(), git.parentSha(), git.sha(), git.actor(), List.of(git.head()), false);
            case "workflow_dispatch" ->
                Events.workflowDispatch(
                        repo, git.ref(), git.sha(), git.actor(), workflow.path(), withDefaults(workflow, inputs));
            case "pull_request", "pull_request_target" -> {
                LocalPullRequest pr = LocalPullRequest.of(git, testMerge && name.equals("pull_request"));
                // HEAD's own changes too: with --uncommitted they hold the working tree's
                var changed = new java.util.LinkedHashSet<>(pr.changed());
                changed.addAll(git.head().added());
                changed.addAll(git.head().removed());
                changed.addAll(git.head().modified());
                String title = git.head().message().lines().findFirst().orElse("");
                Optional<List<String>> files = Optional.of(List.copyOf(changed));
                if (name.equals("pull_request_target")) {
                    yield Events.pullRequestTarget(repo, "opened", 1, title, pr.head(), pr.base(), git.actor(), files);
                }
                Event event = Events.pullRequest(repo, "opened", 1, title, pr.head(), pr.base(), git.actor(), files);
                yield pr.merge().isEmpty()
                        ? event
                        : withTestMerge(event, pr.merge().get());
            }
            case "schedule" -> {
                Trigger t = workflow.on().get("schedule");
                String cron = t == null || t.crons().isEmpty()
                        ? "* * * * *"
                        : t.crons().get(0).expression();
                yield Events.schedule(repo, cron, git.sha(), git.actor());
            }
            default -> Events.fromPayload(name, new Value.Obj(Map.of()), origin());
        };
    }

    private Event fromFile(String name, Path file) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new UserError("cannot read the event file " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
        try {
            Value v = Values.fromJson(json);
            if (!(v instanceof Value.Obj payload)) {
                throw new UserError(file + ": the event payload must be a JSON object, got " + v.kind());
            }
            return pushDiff(Events.fromPayload(name, payload, origin()), payload);
        } catch (ExprException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }

    /**
     * The inputs of a {@code workflow_dispatch} as GitHub's payload holds them ({@code github.event.inputs}): every
     * declared input, its default where none was given, as strings. Bad inputs stay as given; the planner reports them.
     */
    private static Map<String, String> withDefaults(Workflow workflow, Map<String, String> given) {
        Trigger dispatch = workflow.on().get("workflow_dispatch");
        if (dispatch == null) {
            return given;
        }
        var resolved = dev.slipway.plan.Inputs.resolve(dispatch.inputs(), given, workflow.path());
        if (resolved.hasErrors()) {
            return given;
        }
        Map<String, String> all = new java.util.LinkedHashMap<>();
        resolved.eventInputs().fields().forEach((k, v) -> all.put(k, Values.toStr(v)));
        return all;
    }

    /**
     * A push whose payload lists no commits (a hand-written one; GitHub's list at most 20) with the files that differ
     * between its {@code before} and {@code after}, when both are commits here: GitHub compares them so for its
     * {@code paths} filters; otherwise, or for a new branch, the changes stay unknown and the filters let it through.
     */
    private Event pushDiff(Event event, Value.Obj payload) {
        if (!event.name().equals("push") || event.changedFiles().isPresent()) {
            return event;
        }
        Optional<String> before = text(payload, "before");
        Optional<String> after = text(payload, "after");
        if (before.isEmpty()
                || after.isEmpty()
                || before.get().equals(Events.ZERO_SHA)
                || after.get().equals(Events.ZERO_SHA)) {
            return event;
        }
        return LocalDiffs.between(git, before.get(), after.get())
                .map(event::withChangedFiles)
                .orElse(event);
    }

    private static Optional<String> text(Value.Obj payload, String field) {
        return payload.fields().get(field) instanceof Value.Str s && s.value().matches("[0-9a-f]{40}")
                ? Optional.of(s.value())
                : Optional.empty();
    }

    /**
     * {@code event} running on its test merge: the payload names it as {@code pull_request.merge_commit_sha}, as
     * GitHub's does, and the event read from that payload takes it as its commit ({@code github.sha}).
     */
    private Event withTestMerge(Event event, String merge) {
        var payload = new java.util.LinkedHashMap<>(event.payload().fields());
        if (payload.get("pull_request") instanceof Value.Obj pull) {
            var fields = new java.util.LinkedHashMap<>(pull.fields());
            fields.put("merge_commit_sha", new Value.Str(merge));
            payload.put("pull_request", new Value.Obj(fields));
        }
        return Events.fromPayload(event.name(), new Value.Obj(payload), origin())
                .withChangedFiles(event.changedFiles().orElse(List.of()));
    }

    private Events.Origin origin() {
        return new Events.Origin(git.ref(), git.sha(), git.fullName(), git.actor());
    }
}
