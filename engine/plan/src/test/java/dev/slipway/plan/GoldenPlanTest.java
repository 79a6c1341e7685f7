package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.expr.Value;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.Workflow;
import dev.slipway.workflow.WorkflowParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests: {@code NAME.workflow.yml} plus {@code NAME.event.json} give {@code NAME.plan.txt}. Run with {@code
 * -Dgolden.update=true} to rewrite the expected files (then review the diff).
 */
class GoldenPlanTest {
    private static final Path DIR = Path.of("src/test/resources/golden/plan");
    private static final RunInfo RUN = new RunInfo(4242, 17, 1, "https://slipway.test", "/work/app", 30);

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".workflow.yml"))
                    .map(n -> n.substring(0, n.length() - ".workflow.yml".length()))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void planMatchesGoldenFile(String name) throws IOException {
        String yaml = Files.readString(DIR.resolve(name + ".workflow.yml"));
        ParseResult<Workflow> parsed = WorkflowParser.parse(".github/workflows/" + name + ".yml", yaml);
        assertThat(parsed.diagnostics()).as("parse diagnostics").isEmpty();
        Event event = event((Value.Obj) TestJson.parse(Files.readString(DIR.resolve(name + ".event.json"))));
        String actual = Planner.plan(parsed.value().orElseThrow(), event, RUN).render();
        Path golden = DIR.resolve(name + ".plan.txt");
        if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
    }

    /** Builds the event from {@code {"event": name, "payload": {...}}} or {@code {"factory": name, ...args}}. */
    static Event event(Value.Obj spec) {
        Optional<String> factory = Json.str(spec, "factory");
        if (factory.isEmpty()) {
            Events.Origin origin = new Events.Origin(
                    "refs/heads/main", "0123456789abcdef0123456789abcdef01234567", "octo/app", "mona");
            Value.Obj payload = (Value.Obj) Json.at(spec, "payload").orElse(Json.obj());
            return Events.fromPayload(Json.str(spec, "event").orElseThrow(), payload, origin);
        }
        Repo repo = Fixtures.REPO;
        String actor = Json.str(spec, "actor").orElse("mona");
        String sha = Json.str(spec, "sha").orElse("b".repeat(40));
        return switch (factory.get()) {
            case "push" -> {
                List<Events.Commit> commits = new ArrayList<>();
                commits.add(new Events.Commit(
                        sha,
                        "c".repeat(40), // its tree
                        Json.str(spec, "message").orElse("Change things"),
                        "2024-05-01T12:00:00Z",
                        "Mona",
                        "mona@example.com",
                        Json.strings(spec, "added"),
                        Json.strings(spec, "removed"),
                        Json.strings(spec, "modified")));
                String before = Json.str(spec, "before").orElse("a".repeat(40));
                yield Events.push(repo, Json.str(spec, "ref").orElseThrow(), before, sha, actor, commits, false);
            }
            case "pull_request", "pull_request_target" -> {
                Events.Side head = new Events.Side(Json.str(spec, "head").orElse("feature"), "f".repeat(40));
                Events.Side base = new Events.Side(Json.str(spec, "base").orElse("main"), "e".repeat(40));
                String action = Json.str(spec, "action").orElse("opened");
                int number = (int) Double.parseDouble(Json.str(spec, "number").orElse("7"));
                String title = Json.str(spec, "title").orElse("Add feature");
                Optional<List<String>> files = Json.at(spec, "files").map(v -> Json.strings(spec, "files"));
                yield factory.get().equals("pull_request")
                        ? Events.pullRequest(repo, action, number, title, head, base, actor, files)
                        : Events.pullRequestTarget(repo, action, number, title, head, base, actor, files);
            }
            case "workflow_dispatch" -> {
                Map<String, String> inputs = new LinkedHashMap<>();
                if (Json.at(spec, "inputs").orElse(Value.NULL) instanceof Value.Obj in) {
                    in.fields().forEach((k, v) -> Json.scalar(v).ifPresent(s -> inputs.put(k, s)));
                }
                String ref = Json.str(spec, "ref").orElse("refs/heads/main");
                yield Events.workflowDispatch(repo, ref, sha, actor, ".github/workflows/x.yml", inputs);
            }
            case "schedule" -> Events.schedule(repo, Json.str(spec, "cron").orElseThrow(), sha, actor);
            default -> throw new IllegalArgumentException("unknown factory " + factory.get());
        };
    }
}
