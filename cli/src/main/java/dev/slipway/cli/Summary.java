package dev.slipway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.slipway.actions.Artifact;
import dev.slipway.run.RunResult;
import dev.slipway.runtime.Annotation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobResult;
import dev.slipway.runtime.StepResult;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The end of a run: a table for people, JSON for programs. */
final class Summary {
    private Summary() {}

    private static String label(List<String> labels, int run) {
        return run < labels.size() ? labels.get(run) : "";
    }

    static String table(List<RunResult> results, Style style) {
        return table(results, List.of(), style, List.of());
    }

    /**
     * The table, then the {@code artifacts} the runs uploaded (name, size, the file), then the verdict. Each job is
     * named after its run's {@code labels} entry, if any ({@code CI / }, when several workflows ran, as the live log
     * names them).
     */
    static String table(List<RunResult> results, List<String> labels, Style style, List<Artifact> artifacts) {
        StringBuilder sb = new StringBuilder("\n");
        int width = 24;
        for (int i = 0; i < results.size(); i++) {
            for (RunResult.Finished f : results.get(i).jobs()) {
                width = Math.max(
                        width, label(labels, i).length() + f.job().name().length() + 2);
            }
        }
        sb.append(style.bold(padded("JOB", width) + " " + padded("RESULT", 10) + " DURATION"))
                .append('\n');
        int ok = 0;
        int failed = 0;
        int skipped = 0;
        int cancelled = 0;
        long maxMillis = 0;
        for (int i = 0; i < results.size(); i++) {
            RunResult r = results.get(i);
            maxMillis = Math.max(maxMillis, r.duration().toMillis());
            for (RunResult.Finished f : r.jobs()) {
                Conclusion c = f.result().conclusion();
                String label = padded(c.label(), 10);
                label = switch (c) {
                    case SUCCESS -> style.green(label);
                    case FAILURE -> style.red(label);
                    case CANCELLED -> style.yellow(label);
                    case SKIPPED -> style.dim(label);
                };
                sb.append(padded(label(labels, i) + f.job().name(), width))
                        .append(' ')
                        .append(label)
                        .append(' ')
                        .append(Durations.format(f.duration()))
                        .append('\n');
                switch (c) {
                    case SUCCESS -> ok++;
                    case FAILURE -> failed++;
                    case CANCELLED -> cancelled++;
                    case SKIPPED -> skipped++;
                }
            }
        }
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            String run = label(labels, i);
            for (RunResult.Finished f : results.get(i).jobs()) {
                if (f.result().conclusion() == Conclusion.FAILURE) {
                    f.result()
                            .failure()
                            .filter(m -> !isErrorAnnotation(f.result(), m))
                            .ifPresent(m ->
                                    notes.add(style.red("✗ " + run + f.job().name() + ": " + m)));
                }
                for (Annotation a : f.result().annotations()) {
                    String text = run + f.job().name() + ": " + LivePrinter.render(a);
                    notes.add(
                            switch (a.level()) {
                                case ERROR -> style.red("✗ " + text);
                                case WARNING -> style.yellow("⚠ " + text);
                                case NOTICE -> "ℹ " + text;
                            });
                }
            }
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            notes.forEach(n -> sb.append(n).append('\n'));
        }
        for (RunResult r : results) {
            for (RunResult.Finished f : r.jobs()) {
                if (!f.result().summaryMarkdown().isBlank()) {
                    sb.append('\n')
                            .append(style.bold("Summary of " + f.job().name()))
                            .append('\n');
                    sb.append(f.result().summaryMarkdown().strip()).append('\n');
                }
            }
        }
        environments(results, labels, style, sb);
        if (!artifacts.isEmpty()) {
            sb.append('\n').append(style.bold("Artifacts")).append('\n');
            int nameWidth =
                    artifacts.stream().mapToInt(a -> a.name().length()).max().orElse(0) + 2;
            for (Artifact a : artifacts) {
                sb.append("  ")
                        .append(padded(a.name(), nameWidth))
                        .append(padded(size(a.size()), 10))
                        .append(' ')
                        .append(location(a))
                        .append('\n');
            }
        }
        // The verdict is the runs' conclusions, not the jobs': a job with continue-on-error may fail in a run that
        // succeeds (the exit code says so too).
        String verdict = switch (overall(results)) {
            case FAILURE -> style.red("✗ Run failed");
            case CANCELLED -> style.yellow("🚫 Run cancelled");
            case SUCCESS -> style.green("✓ Run succeeded");
            case SKIPPED -> style.dim("⏭  Run skipped: no job's if held");
        };
        sb.append('\n')
                .append(verdict)
                .append(" in ")
                .append(Durations.format(java.time.Duration.ofMillis(maxMillis)))
                // not String.format: its first %d loads the locale's number symbols, 7 ms of a one-step run's main
                // thread (profiled)
                .append(" — " + ok + " succeeded, " + failed + " failed, " + skipped + " skipped, " + cancelled
                        + " cancelled" + System.lineSeparator());
        return sb.toString();
    }

    /** A size as GitHub's artifact list shows it: bytes, then KB and MB with one decimal. */
    /** The environments the jobs deployed to, with the url each job's {@code environment.url} gave. */
    private static void environments(List<RunResult> results, List<String> labels, Style style, StringBuilder sb) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            for (RunResult.Finished f : results.get(i).jobs()) {
                String job = label(labels, i) + f.job().name();
                f.result()
                        .environment()
                        .ifPresent(e -> lines.add("  " + job + " → " + e.name()
                                + e.url().map(u -> " " + u).orElse("")));
            }
        }
        if (!lines.isEmpty()) {
            sb.append('\n').append(style.bold("Environments")).append('\n');
            lines.forEach(l -> sb.append(l).append('\n'));
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double kb = bytes / 1024.0;
        if (kb < 1024) {
            return oneDecimal(kb) + " KB";
        }
        double mb = kb / 1024.0;
        return mb < 1024 ? oneDecimal(mb) + " MB" : oneDecimal(mb / 1024.0) + " GB";
    }

    private static String oneDecimal(double v) {
        long tenths = Math.round(v * 10);
        return tenths / 10 + "." + tenths % 10;
    }

    /** Where the artifact's zip file is: its path for a local store, its URL otherwise. */
    static String location(Artifact a) {
        try {
            URI uri = URI.create(a.url());
            return "file".equals(uri.getScheme()) ? Path.of(uri).toString() : a.url();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return a.url();
        }
    }

    /**
     * Whether {@code result} carries {@code message} as an error annotation too, as a job that failed before its steps
     * does: the annotation lists it, once.
     */
    private static boolean isErrorAnnotation(JobResult result, String message) {
        return result.annotations().stream()
                .anyMatch(
                        a -> a.level() == Annotation.Level.ERROR && a.message().equals(message));
    }

    /**
     * {@code text} followed by spaces up to {@code width} characters, as {@code %-<width>s} formats it; a row used two
     * {@code String.format} calls, which made the table of a 51-job run take 6 ms, at the end of the run.
     */
    static String padded(String text, int width) {
        int pad = width - text.length();
        return pad <= 0 ? text : text + " ".repeat(pad);
    }

    /**
     * The outcome of the runs of one {@code slipway run} (one per triggered workflow), which the summary's verdict, the
     * JSON's {@code conclusion} and the exit code all follow ({@link Conclusion#ofRun}, the rule a run's conclusion
     * follows over its jobs).
     */
    static Conclusion overall(List<RunResult> results) {
        return Conclusion.ofRun(results.stream().map(RunResult::conclusion).toList());
    }

    /** The JSON of the runs, each with the artifacts it uploaded ({@code artifacts.get(i)} for run {@code i}). */
    static String json(List<RunCommand.Planned> planned, List<RunResult> results, List<List<Artifact>> artifacts) {
        List<Object> runs = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            RunResult r = results.get(i);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("workflow", planned.get(i).workflow().path());
            run.put("name", planned.get(i).workflow().displayName());
            run.put("run_id", planned.get(i).info().runId());
            run.put("conclusion", r.conclusion().label());
            run.put("duration_ms", r.duration().toMillis());
            List<Object> jobs = new ArrayList<>();
            for (RunResult.Finished f : r.jobs()) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("key", f.job().key());
                j.put("id", f.job().jobId());
                j.put("name", f.job().name());
                j.put("conclusion", f.result().conclusion().label());
                j.put("duration_ms", f.duration().toMillis());
                f.result().failure().ifPresent(m -> j.put("failure", m));
                j.put("outputs", f.result().outputs());
                f.result().environment().ifPresent(e -> {
                    Map<String, Object> env = new LinkedHashMap<>();
                    env.put("name", e.name());
                    e.url().ifPresent(u -> env.put("url", u));
                    j.put("environment", env);
                });
                List<Object> steps = new ArrayList<>();
                for (StepResult s : f.result().steps()) {
                    Map<String, Object> st = new LinkedHashMap<>();
                    st.put("name", s.name());
                    s.id().ifPresent(id -> st.put("id", id));
                    st.put("outcome", s.outcome().label());
                    st.put("conclusion", s.conclusion().label());
                    st.put("duration_ms", s.duration().toMillis());
                    st.put("outputs", s.outputs());
                    steps.add(st);
                }
                j.put("steps", steps);
                List<Object> notes = new ArrayList<>();
                for (Annotation a : f.result().annotations()) {
                    Map<String, Object> n = new LinkedHashMap<>();
                    n.put("level", a.level().name().toLowerCase(java.util.Locale.ROOT));
                    n.put("message", a.message());
                    a.file().ifPresent(x -> n.put("file", x));
                    a.line().ifPresent(x -> n.put("line", x));
                    a.column().ifPresent(x -> n.put("col", x));
                    a.title().ifPresent(x -> n.put("title", x));
                    notes.add(n);
                }
                j.put("annotations", notes);
                if (!f.result().summaryMarkdown().isEmpty()) {
                    j.put("summary", f.result().summaryMarkdown());
                }
                jobs.add(j);
            }
            run.put("jobs", jobs);
            List<Object> files = new ArrayList<>();
            for (Artifact a : artifacts.get(i)) {
                Map<String, Object> art = new LinkedHashMap<>();
                art.put("id", a.id());
                art.put("name", a.name());
                art.put("size_in_bytes", a.size());
                art.put("digest", a.digest());
                art.put("url", a.url());
                files.add(art);
            }
            run.put("artifacts", files);
            runs.add(run);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("conclusion", overall(results).label());
        root.put("runs", runs);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
