package dev.slipway.server.runs;

import dev.slipway.common.Diagnostic;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.plan.Event;
import dev.slipway.plan.Planner;
import dev.slipway.plan.RunInfo;
import dev.slipway.run.Platforms;
import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.NewJob;
import dev.slipway.server.store.NewRun;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.Runs;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Workflow;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/** Writes new runs: queued ones with a waiting row per job, and failed ones for invalid workflow files. */
final class RunFactory {
    /** Key of the one job of a run whose workflow file does not parse. */
    static final String INVALID_JOB = "invalid-workflow";

    private final Database db;
    private final JobClaims claims;
    private final Path logsDir;
    private final String serverUrl;
    private final RunConcurrency concurrency;

    RunFactory(Database db, JobClaims claims, Path logsDir, String serverUrl, RunConcurrency concurrency) {
        this.db = db;
        this.claims = claims;
        this.logsDir = logsDir;
        this.serverUrl = serverUrl;
        this.concurrency = concurrency;
    }

    /**
     * A queued run of {@code workflow} for {@code event}, with the event payload stored. Jobs with a matrix get their
     * rows per combination when they run, since the combinations depend on expressions. A workflow with {@code
     * concurrency:} puts the run in its group, which cancels the group's waiting run (and, with {@code
     * cancel-in-progress}, its running one). The run's title and group are rendered once its id and number are known,
     * with the {@code github}, {@code inputs} and {@code vars} contexts as the run will see them.
     */
    Run queued(Repo repo, Workflow workflow, Event unidentified) {
        var event = PlanRepos.withSenderId(db, unidentified);
        Map<String, Value> vars = new LinkedHashMap<>();
        db.variables().contents(repo.id()).forEach((k, v) -> vars.put(k, new Value.Str(v)));
        var varsContext = new Value.Obj(vars);
        var group = new AtomicReference<Optional<RunConcurrency.Group>>(Optional.empty());
        var run = db.runs().create(newRun(repo, workflow.path(), workflow.displayName(), event), (id, number) -> {
            var plan = Planner.plan(
                    workflow,
                    event,
                    new RunInfo(id, number, 1, serverUrl, "", 90, RefProtection.of(db, repo.id(), event.ref())),
                    varsContext);
            group.set(RunConcurrency.group(workflow, plan));
            return new Runs.Naming(
                    Optional.of(plan.runName()).filter(t -> !t.isBlank()),
                    group.get().map(RunConcurrency.Group::name));
        });
        for (Job job : workflow.jobs().values()) {
            if (!hasMatrix(job)) {
                db.jobs().create(new NewJob(run.id(), job.id(), name(job), labels(job), job.needs(), Optional.empty()));
            }
        }
        group.get().ifPresent(g -> concurrency.admit(run, g));
        return db.runs().find(run.id()).orElseThrow();
    }

    /** A completed, failed run for a workflow file with errors; its one job's failure message holds them. */
    Run invalid(Repo repo, String path, Event unidentified, List<Diagnostic> diagnostics) {
        var event = PlanRepos.withSenderId(db, unidentified);
        var run = db.runs().create(newRun(repo, path, path, event));
        db.runs().start(run.id()); // out of reach of the workers from here on
        var job = db.jobs()
                .create(new NewJob(
                        run.id(), INVALID_JOB, "Invalid workflow file", List.of(), List.of(), Optional.empty()));
        var message = diagnostics.stream()
                .filter(Diagnostic::isError)
                .sorted(Diagnostic.BY_POSITION)
                .map(Diagnostic::render)
                .collect(Collectors.joining("\n"));
        try (var log = JobLog.open(logsDir, run.id(), job.id())) {
            log.error(message);
        }
        claims.end(job, Conclusion.FAILURE, "{}", Optional.of("Invalid workflow file:\n" + message));
        db.runs().complete(run.id(), Conclusion.FAILURE);
        return db.runs().find(run.id()).orElseThrow();
    }

    /** A new run titled as GitHub titles a run without {@code run-name} (commit subject, pull request title, name). */
    private static NewRun newRun(Repo repo, String path, String name, Event event) {
        return new NewRun(
                repo.id(),
                path,
                name,
                Optional.of(Planner.defaultRunName(name, event)),
                event.name(),
                event.ref(),
                headBranch(event),
                event.sha(),
                event.actor(),
                Values.toJson(event.payload()),
                Optional.empty());
    }

    /**
     * GitHub's {@code head_branch}: a pull request's head branch for a run on its test merge ({@code refs/pull/N/merge}),
     * else the branch or tag the ref names.
     */
    static Optional<String> headBranch(Event event) {
        return event.ref().startsWith("refs/pull/") ? event.headRef() : NewRun.branchOrTag(event.ref());
    }

    static boolean hasMatrix(Job job) {
        return job.strategy().filter(s -> !(s.matrix() instanceof Value.Null)).isPresent();
    }

    /** The job's {@code name:} when it is plain text; the id when it is an expression (rendered only at run time). */
    static String name(Job job) {
        return job.name().filter(n -> !n.contains("${{")).orElse(job.id());
    }

    static List<String> labels(Job job) {
        return Platforms.labelsOf(job.runsOn());
    }
}
