package dev.slipway.cli;

import dev.slipway.actions.Artifact;
import dev.slipway.actions.WorkingTree;
import dev.slipway.common.Diagnostic;
import dev.slipway.common.UserError;
import dev.slipway.executor.host.HostExecutor;
import dev.slipway.expr.Value;
import dev.slipway.plan.Event;
import dev.slipway.plan.GithubContext;
import dev.slipway.plan.Inputs;
import dev.slipway.plan.RunInfo;
import dev.slipway.plan.TriggerMatch;
import dev.slipway.plan.TriggerMatcher;
import dev.slipway.run.JobDirs;
import dev.slipway.run.JobPreview;
import dev.slipway.run.Orchestrator;
import dev.slipway.run.RunRequest;
import dev.slipway.run.RunResult;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.Trigger;
import dev.slipway.workflow.Workflow;
import dev.slipway.workflow.WorkflowFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code slipway run}: runs this repository's workflows on this machine, the way GitHub Actions would. Its command line
 * is described to picocli by {@link #spec} rather than by annotations: picocli reads annotations by reflection, and the
 * JDK makes a proxy class for every annotation type it meets (picocli's, and those on {@code Object}'s methods, which
 * picocli scans too), 46 of the 74 ms the main thread spent building the command line (profiled; ADR 0013).
 */
final class RunCommand implements Callable<Integer> {
    static final String NAME = "run";

    Optional<String> workflow = Optional.empty();
    String event = "push";
    Optional<Path> eventFile = Optional.empty();
    List<String> jobs = new ArrayList<>();
    Map<String, String> inputs = new LinkedHashMap<>();
    List<Path> inputFiles = new ArrayList<>();
    Map<String, String> vars = new LinkedHashMap<>();
    List<Path> varFiles = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    List<Path> secretFiles = new ArrayList<>();
    List<String> matrix = new ArrayList<>();
    Map<String, String> platforms = new LinkedHashMap<>();
    List<String> actionSources = new ArrayList<>();
    int parallel = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
    boolean list;
    boolean graph;
    boolean json;
    boolean noFold;
    String color = "auto";
    boolean verbose;
    boolean keep;
    boolean uncommitted;
    boolean watch;
    Optional<Path> directory = Optional.empty();

    /** The thread that sets JGit up ({@link GitSetup}) when {@link Main} leaves the waiting for it to this command. */
    @Nullable
    Thread gitSetup;

    /** The command line of {@code run}, bound to {@code r}'s fields. */
    @SuppressWarnings("unchecked")
    static CommandSpec spec(RunCommand r) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(r);
        spec.name(NAME);
        spec.versionProvider(new Main.Version()); // -V prints slipway's version, not an empty line
        spec.usageMessage()
                .description("Run the workflows of the repository you are in (.github/workflows, .slipway/workflows).")
                .sortOptions(false);
        Binding workflow = Binding.of(() -> r.workflow.orElse(null), v -> r.workflow = Optional.ofNullable((String) v));
        spec.addPositional(PositionalParamSpec.builder()
                .index("0")
                .arity("0..1")
                .paramLabel("WORKFLOW")
                .description("A workflow file, file name or name (default: all).")
                .type(String.class)
                .getter(workflow)
                .setter(workflow)
                .build());
        add(
                spec,
                option("-e", "--event")
                        .paramLabel("EVENT")
                        .description("Event name (default: push).")
                        .type(String.class),
                () -> r.event,
                v -> r.event = (String) v);
        add(
                spec,
                option("--event-file")
                        .paramLabel("FILE")
                        .description("JSON payload of the event (github.event).")
                        .type(Path.class),
                () -> r.eventFile.orElse(null),
                v -> r.eventFile = Optional.ofNullable((Path) v));
        add(
                spec,
                option("-j", "--job")
                        .paramLabel("JOB")
                        .description("Run only this job (and the jobs it needs); repeat for more.")
                        .type(List.class)
                        .auxiliaryTypes(String.class),
                () -> r.jobs,
                v -> r.jobs = (List<String>) v);
        add(
                spec,
                option("-i", "--input")
                        .paramLabel("KEY=VALUE")
                        .description("workflow_dispatch input.")
                        .type(Map.class)
                        .auxiliaryTypes(String.class, String.class),
                () -> r.inputs,
                v -> r.inputs = (Map<String, String>) v);
        add(
                spec,
                option("--input-file")
                        .paramLabel("FILE")
                        .description("workflow_dispatch inputs in dotenv format; --input wins.")
                        .type(List.class)
                        .auxiliaryTypes(Path.class),
                () -> r.inputFiles,
                v -> r.inputFiles = (List<Path>) v);
        add(
                spec,
                option("--var")
                        .paramLabel("KEY=VALUE")
                        .description("Configuration variable (vars context).")
                        .type(Map.class)
                        .auxiliaryTypes(String.class, String.class),
                () -> r.vars,
                v -> r.vars = (Map<String, String>) v);
        add(
                spec,
                option("--var-file")
                        .paramLabel("FILE")
                        .description("Configuration variables in dotenv format; --var wins.")
                        .type(List.class)
                        .auxiliaryTypes(Path.class),
                () -> r.varFiles,
                v -> r.varFiles = (List<Path>) v);
        add(
                spec,
                option("-s", "--secret")
                        .paramLabel("KEY[=VALUE]")
                        .description("Secret; without a value it is read from the environment variable KEY.")
                        .type(List.class)
                        .auxiliaryTypes(String.class),
                () -> r.secrets,
                v -> r.secrets = (List<String>) v);
        add(
                spec,
                option("--secret-file")
                        .paramLabel("FILE")
                        .description("Secrets in dotenv format.")
                        .type(List.class)
                        .auxiliaryTypes(Path.class),
                () -> r.secretFiles,
                v -> r.secretFiles = (List<Path>) v);
        add(
                spec,
                option("--matrix")
                        .paramLabel("KEY:VALUE")
                        .description("Run only matrix combinations with this value.")
                        .type(List.class)
                        .auxiliaryTypes(String.class),
                () -> r.matrix,
                v -> r.matrix = (List<String>) v);
        add(
                spec,
                option("-P", "--platform")
                        .paramLabel("LABEL=EXECUTOR")
                        .description("Map a runs-on label to an executor (host).")
                        .type(Map.class)
                        .auxiliaryTypes(String.class, String.class),
                () -> r.platforms,
                v -> r.platforms = (Map<String, String>) v);
        add(
                spec,
                option("--action-source")
                        .paramLabel("DIR|URL")
                        .description("Where remote actions (owner/repo@ref) are found: a directory or git base URL.")
                        .type(List.class)
                        .auxiliaryTypes(String.class),
                () -> r.actionSources,
                v -> r.actionSources = (List<String>) v);
        add(
                spec,
                option("--parallel")
                        .paramLabel("N")
                        .description("Job instances run at once (default: ${DEFAULT-VALUE}).")
                        .type(int.class),
                () -> r.parallel,
                v -> r.parallel = (Integer) v);
        add(
                spec,
                option("--list")
                        .description("List the workflows and jobs this event would run, then exit.")
                        .type(boolean.class),
                () -> r.list,
                v -> r.list = (Boolean) v);
        add(
                spec,
                option("--graph")
                        .description("Draw the needs graph of the jobs, then exit.")
                        .type(boolean.class),
                () -> r.graph,
                v -> r.graph = (Boolean) v);
        add(
                spec,
                option("--json")
                        .description("Print the result as JSON on stdout instead of the live log.")
                        .type(boolean.class),
                () -> r.json,
                v -> r.json = (Boolean) v);
        add(
                spec,
                option("--no-fold")
                        .description("Print the lines of ::group:: blocks instead of folding them.")
                        .type(boolean.class),
                () -> r.noFold,
                v -> r.noFold = (Boolean) v);
        add(
                spec,
                option("--color")
                        .paramLabel("WHEN")
                        .description("auto, always or never (default: auto).")
                        .type(String.class),
                () -> r.color,
                v -> r.color = (String) v);
        add(
                spec,
                option("-v", "--verbose").description("Show ::debug:: lines.").type(boolean.class),
                () -> r.verbose,
                v -> r.verbose = (Boolean) v);
        add(
                spec,
                option("--keep")
                        .description("Keep the job workspaces after the run, one directory per job.")
                        .type(boolean.class),
                () -> r.keep,
                v -> r.keep = (Boolean) v);
        add(
                spec,
                option("--uncommitted")
                        .description("actions/checkout of HEAD also gives the jobs the working tree's uncommitted"
                                + " changes (as if committed).")
                        .type(boolean.class),
                () -> r.uncommitted,
                v -> r.uncommitted = (Boolean) v);
        add(
                spec,
                option("--watch")
                        .description("Run again whenever the working tree changes (with --uncommitted); Ctrl-C stops.")
                        .type(boolean.class),
                () -> r.watch,
                v -> r.watch = (Boolean) v);
        add(
                spec,
                option("-C", "--directory")
                        .paramLabel("DIR")
                        .description("Run as if started in DIR.")
                        .type(Path.class),
                () -> r.directory.orElse(null),
                v -> r.directory = Optional.ofNullable((Path) v));
        Main.standardHelpOptions(spec);
        return spec;
    }

    private static OptionSpec.Builder option(String... names) {
        return OptionSpec.builder(names);
    }

    private static void add(
            CommandSpec spec,
            OptionSpec.Builder option,
            Supplier<@Nullable Object> get,
            Consumer<@Nullable Object> set) {
        Binding binding = Binding.of(get, set);
        // picocli sets every option to its initial value before it parses: the field's own, as with annotations
        spec.addOption(
                option.initialValue(get.get()).getter(binding).setter(binding).build());
    }

    @Override
    public Integer call() throws Exception {
        return watch ? watch() : runOnce();
    }

    /** How often {@link #watch} asks for the working tree's status, at least. */
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(500);

    /**
     * {@code --watch}: runs, then waits for the working tree to change ({@link WorkingTree#fingerprint}: HEAD and the
     * uncommitted changes, ignored files left out) and runs again, until Ctrl-C. Each run takes the changes over its
     * checkouts (as {@code --uncommitted}); a run that fails, or a workflow that does not parse, waits for the next
     * change instead of ending the watch. The status is asked every half second, or four times as long as it last
     * took; a change is run once the tree has been the same for one such interval (an editor saving several files).
     */
    private int watch() throws Exception {
        if (list || graph) {
            throw new UserError("--watch cannot be used with --list or --graph");
        }
        uncommitted = true;
        Path root = Repos.root(directory.orElse(Path.of("")));
        while (true) {
            String before = fingerprint(root);
            try {
                runOnce();
            } catch (UserError e) {
                ErrorHandler.print(e, System.err::println);
            }
            System.err.println("slipway: watching " + root + " for changes (Ctrl-C to stop)");
            String changed = before;
            String now = before;
            Duration interval = WATCH_INTERVAL;
            while (true) {
                long started = System.nanoTime();
                now = fingerprint(root);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                interval = took.multipliedBy(4).compareTo(WATCH_INTERVAL) > 0 ? took.multipliedBy(4) : WATCH_INTERVAL;
                if (now.isEmpty()) {
                    // not readable this time: neither a change nor the end of one
                } else if (!now.equals(before) && now.equals(changed)) {
                    break; // changed, and the same as one interval ago
                } else {
                    changed = now;
                }
                Thread.sleep(interval.toMillis());
            }
            List<String> what = WorkingTree.differences(before, now);
            String shown = String.join(", ", what.subList(0, Math.min(3, what.size())))
                    + (what.size() > 3 ? " and " + (what.size() - 3) + " more" : "");
            System.err.println("slipway: the working tree changed (" + shown + "); running again");
        }
    }

    /** {@link WorkingTree#fingerprint}, or an empty one when the status cannot be read now (a git lock, a rebase). */
    private static String fingerprint(Path root) {
        try {
            return WorkingTree.fingerprint(root);
        } catch (IOException e) {
            return "";
        }
    }

    private int runOnce() throws Exception {
        if (parallel < 1) {
            throw new UserError("--parallel wants 1 or more job instances at once, got " + parallel);
        }
        requireKeys("--input", inputs);
        requireKeys("--var", vars);
        requireKeys("--platform", platforms);
        inputs = withFiles(inputFiles, "input file", inputs);
        vars = withFiles(varFiles, "variable file", vars);
        Path root = Repos.root(directory.orElse(Path.of("")));
        if (!list && !graph) {
            HostExecutor.prepareInBackground();
        }
        // The workflow files are parsed on a thread of their own while this one reads the repository and the
        // configuration: a core was idle while the main thread did one after the other, and parsing costs every job of
        // a workflow about 0.3 ms (`slipway lint`), all of it before the first job starts. Errors are reported in the
        // order they were before: the repository's, then the workflows', then the configuration's.
        FutureTask<Loaded> parsing = new FutureTask<>(() -> loadWorkflows(root));
        Thread.ofPlatform().daemon().name("slipway-parse").start(parsing);
        Config config;
        RuntimeException configError = null;
        try {
            config = Config.create(this, root);
        } catch (RuntimeException e) {
            config = null;
            configError = e;
        }
        // The first run's slot too, and its job directories adopted (each emptied when a job takes it).
        Early early = new Early();
        if (config != null && !keep && !list && !graph) {
            try {
                early.slot = config.claimSlot();
            } catch (IOException e) {
                // claimed again in execute, which reports the problem where it always did
            }
            early.slot.ifPresent(
                    s -> early.adopted = Optional.of(JobDirs.adopting(s.dir().resolve("jobs"))));
        }
        try {
            // JGit is set up on a thread of its own (Main): the work above needs none of it.
            if (gitSetup != null) {
                GitSetup.await(gitSetup);
            }
            LocalGit git = LocalGit.read(root);
            Loaded loaded = parsed(parsing);
            loaded.warnings().forEach(d -> System.err.println(d.render()));
            if (configError != null) {
                throw configError;
            }
            leftOut(loaded.leftOut());
            int code = call(root, git, loaded.workflows(), config, early);
            // an invalid file is bad input (exit 2) unless -j named a job of another file: then it is beside the point
            return loaded.leftOut().isEmpty() || !jobs.isEmpty() ? code : Math.max(code, Main.EXIT_USAGE);
        } finally {
            if (!early.handedOver) {
                early.slot.ifPresent(Config.Slot::close);
            }
        }
    }

    /** Says which workflow files are left out for their errors, and the errors. */
    private static void leftOut(List<Diagnostic> invalid) {
        if (invalid.isEmpty()) {
            return;
        }
        invalid.forEach(d -> System.err.println(d.render()));
        List<String> files = invalid.stream()
                .filter(Diagnostic::isError)
                .map(d -> d.span().file())
                .distinct()
                .toList();
        System.err.println("slipway: " + String.join(", ", files) + (files.size() == 1 ? " is" : " are")
                + " not valid and left out; the other workflows run (slipway lint shows the errors)");
    }

    /** Refuses {@code --input =value}: picocli takes the empty text before the {@code =} as a key. */
    private static void requireKeys(String option, Map<String, String> given) {
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (e.getKey().isBlank()) {
                throw new UserError(option + " wants KEY=VALUE, got '" + e.getKey() + "=" + e.getValue() + "'");
            }
        }
    }

    /** The values of the dotenv {@code files} in order, then {@code given} over them. */
    private static Map<String, String> withFiles(List<Path> files, String what, Map<String, String> given) {
        if (files.isEmpty()) {
            return given;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Path file : files) {
            out.putAll(Dotenv.read(file, what));
        }
        out.putAll(given);
        return out;
    }

    /** The run slot claimed and adopted before the workflows were parsed; the first run takes it over. */
    private static final class Early {
        Optional<Config.Slot> slot = Optional.empty();
        Optional<JobDirs> adopted = Optional.empty();
        boolean handedOver;
    }

    private Integer call(Path root, LocalGit git, List<Workflow> workflows, Config config, Early early)
            throws Exception {
        String serverUrl = config.serverUrl(git);
        EventFactory events = new EventFactory(
                uncommitted ? git.withUncommitted(WorkingTree.read(root)) : git, serverUrl, !uncommitted);
        List<Planned> planned = new ArrayList<>();
        List<String> notTriggered = new ArrayList<>();
        for (Workflow wf : workflows) {
            Event ev = events.create(event, eventFile, wf, inputs);
            TriggerMatch match = TriggerMatcher.match(wf, ev);
            if (!match.triggered()) {
                notTriggered.add(wf.path() + ": " + match.reason());
                continue;
            }
            try {
                planned.add(plan(wf, ev, config, serverUrl));
            } catch (UserError e) {
                if (workflow.isPresent()) {
                    throw e;
                }
                // no workflow named: one whose dispatch inputs are wrong is left out, saying why; the others run
                String why = e.diagnostics().isEmpty()
                        ? wf.path() + ": " + e.getMessage()
                        : e.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("; "));
                notTriggered.add(why);
                System.err.println("slipway: " + wf.path() + " not dispatched: " + why);
            }
        }
        if (planned.isEmpty()) {
            System.err.println("slipway: no workflow runs on event '" + event + "':");
            notTriggered.forEach(r -> System.err.println("  " + r));
            return Main.EXIT_USAGE;
        }
        if (!jobs.isEmpty()) {
            for (String j : jobs) {
                if (planned.stream().noneMatch(p -> p.workflow().jobs().containsKey(j))) {
                    throw new UserError("no job '" + j + "' in "
                            + planned.stream().map(p -> p.workflow().path()).toList());
                }
            }
            // -j names jobs: the workflows without any of them do not run at all
            planned.removeIf(p -> jobs.stream().noneMatch(p.workflow().jobs()::containsKey));
        }
        checkMatrixKeys(planned);
        if (list || graph) {
            for (Planned p : planned) {
                Workflow wf = jobs.isEmpty() ? p.workflow() : Graphs.only(p.workflow(), jobs);
                System.out.print(list ? Graphs.list(wf, previewContexts(p), matrixFilter()) : Graphs.draw(wf));
            }
            return 0;
        }
        return execute(planned, config, root, early);
    }

    /** The result of {@code parsing}, or what it threw. */
    private static Loaded parsed(FutureTask<Loaded> parsing) throws InterruptedException {
        try {
            return parsing.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The workflows that parsed, the warnings to print about them, and the errors of files left out (only when no
     * workflow was named: as on GitHub, an invalid file does not stop the others).
     */
    private record Loaded(List<Workflow> workflows, List<Diagnostic> warnings, List<Diagnostic> leftOut) {}

    private Loaded loadWorkflows(Path root) {
        List<Path> files = WorkflowFiles.discover(root);
        if (workflow.isPresent()) {
            String w = workflow.get();
            Path asPath = Path.of(w).toAbsolutePath();
            if (Files.isRegularFile(asPath)) {
                files = List.of(asPath);
            } else {
                files = files.stream()
                        .filter(f -> f.getFileName().toString().equals(w)
                                || f.getFileName()
                                        .toString()
                                        .replaceFirst("\\.ya?ml$", "")
                                        .equals(w)
                                || WorkflowLoader.parse(f, root)
                                        .value()
                                        .map(x -> x.displayName().equals(w))
                                        .orElse(false))
                        .toList();
                if (files.isEmpty()) {
                    throw new UserError("no workflow '" + w + "' (workflows: "
                            + WorkflowFiles.discover(root).stream()
                                    .map(p -> root.relativize(p).toString())
                                    .collect(Collectors.joining(", "))
                            + ")");
                }
            }
        }
        if (files.isEmpty()) {
            throw new UserError("no workflow files in " + root.resolve(".github/workflows") + " or "
                    + root.resolve(".slipway/workflows"));
        }
        List<Diagnostic> problems = new ArrayList<>();
        List<Diagnostic> invalid = new ArrayList<>();
        List<Workflow> out = new ArrayList<>();
        for (Path f : files) {
            ParseResult<Workflow> r = WorkflowLoader.parse(f, root);
            if (!r.hasErrors()) {
                problems.addAll(r.diagnostics());
                r.value().ifPresent(out::add);
            } else {
                invalid.addAll(r.diagnostics());
            }
        }
        if (!invalid.isEmpty() && (workflow.isPresent() || out.isEmpty())) {
            invalid.addAll(problems);
            invalid.sort(Diagnostic.BY_POSITION);
            throw new UserError(invalid);
        }
        invalid.sort(Diagnostic.BY_POSITION);
        return new Loaded(out, problems, invalid);
    }

    private Planned plan(Workflow wf, Event ev, Config config, String serverUrl) {
        Value.Obj typedInputs = new Value.Obj(Map.of());
        Trigger dispatch = wf.on().get(ev.name());
        if (dispatch != null && ev.name().equals("workflow_dispatch")) {
            Inputs.Resolved r = Inputs.resolve(dispatch.inputs(), inputs, wf.path());
            if (r.hasErrors()) {
                throw new UserError(r.diagnostics());
            }
            typedInputs = r.values();
        }
        RunInfo info = config.nextRun(serverUrl);
        Value.Obj github = GithubContext.of(wf, ev, info);
        return new Planned(wf, ev, info, github, typedInputs);
    }

    /** The contexts a planned run's matrices and job names are worked out with before it runs. */
    private Map<String, Value> previewContexts(Planned p) {
        return Map.of("github", p.github(), "inputs", p.inputs(), "vars", varsContext());
    }

    /** {@code --var} values as the {@code vars} context. */
    private Value.Obj varsContext() {
        Map<String, Value> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> out.put(k, new Value.Str(v)));
        return new Value.Obj(out);
    }

    /** {@code --matrix KEY:VALUE} options as a filter: a key given more than once takes any of its values. */
    private Map<String, Set<String>> matrixFilter() {
        Map<String, Set<String>> filter = new LinkedHashMap<>();
        for (String m : matrix) {
            int i = m.indexOf(':');
            if (i <= 0) {
                throw new UserError("--matrix wants KEY:VALUE, got '" + m + "'");
            }
            filter.computeIfAbsent(m.substring(0, i), k -> new LinkedHashSet<>())
                    .add(m.substring(i + 1));
        }
        return filter;
    }

    /**
     * Refuses a {@code --matrix} key that no job's matrix has, when every matrix is known before the run: it would
     * constrain nothing, and a misspelt key ({@code --matrix jav:17}) would run every combination.
     */
    private void checkMatrixKeys(List<Planned> planned) {
        Map<String, Set<String>> filter = matrixFilter();
        if (filter.isEmpty()) {
            return;
        }
        Set<String> keys = new java.util.TreeSet<>();
        for (Planned p : planned) {
            Map<String, Value> contexts = previewContexts(p);
            // every job of the workflow, also with -j: the jobs the named one needs run too
            for (var j : p.workflow().jobs().values()) {
                Optional<Set<String>> known = JobPreview.matrixKeys(j, contexts);
                if (known.isEmpty()) {
                    return; // a matrix the run works out: its keys are not known yet
                }
                keys.addAll(known.get());
            }
        }
        for (String key : filter.keySet()) {
            // a dotted key reaches into an object value of its first part's key
            if (!keys.contains(key) && !keys.contains(key.substring(0, Math.max(0, key.indexOf('.'))))) {
                throw new UserError("--matrix " + key + ": no job's matrix has the key '" + key + "'"
                        + (keys.isEmpty() ? " (no job has a matrix)" : " (keys: " + String.join(", ", keys) + ")"));
            }
        }
    }

    private int execute(List<Planned> planned, Config config, Path root, Early early) throws Exception {
        // Without --keep, each run holds a run slot whose job directories the next run reuses (Config.Slot).
        Orchestrator base = keep
                ? config.orchestrator(root).keepingJobDirs()
                : config.orchestrator(root).adoptingJobDirs();
        Orchestrator orchestrator = early.adopted.map(base::withAdopted).orElse(base);
        Cancellation cancel = new Cancellation();
        // Counted down once the result is printed. The JVM ends when the shutdown hook returns, so the hook of a
        // SIGTERM or Ctrl-C waits for it: otherwise the summary (or the --json result) of the cancelled run was cut
        // off or missing, 3 runs in 3 with --json into a file.
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (!cancel.isCancelled()) {
                System.err.println("\nslipway: cancelling (Ctrl-C again to force)...");
            }
            cancel.cancel();
            config.awaitQuiet();
            try {
                reported.await(REPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (!ShutdownHooks.add(hook)) {
            System.err.println("slipway: cancelled before the run started");
            return 1; // as a cancelled run; the signal that began the shutdown sets the exit status anyway
        }
        Style style = Style.detect(color);
        RunResult[] results = new RunResult[planned.size()];
        try {
            List<Thread> threads = new ArrayList<>();
            Map<String, Set<String>> matrixFilter = matrixFilter();
            for (int i = 0; i < planned.size(); i++) {
                Planned p = planned.get(i);
                int index = i;
                String label = planned.size() > 1 ? p.workflow().displayName() + " / " : "";
                var listener = json
                        ? dev.slipway.run.RunListener.NONE
                        : new LivePrinter(System.out, style, !noFold, verbose, label);
                Optional<Config.Slot> slot =
                        keep ? Optional.empty() : i == 0 && early.slot.isPresent() ? early.slot : config.claimSlot();
                Path runDir = slot.isPresent() ? slot.get().dir() : config.runDir(p.info());
                RunRequest req = new RunRequest(
                        p.workflow(),
                        p.event(),
                        p.info(),
                        p.github(),
                        p.inputs(),
                        config.secrets(),
                        vars,
                        root,
                        runDir,
                        jobs.stream().filter(p.workflow().jobs()::containsKey).collect(Collectors.toSet()),
                        matrixFilter,
                        parallel);
                if (i == 0) {
                    early.handedOver = true; // the run's thread closes it
                }
                threads.add(Thread.ofPlatform().name("run-" + p.info().runId()).start(() -> {
                    try {
                        results[index] = orchestrator.run(req, listener, cancel);
                    } finally {
                        if (slot.isPresent()) {
                            slot.get().close();
                        } else if (!keep) {
                            config.deleteQuietly(runDir);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            config.done();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting because of Ctrl-C; the hook is running
            }
        }
        List<RunResult> all = List.of(results);
        try {
            List<List<Artifact>> artifacts = planned.stream()
                    .map(p -> config.artifacts(p.info().runId()))
                    .toList();
            if (json) {
                System.out.println(Summary.json(planned, all, artifacts));
            } else {
                // several workflows: each job named after its workflow, as the live log names it
                List<String> labels = planned.size() > 1
                        ? planned.stream()
                                .map(p -> p.workflow().displayName() + " / ")
                                .toList()
                        : List.of();
                System.out.print(Summary.table(
                        all,
                        labels,
                        style,
                        artifacts.stream().flatMap(List::stream).toList()));
            }
            System.out.flush();
        } finally {
            reported.countDown();
        }
        config.workingTree().leftOut(LEFT_OUT_WAIT).ifPresent(c -> System.err.println(leftOutNote(c)));
        var overall = Summary.overall(all);
        return overall == Conclusion.SUCCESS || overall == Conclusion.SKIPPED ? 0 : 1;
    }

    /** How long a SIGTERM or Ctrl-C waits, once the steps are stopped, for the run's result to be printed. */
    private static final Duration REPORT_WAIT = Duration.ofSeconds(5);

    /** How long the end of a run waits for the working tree's status, read since its first checkout. */
    private static final Duration LEFT_OUT_WAIT = Duration.ofSeconds(5);

    /** What a run's checkouts left out of the working tree ({@link WorkingTree#leftOut}). */
    static String leftOutNote(WorkingTree.Changes c) {
        int n = c.changes().size();
        return "slipway: actions/checkout gave the jobs commit " + c.head().substring(0, 7) + " without the "
                + (n == 1 ? "uncommitted change" : n + " uncommitted changes") + " of " + c.root() + " ("
                + c.shortList(5) + "); the workflow files were read from the working tree. Commit "
                + (n == 1 ? "it" : "them") + ", or run with --uncommitted to include "
                + (n == 1 ? "it." : "them.");
    }

    /** A workflow ready to run. */
    record Planned(Workflow workflow, Event event, RunInfo info, Value.Obj github, Value.Obj inputs) {}
}
