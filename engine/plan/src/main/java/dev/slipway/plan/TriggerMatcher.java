package dev.slipway.plan;

import dev.slipway.workflow.Trigger;
import dev.slipway.workflow.Workflow;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a workflow's {@code on:} selects an event, following GitHub's rules: activity {@code types} (with
 * {@code pull_request}'s defaults), branch and tag filters (a workflow with only branch filters does not run for tags
 * and vice versa), pull request branch filters on the base branch, and path filters (not for tags; pass when the
 * changed files are unknown).
 */
public final class TriggerMatcher {
    static final List<String> PR_DEFAULT_TYPES = List.of("opened", "synchronize", "reopened");

    private TriggerMatcher() {}

    /** Whether {@code workflow} runs for {@code event}, and why (not). */
    public static TriggerMatch match(Workflow workflow, Event event) {
        try {
            return matchOrThrow(workflow, event);
        } catch (IllegalArgumentException e) {
            // An invalid filter pattern: the workflow cannot be matched, as on GitHub where such a file fails.
            return TriggerMatch.no("invalid filter pattern: " + e.getMessage());
        }
    }

    private static TriggerMatch matchOrThrow(Workflow workflow, Event event) {
        Trigger t = workflow.on().get(event.name());
        if (t == null) {
            return TriggerMatch.no("event '" + event.name() + "' is not among on: "
                    + workflow.on().keySet());
        }
        Optional<String> typeProblem = types(t, event);
        if (typeProblem.isPresent()) {
            return TriggerMatch.no(typeProblem.get());
        }
        return switch (event.name()) {
            case "push" -> push(t, event);
            case "pull_request", "pull_request_target" -> pullRequest(t, event);
            case "workflow_run" -> workflowRun(t, event);
            case "schedule" -> schedule(t, event);
            default -> TriggerMatch.yes(describe(event));
        };
    }

    private static Optional<String> types(Trigger t, Event e) {
        List<String> types = t.types();
        if (types.isEmpty() && e.name().startsWith("pull_request") && !e.name().contains("review")) {
            types = PR_DEFAULT_TYPES;
        }
        if (types.isEmpty() || e.action().isEmpty() || types.contains(e.action().get())) {
            return Optional.empty();
        }
        boolean defaulted = t.types().isEmpty();
        return Optional.of(
                "activity type '" + e.action().get() + "' not in " + (defaulted ? "default " : "") + "types " + types);
    }

    private static TriggerMatch push(Trigger t, Event e) {
        boolean branchFilters = t.branches().isPresent() || t.branchesIgnore().isPresent();
        boolean tagFilters = t.tags().isPresent() || t.tagsIgnore().isPresent();
        String name = e.refName();
        if (e.isTag()) {
            if (branchFilters && !tagFilters) {
                return TriggerMatch.no("tag '" + name + "' pushed but only branch filters are defined");
            }
            Optional<String> p = refFilter("tag", name, "tags", t.tags(), t.tagsIgnore());
            return p.map(TriggerMatch::no).orElseGet(() -> TriggerMatch.yes("push of tag '" + name + "'"));
        }
        if (tagFilters && !branchFilters) {
            return TriggerMatch.no("branch '" + name + "' pushed but only tag filters are defined");
        }
        Optional<String> p = refFilter("branch", name, "branches", t.branches(), t.branchesIgnore());
        if (p.isPresent()) {
            return TriggerMatch.no(p.get());
        }
        return paths(t, e).map(TriggerMatch::no).orElseGet(() -> TriggerMatch.yes("push to branch '" + name + "'"));
    }

    private static TriggerMatch pullRequest(Trigger t, Event e) {
        String base = e.baseRef().orElse("");
        Optional<String> p = refFilter("base branch", base, "branches", t.branches(), t.branchesIgnore());
        if (p.isPresent()) {
            return TriggerMatch.no(p.get());
        }
        return paths(t, e).map(TriggerMatch::no).orElseGet(() -> TriggerMatch.yes(describe(e)));
    }

    private static TriggerMatch workflowRun(Trigger t, Event e) {
        Optional<String> upstream =
                Json.str(e.payload(), "workflow_run", "name").or(() -> Json.str(e.payload(), "workflow", "name"));
        if (!t.workflows().isEmpty() && (upstream.isEmpty() || !t.workflows().contains(upstream.get()))) {
            return TriggerMatch.no("workflow '" + upstream.orElse("") + "' not among workflows " + t.workflows());
        }
        String branch = Json.str(e.payload(), "workflow_run", "head_branch").orElse(e.refName());
        Optional<String> p = refFilter("branch", branch, "branches", t.branches(), t.branchesIgnore());
        return p.map(TriggerMatch::no).orElseGet(() -> TriggerMatch.yes(describe(e)));
    }

    private static TriggerMatch schedule(Trigger t, Event e) {
        if (e.cron().isEmpty()) {
            return TriggerMatch.yes("schedule");
        }
        String cron = e.cron().get();
        boolean known = t.crons().stream().anyMatch(c -> c.expression().equals(cron));
        return known
                ? TriggerMatch.yes("schedule '" + cron + "'")
                : TriggerMatch.no("cron '" + cron + "' is not a schedule of this workflow");
    }

    /** A problem when {@code name} is filtered out by {@code include}/{@code ignore} patterns. */
    private static Optional<String> refFilter(
            String what, String name, String key, Optional<List<String>> include, Optional<List<String>> ignore) {
        if (include.isPresent() && !Globs.selects(include.get(), name)) {
            return Optional.of(what + " '" + name + "' not matched by " + key + " " + include.get());
        }
        if (ignore.isPresent() && Globs.selects(ignore.get(), name)) {
            return Optional.of(what + " '" + name + "' matched by " + key + "-ignore " + ignore.get());
        }
        return Optional.empty();
    }

    private static Optional<String> paths(Trigger t, Event e) {
        if (e.changedFiles().isEmpty()) {
            return Optional.empty();
        }
        List<String> files = e.changedFiles().get();
        if (t.paths().isPresent() && !Globs.selectsAny(t.paths().get(), files)) {
            return Optional.of(
                    "no changed file matched by paths " + t.paths().get() + " (changed: " + some(files) + ")");
        }
        if (t.pathsIgnore().isPresent() && Globs.selectsAll(t.pathsIgnore().get(), files)) {
            return Optional.of("every changed file matched by paths-ignore "
                    + t.pathsIgnore().get() + " (changed: " + some(files) + ")");
        }
        return Optional.empty();
    }

    /** At most the first {@value #FILES_SHOWN} changed files, and how many more there are: a first push changes all. */
    static final int FILES_SHOWN = 8;

    static String some(List<String> files) {
        if (files.size() <= FILES_SHOWN) {
            return files.toString();
        }
        return "[" + String.join(", ", files.subList(0, FILES_SHOWN)) + ", ... and " + (files.size() - FILES_SHOWN)
                + " more]";
    }

    private static String describe(Event e) {
        StringBuilder sb = new StringBuilder(e.name());
        e.action().ifPresent(a -> sb.append(" (").append(a).append(')'));
        e.baseRef().ifPresent(b -> sb.append(" on base branch '").append(b).append('\''));
        return sb.toString();
    }
}
