package dev.slipway.runtime;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.FileTrees;
import dev.slipway.common.Lines;
import dev.slipway.workflow.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs a {@code run:} step: renders the script, writes it to a file and runs it with its shell. */
final class RunStep {
    private final JobState job;

    RunStep(JobState job) {
        this.job = job;
    }

    Outcome run(Scope scope, Step step, Map<String, String> env, StepContext ctx, StepLog log, StepGuard guard)
            throws Exprs.EvalError {
        String script = Exprs.render(step.run().orElseThrow(), ctx, step.spanOf("run"));
        Optional<String> shellName = step.shell().or(() -> scope.defaults().shell());
        ShellCommand.Result shell = ShellCommand.resolve(
                shellName, job.options().programs(), job.handle().spec().containerized());
        if (shell.error().isPresent()) {
            log.error(
                    Diagnostic.error(step.spanOf("shell"), shell.error().get()).render());
            return Outcome.FAILED;
        }
        Optional<String> dir = step.workingDirectory().or(() -> scope.defaults().workingDirectory());
        Path workdir = job.request().workspace();
        if (dir.isPresent()) {
            String rendered = Exprs.render(dir.get(), ctx, step.spanOf("working-directory"));
            workdir = workdir.resolve(rendered).normalize();
        }
        ShellCommand sh = shell.shell().orElseThrow();
        int n = job.counter().incrementAndGet();
        Path file = job.request().runnerTemp().resolve("script-" + n + sh.extension());
        try {
            FileTrees.overwrite(file, (sh.prologue() + script + sh.epilogue()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.error("cannot write the script file " + file + ": " + e.getMessage());
            return Outcome.FAILED;
        }
        for (String line : Lines.of(script)) {
            log.command(line);
        }
        List<String> command = sh.command(file.toString());
        log.line(LogLine.Kind.DEBUG, "shell: " + String.join(" ", command));
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("GITHUB_ACTION", ActionInputs.actionName(ctx, step));
        return StepProcess.run(
                job,
                scope,
                log,
                guard,
                "step " + (step.index() + 1),
                command,
                workdir,
                env,
                extra,
                new LinkedHashMap<>());
    }
}
