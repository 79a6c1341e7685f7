package dev.slipway.server.runs;

import dev.slipway.actions.ActionRef;
import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.git.Repositories;
import dev.slipway.plan.Event;
import dev.slipway.plan.Events;
import dev.slipway.plan.GithubContext;
import dev.slipway.plan.Inputs;
import dev.slipway.plan.RunInfo;
import dev.slipway.run.Orchestrator;
import dev.slipway.run.RunRequest;
import dev.slipway.server.agents.AgentHub;
import dev.slipway.server.environments.Gatekeeper;
import dev.slipway.server.metrics.RunMetrics;
import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.SecretBox;
import dev.slipway.workflow.ParseResult;
import dev.slipway.workflow.TokenPermissions;
import dev.slipway.workflow.Workflow;
import dev.slipway.workflow.WorkflowParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one claimed run with the engine's {@link Orchestrator}, whose jobs go through the job queue to agents
 * ({@link QueuedLauncher}): the workflow is read again at the run's commit,
 * the event rebuilt from the stored payload, the bare repository is the checkout source, and the run gets a fresh
 * directory under the work directory, removed afterwards.
 */
final class RunExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);
    private static final int PARALLELISM = 64;
    private static final int RETENTION_DAYS = 90;

    private final Database db;
    private final Repositories repos;
    private final JobClaims claims;
    private final Path logsDir;
    private final Path workDir;
    private final AgentHub hub;
    private final String serverUrl;
    private final RunMetrics metrics;
    private final SecretBox secrets;
    private final Gatekeeper gatekeeper;

    /** What jobs' tokens may do when their workflow's {@code permissions} say nothing. */
    private volatile TokenPermissions defaultPermissions = TokenPermissions.DEFAULT;

    /** Who hears of the deployments jobs make (webhooks). */
    void deploymentEvents(dev.slipway.server.environments.DeploymentEvents events) {
        gatekeeper.events(events);
    }

    /** The server's default for the tokens of workflows without {@code permissions}. */
    void defaultPermissions(TokenPermissions permissions) {
        this.defaultPermissions = permissions;
    }

    RunExecutor(
            Database db,
            Repositories repos,
            JobClaims claims,
            Path logsDir,
            Path workDir,
            AgentHub hub,
            String serverUrl,
            RunMetrics metrics,
            SecretBox secrets) {
        this.db = db;
        this.repos = repos;
        this.claims = claims;
        this.logsDir = logsDir;
        this.workDir = workDir;
        this.hub = hub;
        this.serverUrl = serverUrl;
        this.metrics = metrics;
        this.secrets = secrets;
        this.gatekeeper = new Gatekeeper(db, secrets, java.time.Clock.systemUTC());
    }

    /** Runs {@code run}, which this server has moved to in_progress, to its end and stores its conclusion. */
    void execute(Run run, RunHandle handle) {
        metrics.runStarted(run);
        var repo = db.repos().find(run.repoId()).orElseThrow();
        var parsed = load(repo, run.sha(), run.workflowPath(), Optional.empty());
        if (parsed.hasErrors() || parsed.value().isEmpty()) {
            fail(
                    run,
                    parsed.diagnostics().stream()
                            .map(Diagnostic::render)
                            .reduce((a, b) -> a + "\n" + b)
                            .orElse("?"));
            return;
        }
        var workflow = parsed.value().get();
        var runUrl = serverUrl + "/" + repo.fullName() + "/actions/runs/" + run.number();
        var recorder = new RunRecorder(db, claims, logsDir, run, workflow, runUrl, handle::reason, metrics);
        var runDir = workDir.resolve(Long.toString(run.id()));
        try {
            var request = request(run, repo, workflow, runDir);
            // the workflows of other repositories this run calls, by the name their jobs carry, where they were read
            Map<String, Located> called = new ConcurrentHashMap<>();
            var launcher = new QueuedLauncher(
                    hub,
                    recorder,
                    path -> Optional.ofNullable(called.get(path))
                            .map(l -> text(l.repo(), l.sha(), l.path()))
                            .orElseGet(() -> text(repo, run.sha(), path)),
                    repo.fullName(),
                    serverUrl,
                    gatekeeper,
                    run,
                    runUrl);
            var orchestrator =
                    new Orchestrator(launcher, new HostedWorkflows(repo, run.sha(), repo, Optional.empty(), called));
            var result = orchestrator.run(request, recorder, handle.cancellation());
            recorder.closeLogs();
            if (recorder.resumable()) {
                LOG.info(
                        "run {} of {} waits at an environment's gate: it resumes at the next start",
                        run.id(),
                        repo.fullName());
                return;
            }
            claims.closeLeftovers(run.id(), handle.reason().orElse("the run ended before this job"));
            gatekeeper.abandon(run.id(), runUrl);
            db.runs().complete(run.id(), JobRecorder.conclusion(result.conclusion()));
        } catch (RuntimeException | IOException | ExprException e) {
            LOG.error("run {} of {} broke off", run.id(), repo.fullName(), e);
            recorder.closeLogs();
            claims.closeLeftovers(run.id(), "internal error: " + e.getMessage());
            gatekeeper.abandon(run.id(), runUrl);
            db.runs().complete(run.id(), Conclusion.FAILURE);
        } finally {
            db.runs().find(run.id()).ifPresent(metrics::runCompleted);
            deleteQuietly(runDir);
        }
    }

    private RunRequest request(Run run, Repo repo, Workflow workflow, Path runDir) throws IOException, ExprException {
        Files.createDirectories(runDir);
        if (!(Values.fromJson(run.eventPayload()) instanceof Value.Obj payload)) {
            throw new IOException("the stored event of run " + run.id() + " is not a JSON object");
        }
        Event event = Events.fromPayload(
                run.event(), payload, new Events.Origin(run.ref(), run.sha(), repo.fullName(), run.actor()));
        var info = new RunInfo(
                run.id(),
                run.number(),
                run.attempt(),
                serverUrl,
                "",
                RETENTION_DAYS,
                RefProtection.of(db, repo.id(), event.ref()));
        return new RunRequest(
                workflow.withDefaultPermissions(defaultPermissions),
                event,
                info,
                GithubContext.of(workflow, event, info),
                inputs(workflow, event),
                secrets(repo),
                db.variables().contents(repo.id()),
                repos.root().resolve(repo.ownerLogin()).resolve(repo.name() + ".git"),
                runDir,
                java.util.Set.of(),
                Map.of(),
                PARALLELISM,
                // a re-run's carried-over jobs, or the finished jobs of a run resumed after a restart (Recovery)
                ReusedJobs.completedBefore(workflow, db.jobs().listForRun(run.id())));
    }

    /** The repository's secrets, decrypted for this run only (the runtime masks their values in logs). */
    private Map<String, String> secrets(Repo repo) {
        Map<String, String> plain = new LinkedHashMap<>();
        db.secrets().contents(repo.id()).forEach((name, ciphertext) -> plain.put(name, secrets.decrypt(ciphertext)));
        return plain;
    }

    private static Value.Obj inputs(Workflow workflow, Event event) {
        var trigger = workflow.on().get(event.name());
        if (trigger == null || !event.name().equals("workflow_dispatch")) {
            return new Value.Obj(Map.of());
        }
        return Inputs.resolve(trigger.inputs(), event.inputs(), workflow.path()).values();
    }

    /** A workflow file at a commit; {@code path} may start with {@code ./} (reusable workflows). */
    /** Where a workflow of another repository that a run called was read. */
    private record Located(Repo repo, String sha, String path) {}

    private static String clean(String path) {
        return path.startsWith("./") ? path.substring(2) : path;
    }

    /**
     * The workflow at {@code path} of {@code repo} at {@code sha}, named {@code path} in diagnostics, or {@code
     * owner/repo/<path>@ref} when {@code shownAs} gives the repository it was called as.
     */
    private ParseResult<Workflow> load(Repo repo, String sha, String path, Optional<ActionRef> shownAs) {
        var clean = clean(path);
        String shown = shownAs.map(r -> r.withPath(clean).toString()).orElse(clean);
        try (var git = repos.open(repo.ownerLogin(), repo.name()).orElseThrow()) {
            return git.fileAt(sha, clean)
                    .map(text -> WorkflowParser.parse(shown, text))
                    .orElseGet(() -> new ParseResult<>(
                            Optional.empty(),
                            List.of(Diagnostic.error(SourceSpan.ofFile(shown), "no such file at " + sha))));
        }
    }

    /**
     * The workflow files a run reads: its repository's at its commit, and reusable workflows of other repositories of
     * this server ({@code uses: owner/repo/.github/workflows/x.yml@ref}), as Gitea resolves them on its own instance.
     * A private repository's workflows can be called from its owner's repositories only (GitHub lets a private
     * repository's workflows be called from the repository itself, or more widely when its settings say so). A called
     * workflow's own {@code ./} calls are read from its repository at the same commit. {@code caller}, the repository
     * whose run this is, decides what may be called at every depth; {@code shownAs}, the reference this source's repository
     * was called by, names its workflows ({@link ActionRef#withPath}), empty for the run's own repository; {@code called} records where each
     * workflow of another repository was read, for the job launcher, which reads a job's workflow again by that name.
     */
    private final class HostedWorkflows implements Orchestrator.WorkflowSource {
        private final Repo repo;
        private final String sha;
        private final Repo caller;
        private final Optional<ActionRef> shownAs;
        private final Map<String, Located> called;

        HostedWorkflows(Repo repo, String sha, Repo caller, Optional<ActionRef> shownAs, Map<String, Located> called) {
            this.repo = repo;
            this.sha = sha;
            this.caller = caller;
            this.shownAs = shownAs;
            this.called = called;
        }

        @Override
        public ParseResult<Workflow> load(String path) {
            shownAs.ifPresent(r -> called.put(r.withPath(clean(path)).toString(), new Located(repo, sha, clean(path))));
            return RunExecutor.this.load(repo, sha, path, shownAs);
        }

        @Override
        public Orchestrator.Remote remote(String uses, ActionRef ref) {
            String path = ref.path().orElseThrow();
            Optional<Repo> target = db.repos().find(ref.owner(), ref.repo());
            if (target.isEmpty() || (target.get().isPrivate() && target.get().ownerId() != caller.ownerId())) {
                // a private repository of someone else is not there, as far as this run can tell
                return new Orchestrator.Remote.Missing("reusable workflow " + uses + " not found: no repository "
                        + ref.owner() + "/" + ref.repo() + " that " + caller.fullName() + " may read on this server");
            }
            Optional<String> commit = Optional.empty();
            var opened = repos.open(target.get().ownerLogin(), target.get().name());
            if (opened.isPresent()) {
                try (var git = opened.get()) {
                    commit = git.resolve(ref.ref());
                }
            }
            if (commit.isEmpty()) {
                return new Orchestrator.Remote.Missing("reusable workflow " + uses + ": "
                        + target.get().fullName() + " has no branch, tag or commit '" + ref.ref() + "'");
            }
            // read once: whether it is there, and what it holds
            Optional<String> text = text(target.get(), commit.get(), path);
            if (text.isEmpty()) {
                return new Orchestrator.Remote.Missing(
                        "reusable workflow " + uses + ": " + ref.repository() + " has no " + path);
            }
            called.put(ref.toString(), new Located(target.get(), commit.get(), path));
            return new Orchestrator.Remote.Found(
                    WorkflowParser.parse(ref.toString(), text.get()),
                    new HostedWorkflows(target.get(), commit.get(), caller, Optional.of(ref), called));
        }
    }

    private Optional<String> text(Repo repo, String sha, String path) {
        try (var git = repos.open(repo.ownerLogin(), repo.name()).orElseThrow()) {
            return git.fileAt(sha, path);
        }
    }

    private void fail(Run run, String message) {
        claims.closeLeftovers(run.id(), message);
        db.runs().complete(run.id(), Conclusion.FAILURE);
        db.runs().find(run.id()).ifPresent(metrics::runCompleted);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot remove {}", dir, e);
        }
    }
}
