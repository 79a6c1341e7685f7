package dev.slipway.runtime;

import dev.slipway.runtime.spi.LogSink;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one process's output line by line: applies workflow commands ({@code ::add-mask::}, {@code ::group::},
 * annotations, {@code ::stop-commands::}, problem matchers, legacy {@code set-output}/{@code save-state}, ...) and
 * logs the rest, as annotations where a problem matcher of the job matches.
 */
final class CommandProcessor implements LogSink {
    private static final String UNSECURE = "ACTIONS_ALLOW_UNSECURE_COMMANDS";

    private final StepLog log;
    private final ProblemMatchers matchers;
    private final ProblemMatchers.Session matching;
    private final Path workspace;
    private final boolean allowUnsecure;
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final Map<String, String> state = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final java.util.List<String> paths = new java.util.ArrayList<>();
    private Optional<String> stopToken = Optional.empty();
    private boolean echo;
    private boolean warnedSetOutput;
    private boolean failed;

    /**
     * The commands of one process of a job whose problem matchers are {@code matchers}; relative matcher files and the
     * files that matched lines name are taken from {@code workspace}.
     */
    CommandProcessor(StepLog log, Map<String, String> processEnv, ProblemMatchers matchers, Path workspace) {
        this.log = log;
        this.matchers = matchers;
        this.matching = matchers.session();
        this.workspace = workspace;
        this.allowUnsecure = "true".equalsIgnoreCase(processEnv.getOrDefault(UNSECURE, ""));
        this.echo = log.debug();
    }

    @Override
    public void line(String line) {
        Optional<WorkflowCommand> parsed = WorkflowCommand.parse(line);
        if (parsed.isEmpty()) {
            output(line);
            return;
        }
        WorkflowCommand cmd = parsed.get();
        if (stopToken.isPresent()) {
            if (cmd.name().equals(stopToken.get())) {
                stopToken = Optional.empty();
                echo(line);
            } else {
                output(line);
            }
            return;
        }
        if (!apply(cmd)) {
            output(line);
            return;
        }
        if (!cmd.name().equals("add-mask")) {
            echo(line);
        }
    }

    /** A line of output: an annotation when a problem matcher of the job matches it, else a plain line. */
    private void output(String line) {
        Optional<ProblemMatchers.Found> found = matching.match(line);
        if (found.isEmpty()) {
            log.output(line);
            return;
        }
        ProblemMatchers.Found f = found.get();
        log.annotate(
                new Annotation(
                        f.level().orElseThrow(),
                        f.get("message").orElseThrow(),
                        matchedFile(f),
                        number(f.get("line")),
                        number(f.get("column")),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        log.step().name()),
                ProblemMatchers.stripColours(line));
    }

    /**
     * The file a matched line names, relative to the workspace, as GitHub keeps it: taken from the directory of
     * {@code fromPath} or else the workspace when relative, and kept only when it exists inside the workspace.
     */
    private Optional<String> matchedFile(ProblemMatchers.Found f) {
        Optional<String> named = f.get("file").filter(s -> !s.isBlank());
        if (named.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(named.get().strip());
            if (!file.isAbsolute()) {
                Path from = f.get("fromPath")
                        .map(p -> Path.of(p.strip()).getParent())
                        .orElse(null);
                file = (from == null ? file : from.resolve(file));
                file = file.isAbsolute() ? file : workspace.resolve(file);
            }
            file = file.normalize();
            Path root = workspace.normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            return Optional.of(root.relativize(file).toString().replace(java.io.File.separatorChar, '/'));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> number(Optional<String> value) {
        try {
            return value.map(v -> Integer.parseInt(v.strip())).filter(n -> n >= 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
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
            case "add-matcher" -> addMatcher(cmd);
            case "remove-matcher" -> {
                Optional<String> owner = cmd.property("owner").filter(o -> !o.isBlank());
                if (owner.isPresent()) {
                    matchers.remove(owner.get().strip());
                } else {
                    log.warning("Problem matcher owner must be specified (::remove-matcher owner=NAME::).");
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void addMatcher(WorkflowCommand cmd) {
        String data = cmd.data().strip();
        if (data.isEmpty()) {
            log.warning("Problem matcher file path must be specified (::add-matcher::FILE).");
            return;
        }
        try {
            Path file = Path.of(data);
            matchers.add(file.isAbsolute() ? file : workspace.resolve(file));
        } catch (IllegalArgumentException e) { // InvalidPathException too
            fail("::add-matcher::" + data, e.getMessage());
        }
    }

    /** A command GitHub's runner could not process: an error, and the step fails, as there. */
    private void fail(String command, String why) {
        failed = true;
        log.error("Unable to process command '" + command + "' successfully: " + why);
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
        failed = true;
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
        return number(cmd.property(key));
    }

    /** Whether a command could not be processed, which fails the step as on GitHub. */
    boolean failed() {
        return failed;
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
