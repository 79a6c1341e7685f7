package dev.slipway.cli;

import dev.slipway.run.JobRef;
import dev.slipway.run.RunListener;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobListener;
import dev.slipway.runtime.JobResult;
import dev.slipway.runtime.LogLine;
import dev.slipway.runtime.StepRef;
import dev.slipway.runtime.StepResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints a run as it happens: one prefixed, coloured line per log line; {@code ::group::} blocks folded to one line
 * (their lines are printed after all when the step fails, or always with {@code fold=false}).
 */
final class LivePrinter implements RunListener {
    private final PrintStream out;
    private final Style style;
    private final boolean fold;
    private final boolean debug;
    private final String prefixPrefix;
    private final Map<String, Integer> colors = new ConcurrentHashMap<>();
    private final AtomicInteger nextColor = new AtomicInteger();

    LivePrinter(PrintStream out, Style style, boolean fold, boolean debug, String prefixPrefix) {
        this.out = out;
        this.style = style;
        this.fold = fold;
        this.debug = debug;
        this.prefixPrefix = prefixPrefix;
    }

    private String prefix(JobRef job) {
        int c = colors.computeIfAbsent(job.key(), k -> nextColor.getAndIncrement());
        return style.color(c, "[" + prefixPrefix + job.name() + "]") + " ";
    }

    /**
     * Prints one line with one write: the line is encoded here and handed over as bytes, past the stream's character
     * layers ({@code println} goes through a writer and an encoder; async-profiler put it at a tenth of a one-step
     * job's CPU, but a 30-round A/B could not tell the two apart).
     */
    private void print(String s) {
        byte[] line = (s + "\n").getBytes(out.charset());
        synchronized (out) {
            out.writeBytes(line);
        }
    }

    @Override
    public JobListener jobStarted(JobRef job) {
        String p = prefix(job);
        print(p + style.bold("🚀 Start job " + job.name()));
        return new StepPrinter(p);
    }

    @Override
    public void jobFinished(JobRef job, JobResult result) {
        String p = prefix(job);
        String label = switch (result.conclusion()) {
            case SUCCESS -> style.green("🏁 Job succeeded");
            case FAILURE -> style.red("🏁 Job failed");
            case CANCELLED -> style.yellow("🏁 Job cancelled");
            case SKIPPED -> style.dim("⏭  Job skipped");
        };
        print(p + label + result.failure().map(f -> ": " + f).orElse(""));
        result.environment()
                .ifPresent(e -> print(p + "🌐 Environment " + e.name()
                        + e.url().map(u -> ": " + u).orElse("")));
    }

    /** {@code file:line:col: title: message}, leaving out what the annotation does not have. */
    static String render(dev.slipway.runtime.Annotation a) {
        StringBuilder sb = new StringBuilder();
        a.file().ifPresent(f -> {
            sb.append(f);
            a.line().ifPresent(l -> sb.append(':').append(l));
            a.column().ifPresent(c -> sb.append(':').append(c));
            sb.append(": ");
        });
        a.title().ifPresent(t -> sb.append(t).append(": "));
        return sb.append(a.message()).toString();
    }

    /**
     * Prints the steps of one job; one instance per job, called one call at a time. While background steps run beside
     * others, each line names its step.
     */
    private final class StepPrinter implements JobListener {
        private final String prefix;
        /** The steps that started and have not finished, with their folding state. */
        private final Map<StepRef, Open> open = new java.util.LinkedHashMap<>();

        /** A running step's {@code ::group::} state and folded lines. */
        private static final class Open {
            final List<String> folded = new ArrayList<>();
            String group = "";
            List<String> groupLines = new ArrayList<>();
        }

        StepPrinter(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void stepStarted(StepRef step) {
            open.put(step, new Open());
            print(prefix + style.bold("⭐ " + step.name()));
        }

        /** The start of a step's lines: who wrote it, when several steps are running. */
        private String lead(StepRef step) {
            if (open.size() < 2) {
                return prefix + "  ";
            }
            String name = step.name().length() > 24 ? step.name().substring(0, 23) + "…" : step.name();
            return prefix + "  " + style.dim("(" + name + ") ");
        }

        @Override
        public void log(StepRef step, LogLine line) {
            Open state = open.computeIfAbsent(step, s -> new Open());
            String lead = lead(step);
            String text = style.plain(line.text());
            switch (line.kind()) {
                case GROUP_START -> {
                    state.group = text;
                    state.groupLines = new ArrayList<>();
                    if (!fold) {
                        print(lead + "▼ " + text);
                    }
                }
                case GROUP_END -> {
                    if (fold) {
                        print(lead + "▶ " + state.group + style.dim(" (" + state.groupLines.size() + " lines folded)"));
                        state.folded.add("▼ " + state.group);
                        state.folded.addAll(state.groupLines);
                    }
                    state.group = "";
                }
                case DEBUG -> {
                    if (debug) {
                        print(lead + style.dim("##[debug]" + text));
                    }
                }
                case ERROR -> print(lead + style.red("❌ " + annotation(line)));
                case WARNING -> print(lead + style.yellow("⚠️  " + annotation(line)));
                case NOTICE -> print(lead + "ℹ️  " + annotation(line));
                case COMMAND -> print(lead + style.dim(text));
                case OUTPUT -> {
                    if (fold && !state.group.isEmpty()) {
                        state.groupLines.add(text);
                    } else {
                        print(lead + "| " + text);
                    }
                }
            }
        }

        /**
         * An annotation's line: where it points and its message for a workflow command ({@code ::error file=...::}),
         * the matched line itself for a problem matcher's hit, which is logged with its own text, as GitHub logs it.
         */
        private String annotation(LogLine line) {
            return line.annotation()
                    .filter(a -> a.message().equals(line.text()))
                    .map(LivePrinter::render)
                    .orElse(line.text());
        }

        @Override
        public void stepFinished(StepRef step, StepResult result) {
            Open state = open.remove(step);
            List<String> folded = state == null ? List.of() : state.folded;
            if (result.conclusion() == Conclusion.SKIPPED && result.outcome() == Conclusion.SKIPPED) {
                print(prefix + style.dim("⏭  " + step.name() + " (skipped)"));
                return;
            }
            if (result.outcome() == Conclusion.FAILURE && !folded.isEmpty()) {
                print(prefix + style.dim("  folded output of the failed step:"));
                folded.forEach(l -> print(prefix + "  | " + l));
            }
            String secs = Durations.format(result.duration());
            String line = switch (result.outcome()) {
                case SUCCESS -> style.green("  ✅ Success - " + step.name()) + style.dim(" [" + secs + "]");
                case FAILURE ->
                    style.red("  ❌ Failure - " + step.name())
                            + style.dim(" [" + secs + "]")
                            + (result.conclusion() == Conclusion.SUCCESS ? style.yellow(" (continue-on-error)") : "");
                case CANCELLED -> style.yellow("  🚫 Cancelled - " + step.name());
                case SKIPPED -> style.dim("  ⏭  Skipped - " + step.name());
            };
            print(prefix + line);
        }
    }
}
