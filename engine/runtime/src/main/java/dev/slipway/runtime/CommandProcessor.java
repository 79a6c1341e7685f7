package dev.slipway.runtime;

import dev.slipway.runtime.spi.LogSink;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one process's output line by line: applies workflow commands ({@code ::add-mask::}, {@code ::group::},
 * annotations, {@code ::stop-commands::}, legacy {@code set-output}/{@code save-state}, ...) and logs the rest.
 */
final class CommandProcessor implements LogSink {
    private static final String UNSECURE = "ACTIONS_ALLOW_UNSECURE_COMMANDS";

    private final StepLog log;
    private final boolean allowUnsecure;
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final Map<String, String> state = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final java.util.List<String> paths = new java.util.ArrayList<>();
    private Optional<String> stopToken = Optional.empty();
    private boolean echo;
    private boolean warnedSetOutput;

    CommandProcessor(StepLog log, Map<String, String> processEnv) {
        this.log = log;
        this.allowUnsecure = "true".equalsIgnoreCase(processEnv.getOrDefault(UNSECURE, ""));
        this.echo = log.debug();
    }

    @Override
    public void line(String line) {
        Optional<WorkflowCommand> parsed = WorkflowCommand.parse(line);
        if (parsed.isEmpty()) {
            log.output(line);
            return;
        }
        WorkflowCommand cmd = parsed.get();
        if (stopToken.isPresent()) {
            if (cmd.name().equals(stopToken.get())) {
                stopToken = Optional.empty();
                echo(line);
            } else {
                log.output(line);
            }
            return;
        }
        if (!apply(cmd)) {
            log.output(line);
            return;
        }
        if (!cmd.name().equals("add-mask")) {
            echo(line);
        }
    }

    private void echo(String line) {
        if (echo) {
            log.command(line);
        }
    }

    /** Applies {@code cmd}; false when it is not a command the runner knows. */
    private boolean apply(WorkflowCommand cmd) {
        switch (cmd.name()) {
            case "add-mask" -> {
                log.masker().add(cmd.data().strip());
                echo("::add-mask::" + Masker.MASK);
            }
            case "group" -> log.line(LogLine.Kind.GROUP_START, cmd.data());
            case "endgroup" -> log.line(LogLine.Kind.GROUP_END, "");
            case "debug" -> log.line(LogLine.Kind.DEBUG, cmd.data());
            case "error" -> log.annotate(annotation(Annotation.Level.ERROR, cmd));
            case "warning" -> log.annotate(annotation(Annotation.Level.WARNING, cmd));
            case "notice" -> log.annotate(annotation(Annotation.Level.NOTICE, cmd));
            case "stop-commands" -> stopToken = Optional.of(cmd.data().strip().toLowerCase(java.util.Locale.ROOT));
            case "echo" -> echo = cmd.data().strip().equalsIgnoreCase("on");
            case "set-output" -> setOutput(cmd);
            case "save-state" -> cmd.property("name").ifPresent(n -> state.put(n, cmd.data()));
            case "set-env" -> unsecure(cmd, () -> cmd.property("name").ifPresent(n -> env.put(n, cmd.data())));
            case "add-path" -> unsecure(cmd, () -> paths.add(cmd.data().strip()));
            case "add-matcher", "remove-matcher" -> {
                // Problem matchers are not supported; consume the command silently as it carries no output.
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void setOutput(WorkflowCommand cmd) {
        if (!warnedSetOutput) {
            warnedSetOutput = true;
            log.warning("The `set-output` command is deprecated and will be disabled soon. "
                    + "Please upgrade to using Environment Files (GITHUB_OUTPUT).");
        }
        cmd.property("name").ifPresent(n -> outputs.put(n, cmd.data()));
    }

    private void unsecure(WorkflowCommand cmd, Runnable action) {
        if (allowUnsecure) {
            action.run();
            return;
        }
        log.error("The `" + cmd.name() + "` command is disabled. Use the environment files GITHUB_ENV and "
                + "GITHUB_PATH instead, or set " + UNSECURE + " to true to opt into unsecure commands.");
    }

    private Annotation annotation(Annotation.Level level, WorkflowCommand cmd) {
        return new Annotation(
                level,
                cmd.data(),
                cmd.property("file"),
                number(cmd, "line"),
                number(cmd, "col"),
                number(cmd, "endLine"),
                number(cmd, "endColumn"),
                cmd.property("title"),
                log.step().name());
    }

    private static Optional<Integer> number(WorkflowCommand cmd, String key) {
        try {
            return cmd.property(key).map(v -> Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Outputs set with the legacy {@code ::set-output::} command. */
    Map<String, String> outputs() {
        return outputs;
    }

    /** State saved with the legacy {@code ::save-state::} command. */
    Map<String, String> state() {
        return state;
    }

    /** Variables set with {@code ::set-env::} when unsecure commands are allowed. */
    Map<String, String> env() {
        return env;
    }

    /** Directories added with {@code ::add-path::} when unsecure commands are allowed. */
    java.util.List<String> paths() {
        return paths;
    }
}
