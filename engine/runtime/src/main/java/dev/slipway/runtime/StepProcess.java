package dev.slipway.runtime;

import dev.slipway.runtime.spi.StepSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one process of a step with fresh environment files, reads its workflow commands and applies what it wrote:
 * {@code GITHUB_ENV} and {@code GITHUB_PATH} for later steps, outputs, state and the job summary.
 */
final class StepProcess {
    /**
     * The base of {@code PATH} in a container when {@code GITHUB_PATH} added directories and the executor did not
     * report the image's {@code PATH} in its step environment: the usual default of Linux images.
     */
    static final String CONTAINER_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private StepProcess() {}

    /** The full environment of a process of the job, on the host or in the job container. */
    static Map<String, String> environment(
            JobState job, Scope scope, Map<String, String> env, Map<String, String> extra) {
        return environment(job, scope, env, extra, job.handle().spec().containerized());
    }

    /**
     * The full environment of a process: the host allowlist (not in a container, where it would replace the image's
     * {@code PATH} and {@code HOME}), the executor's step environment (e.g. {@code DOCKER_HOST}), then {@code env},
     * then the runner's variables.
     */
    static Map<String, String> environment(
            JobState job, Scope scope, Map<String, String> env, Map<String, String> extra, boolean inContainer) {
        Map<String, String> out = inContainer
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(job.options().hostEnv());
        out.putAll(job.handle().stepEnvironment());
        out.putAll(env);
        out.putAll(job.defaultEnv());
        scope.actionPath().ifPresent(p -> out.put("GITHUB_ACTION_PATH", p.toString()));
        out.putAll(extra);
        if (!job.pathPrepends().isEmpty()) {
            String base = out.getOrDefault("PATH", inContainer ? CONTAINER_PATH : "");
            out.put("PATH", String.join(":", job.pathPrepends()) + (base.isEmpty() ? "" : ":" + base));
        }
        return out;
    }

    /**
     * Runs {@code command}; {@code state} receives what the process saved with {@code GITHUB_STATE}.
     *
     * @param extra step-specific variables such as {@code INPUT_*} and {@code STATE_*}
     */
    static Outcome run(
            JobState job,
            Scope scope,
            StepLog log,
            StepGuard guard,
            String name,
            List<String> command,
            Path workingDirectory,
            Map<String, String> env,
            Map<String, String> extra,
            Map<String, String> state) {
        return run(job, scope, log, guard, name, command, workingDirectory, env, extra, state, Optional.empty());
    }

    /**
     * Runs {@code command} as {@link #run(JobState, Scope, StepLog, StepGuard, String, List, Path, Map, Map, Map)}
     * does; with a {@code container}, in a container of its own (a Docker action), {@code command} being its
     * arguments.
     */
    static Outcome run(
            JobState job,
            Scope scope,
            StepLog log,
            StepGuard guard,
            String name,
            List<String> command,
            Path workingDirectory,
            Map<String, String> env,
            Map<String, String> extra,
            Map<String, String> state,
            Optional<StepSpec.StepContainer> container) {
        StepFiles files = job.files();
        Map<String, String> extraWithFiles = new LinkedHashMap<>(extra);
        extraWithFiles.putAll(files.variables());
        boolean inContainer = container.isPresent() || job.handle().spec().containerized();
        Map<String, String> processEnv = environment(job, scope, env, extraWithFiles, inContainer);
        CommandProcessor commands = new CommandProcessor(
                log, processEnv, job.matchers(), job.request().workspace());
        ProcessStep.Exit exit = ProcessStep.run(
                job.executor(),
                job.handle(),
                guard,
                new StepSpec(name, command, workingDirectory, processEnv, container),
                commands);
        StepFiles.Written written = files.read();
        Map<String, String> outputs = new LinkedHashMap<>(commands.outputs());
        outputs.putAll(written.outputs());
        applyEnv(job, log, commands.env());
        applyEnv(job, log, written.env());
        commands.paths().forEach(p -> prependPath(job, p));
        written.paths().forEach(p -> prependPath(job, p));
        state.putAll(commands.state());
        state.putAll(written.state());
        if (!written.summary().isEmpty()) {
            job.summary().append(written.summary());
            if (!written.summary().endsWith("\n")) {
                job.summary().append('\n');
            }
        }
        boolean ok = exit.succeeded();
        exit.error().ifPresent(log::error);
        if (written.error().isPresent()) {
            log.error(written.error().get());
            ok = false;
        }
        if (commands.failed()) {
            ok = false;
        }
        if (!exit.stopped() && exit.error().isEmpty() && exit.code() != 0) {
            log.error("Process completed with exit code " + exit.code() + ".");
        }
        return new Outcome(ok, outputs);
    }

    static void applyEnv(JobState job, StepLog log, Map<String, String> values) {
        values.forEach((k, v) -> {
            if (k.equalsIgnoreCase("NODE_OPTIONS")) {
                log.warning("Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
            } else {
                job.env().put(k, v);
            }
        });
    }

    static void prependPath(JobState job, String dir) {
        job.pathPrepends().remove(dir);
        job.pathPrepends().add(0, dir);
    }
}
