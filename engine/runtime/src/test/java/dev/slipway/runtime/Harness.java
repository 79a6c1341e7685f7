package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.Diagnostic;
import dev.slipway.executor.host.HostExecutor;
import dev.slipway.expr.Value;
import dev.slipway.runtime.spi.Executor;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.Workflow;
import dev.slipway.workflow.WorkflowParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses a workflow and runs its first job in a temporary directory, recording everything the listener hears. */
final class Harness {
    private final Path root;
    private Executor executor = HostExecutor.create();
    private RuntimeOptions options = RuntimeOptions.defaults();
    private Map<String, String> secrets = Map.of();
    private Cancellation cancel = new Cancellation();
    private java.util.function.Consumer<LogLine> onLog = line -> {};
    private Map<String, Value> contexts = Map.of();
    private java.util.Optional<String> image = java.util.Optional.empty();

    Harness(Path root) {
        this.root = root;
    }

    Harness executor(Executor e) {
        this.executor = e;
        return this;
    }

    Harness options(RuntimeOptions o) {
        this.options = o;
        return this;
    }

    Harness secrets(Map<String, String> s) {
        this.secrets = s;
        return this;
    }

    Harness cancel(Cancellation c) {
        this.cancel = c;
        return this;
    }

    /** Also hands every log line to {@code hook}, on the job's thread. */
    Harness onLog(java.util.function.Consumer<LogLine> hook) {
        this.onLog = hook;
        return this;
    }

    /** More run-level contexts ({@code matrix}, {@code needs}, ...), over {@code github} and {@code vars}. */
    Harness contexts(Map<String, Value> more) {
        this.contexts = more;
        return this;
    }

    /** The image the job's runs-on label maps to. */
    Harness image(String reference) {
        this.image = java.util.Optional.of(reference);
        return this;
    }

    Path workspace() {
        return root.resolve("ws");
    }

    Run run(String yaml) {
        ParseResult<Workflow> parsed = WorkflowParser.parse(".github/workflows/test.yml", yaml);
        assertThat(parsed.diagnostics().stream().filter(Diagnostic::isError)).isEmpty();
        Workflow wf = parsed.value().orElseThrow();
        var job = wf.jobs().values().iterator().next();
        Map<String, Value> github = new LinkedHashMap<>();
        github.put("sha", Value.of("abc123"));
        github.put("ref", Value.of("refs/heads/main"));
        github.put("ref_name", Value.of("main"));
        github.put("ref_type", Value.of("branch"));
        github.put("repository", Value.of("acme/widget"));
        github.put("repository_owner", Value.of("acme"));
        github.put("run_id", Value.of("42"));
        github.put("run_number", Value.of("7"));
        github.put("run_attempt", Value.of("1"));
        github.put("actor", Value.of("octo"));
        github.put("event_name", Value.of("push"));
        github.put("event", Value.obj(Map.of("ref", Value.of("refs/heads/main"))));
        github.put("server_url", Value.of("http://localhost:8080"));
        github.put("api_url", Value.of("http://localhost:8080/api"));
        Map<String, Value> all = new LinkedHashMap<>();
        all.put("github", Value.obj(github));
        all.put("vars", Value.obj(Map.of("WHO", Value.of("world"))));
        all.putAll(contexts);
        JobRequest request = new JobRequest(
                "run-42/" + job.id() + "/1",
                wf,
                job,
                job.name().orElse(job.id()),
                all,
                secrets,
                root.resolve("repo"),
                workspace(),
                root.resolve("tmp"),
                Map.of(),
                image);
        Recorder recorder = new Recorder(onLog);
        JobResult result = new JobRunner(executor, options).run(request, recorder, cancel);
        return new Run(result, recorder);
    }

    /** A finished run. */
    record Run(JobResult result, Recorder recorder) {
        StepResult step(String name) {
            return result.steps().stream()
                    .filter(s -> s.name().equals(name) || s.id().orElse("").equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no step " + name + " in " + result.steps()));
        }

        /** Output lines of all steps, in order. */
        List<String> output() {
            return recorder.lines.stream()
                    .filter(l -> l.line().kind() == LogLine.Kind.OUTPUT)
                    .map(l -> l.line().text())
                    .toList();
        }

        /** Every line as {@code KIND text}. */
        List<String> all() {
            return recorder.lines.stream()
                    .map(l -> l.line().kind() + " " + l.line().text())
                    .toList();
        }
    }

    /** Records listener calls. */
    static final class Recorder implements JobListener {
        record Entry(StepRef step, LogLine line) {}

        final List<Entry> lines = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        private final java.util.function.Consumer<LogLine> hook;

        Recorder(java.util.function.Consumer<LogLine> hook) {
            this.hook = hook;
        }

        @Override
        public synchronized void stepStarted(StepRef step) {
            events.add("start " + step.name());
        }

        @Override
        public synchronized void log(StepRef step, LogLine line) {
            lines.add(new Entry(step, line));
            hook.accept(line);
        }

        @Override
        public synchronized void stepFinished(StepRef step, StepResult result) {
            events.add("finish " + step.name() + " " + result.conclusion().label());
        }
    }
}
