package dev.slipway.plan;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import dev.slipway.workflow.Defaults;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Strategy;
import dev.slipway.workflow.Trigger;
import dev.slipway.workflow.Workflow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds workflow model records for tests without the YAML parser. */
final class Fixtures {
    static final String PATH = ".github/workflows/ci.yml";
    static final SourceSpan SPAN = new SourceSpan(PATH, 1, 1);
    static final Repo REPO = Repo.of("octo/app", "main", "https://slipway.test");

    private Fixtures() {}

    static Trigger trigger(String event) {
        return Trigger.bare(event, SPAN);
    }

    static Trigger push(
            Optional<List<String>> branches,
            Optional<List<String>> branchesIgnore,
            Optional<List<String>> tags,
            Optional<List<String>> paths,
            Optional<List<String>> pathsIgnore) {
        return new Trigger(
                "push",
                List.of(),
                branches,
                branchesIgnore,
                tags,
                Optional.empty(),
                paths,
                pathsIgnore,
                List.of(),
                Map.of(),
                Map.of(),
                Map.of(),
                List.of(),
                SPAN);
    }

    static Trigger pr(String event, List<String> types, Optional<List<String>> branches) {
        return new Trigger(
                event,
                types,
                branches,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Map.of(),
                Map.of(),
                Map.of(),
                List.of(),
                SPAN);
    }

    static Job job(String id, String... needs) {
        return job(id, Optional.empty(), needs);
    }

    static Job job(String id, Optional<Strategy> strategy, String... needs) {
        return new Job(
                id,
                Optional.empty(),
                List.of(needs),
                Optional.empty(),
                Value.of("ubuntu-latest"),
                Map.of(),
                Defaults.NONE,
                strategy,
                Value.NULL,
                Value.NULL,
                Value.FALSE,
                Optional.empty(),
                Map.of(),
                List.of(),
                Optional.empty(),
                Map.of(),
                new Job.SecretsPass.None(),
                Optional.empty(),
                Map.of(),
                Value.NULL,
                Optional.empty(),
                Optional.empty(),
                SPAN,
                Map.of());
    }

    static Workflow workflow(List<Trigger> triggers, List<Job> jobs) {
        Map<String, Trigger> on = new LinkedHashMap<>();
        triggers.forEach(t -> on.put(t.event(), t));
        Map<String, Job> byId = new LinkedHashMap<>();
        jobs.forEach(j -> byId.put(j.id(), j));
        return new Workflow(
                PATH,
                Optional.of("CI"),
                Optional.empty(),
                on,
                Map.of(),
                Defaults.NONE,
                Optional.empty(),
                byId,
                Optional.empty(),
                Optional.empty(),
                SPAN);
    }

    static Event pushTo(String ref, List<String> files) {
        Events.Commit c = new Events.Commit(
                "c1", "t1", "change", "2024-01-01T00:00:00Z", "Mona", "mona@example.com", files, List.of(), List.of());
        return Events.push(REPO, ref, "a".repeat(40), "b".repeat(40), "mona", List.of(c), false);
    }

    static Event pullRequest(String action, String base, Optional<List<String>> files) {
        return Events.pullRequest(
                REPO,
                action,
                7,
                "Fix",
                new Events.Side("feature", "f".repeat(40)),
                new Events.Side(base, "e".repeat(40)),
                "mona",
                files);
    }
}
