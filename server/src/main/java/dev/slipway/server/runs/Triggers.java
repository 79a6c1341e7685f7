package dev.slipway.server.runs;

import dev.slipway.common.UserError;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.git.HostedRepo;
import dev.slipway.git.PushEvent;
import dev.slipway.git.RefChange;
import dev.slipway.git.RefUpdate;
import dev.slipway.git.Repositories;
import dev.slipway.git.WorkflowFile;
import dev.slipway.plan.Events;
import dev.slipway.plan.Inputs;
import dev.slipway.plan.TriggerMatcher;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates runs for pushes and {@code workflow_dispatch} requests, and hands the queued ones to the workers. */
final class Triggers {
    private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);

    private final Database db;
    private final Repositories repos;
    private final String serverUrl;
    private final RunFactory factory;
    private final LongConsumer queued;
    private final ParsedWorkflows parsed = new ParsedWorkflows();
    private volatile Consumer<dev.slipway.plan.Event> pushObserver = e -> {};

    Triggers(Database db, Repositories repos, String serverUrl, RunFactory factory, LongConsumer queued) {
        this.db = db;
        this.repos = repos;
        this.serverUrl = serverUrl;
        this.factory = factory;
        this.queued = queued;
    }

    /** Who sees each ref's push event as it is made, runs or not (webhooks); never throws into a push. */
    void observePushes(Consumer<dev.slipway.plan.Event> listener) {
        this.pushObserver = listener;
    }

    /**
     * The runs a push creates when {@code runs} (not for what a job's token pushed): one per matching workflow of each
     * updated ref, failed ones for invalid files. The push, create and delete events are shown to the observer either
     * way.
     */
    List<Run> push(PushEvent push, boolean runs) {
        var created = new ArrayList<Run>();
        var repo = db.repos().find(push.owner(), push.name());
        var hosted = repos.open(push.owner(), push.name());
        if (repo.isEmpty() || hosted.isEmpty()) {
            LOG.warn("push to {}/{}, which has no repository record; no workflows run", push.owner(), push.name());
            hosted.ifPresent(HostedRepo::close);
            return created;
        }
        try (var git = hosted.get()) {
            for (RefUpdate update : push.updates()) {
                if (update.type() != RefChange.Type.DELETE) {
                    created.addAll(push(repo.get(), git, push, update, runs));
                }
                created.addAll(createdOrDeleted(repo.get(), git, push, update, runs));
            }
        }
        return created;
    }

    /**
     * The runs of the {@code create} or {@code delete} event a new or removed branch or tag is, as GitHub sends them:
     * a {@code create} at the new ref, a {@code delete} at the default branch's tip. The event is shown to the observer
     * first; runs come only when {@code runs}.
     */
    private List<Run> createdOrDeleted(Repo repo, HostedRepo git, PushEvent push, RefUpdate update, boolean runs) {
        boolean create = update.type() == RefChange.Type.CREATE;
        if (!(create || update.type() == RefChange.Type.DELETE)
                || !(update.ref().startsWith("refs/heads/") || update.ref().startsWith("refs/tags/"))) {
            return List.of();
        }
        var sha = create ? Optional.of(update.after()) : git.resolve("refs/heads/" + repo.defaultBranch());
        if (sha.isEmpty()) {
            return List.of(); // the default branch itself is gone
        }
        var event = Events.refCreatedOrDeleted(
                planRepo(repo),
                create ? "create" : "delete",
                update.ref(),
                sha.get(),
                push.pusher().login());
        observe(event);
        return runs ? matching(repo, git, sha.get(), event) : List.of();
    }

    private void observe(dev.slipway.plan.Event event) {
        try {
            pushObserver.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("the observer of {} events failed", event.name(), e);
        }
    }

    /** Runs of the workflows at {@code sha} that {@code event} triggers; invalid files are the push's to report. */
    private List<Run> matching(Repo repo, HostedRepo git, String sha, dev.slipway.plan.Event event) {
        return matching(repo, git, sha, List.of(event));
    }

    /** As above for several events, in order, each file read and parsed once. */
    private List<Run> matching(Repo repo, HostedRepo git, String sha, List<dev.slipway.plan.Event> events) {
        return matching(repo, workflows(repo, git, sha), events);
    }

    /** The valid workflows at {@code sha} that are not disabled. */
    private List<dev.slipway.workflow.Workflow> workflows(Repo repo, HostedRepo git, String sha) {
        var workflows = new ArrayList<dev.slipway.workflow.Workflow>();
        for (WorkflowFile file : git.listWorkflowFiles(sha)) {
            var result = parsed.parse(file);
            if (!result.hasErrors() && result.value().isPresent() && !disabled(repo, file)) {
                workflows.add(result.value().get());
            }
        }
        return workflows;
    }

    private List<Run> matching(
            Repo repo, List<dev.slipway.workflow.Workflow> workflows, List<dev.slipway.plan.Event> events) {
        var created = new ArrayList<Run>();
        for (var event : events) {
            for (var workflow : workflows) {
                if (TriggerMatcher.match(workflow, event).triggered()) {
                    created.add(enqueue(factory.queued(repo, workflow, event)));
                }
            }
        }
        return created;
    }

    private List<Run> push(Repo repo, HostedRepo git, PushEvent push, RefUpdate update, boolean runs) {
        var event = PushEvents.of(git, planRepo(repo), push, update);
        observe(event);
        var created = new ArrayList<Run>();
        if (!runs) {
            return created;
        }
        for (WorkflowFile file : git.listWorkflowFiles(update.after())) {
            if (disabled(repo, file)) {
                LOG.debug("{} is disabled: not triggered by {}", file.path(), update.ref());
                continue;
            }
            var result = parsed.parse(file);
            if (result.hasErrors() || result.value().isEmpty()) {
                created.add(factory.invalid(repo, file.path(), event, result.diagnostics()));
                continue;
            }
            var workflow = result.value().get();
            var match = TriggerMatcher.match(workflow, event);
            if (match.triggered()) {
                created.add(enqueue(factory.queued(repo, workflow, event)));
            } else {
                LOG.debug("{} not triggered by {}: {}", file.path(), update.ref(), match.reason());
            }
        }
        return created;
    }

    /**
     * A {@code workflow_dispatch} run of {@code workflowFile} (a path or a file name) at {@code ref} (a branch, tag or
     * full ref) with typed inputs; a {@link UserError} names what is wrong with the request.
     */
    Run dispatch(String owner, String name, String workflowFile, String ref, Map<String, String> inputs, User actor) {
        var repo = db.repos().find(owner, name).orElseThrow(() -> new UserError("no repository " + owner + "/" + name));
        try (var git = repos.open(owner, name)
                .orElseThrow(() -> new UserError("repository " + owner + "/" + name + " has no git data"))) {
            var fullRef = fullRef(git, ref);
            var sha = git.resolve(fullRef).orElseThrow();
            var file = git.listWorkflowFiles(sha).stream()
                    .filter(f -> f.path().equals(workflowFile) || f.fileName().equals(workflowFile))
                    .findFirst()
                    .orElseThrow(() -> new UserError("no workflow file '" + workflowFile + "' at " + ref));
            if (disabled(repo, file)) {
                throw new UserError("workflow " + file.path() + " is disabled; enable it (PUT .../actions/workflows/"
                        + file.fileName() + "/enable) to dispatch it");
            }
            var result = parsed.parse(file);
            if (result.hasErrors() || result.value().isEmpty()) {
                throw new UserError(result.diagnostics());
            }
            var workflow = result.value().get();
            var trigger = workflow.on().get("workflow_dispatch");
            if (trigger == null) {
                throw new UserError("workflow " + file.path() + " does not have a workflow_dispatch trigger");
            }
            var resolved = Inputs.resolve(trigger.inputs(), inputs, file.path());
            if (resolved.hasErrors()) {
                throw new UserError(resolved.diagnostics());
            }
            var event = Events.workflowDispatch(
                    planRepo(repo), fullRef, sha, actor.login(), file.path(), strings(resolved.eventInputs()));
            return enqueue(factory.queued(repo, workflow, event));
        }
    }

    /**
     * The runs of a {@code release} event: one per workflow, at the release's tag, whose {@code on: release} takes
     * {@code action} (GitHub reads the workflows of the tagged commit); invalid files are left to the push that
     * brought them.
     *
     * @param release the REST API's release object
     */
    List<Run> release(Repo repo, String action, Value.Obj release, String actor) {
        var created = new ArrayList<Run>();
        String tag = release.get("tag_name").map(Values::toStr).orElse("");
        var hosted = repos.open(repo.ownerLogin(), repo.name());
        if (hosted.isEmpty()) {
            return created;
        }
        try (var git = hosted.get()) {
            var sha = git.resolve("refs/tags/" + tag);
            if (sha.isEmpty()) {
                return created; // a draft's tag does not exist yet
            }
            created.addAll(
                    matching(repo, git, sha.get(), Events.release(planRepo(repo), action, release, sha.get(), actor)));
        }
        return created;
    }

    /** Whether the workflow of {@code file} was disabled (GitHub's "Disable workflow"): no event starts it. */
    private boolean disabled(Repo repo, WorkflowFile file) {
        return db.workflows().disabled(repo.id(), file.path());
    }

    /**
     * The runs of the {@code workflow_run} events of {@code upstream} ({@code actions}, in order: requested,
     * in_progress or completed): the default branch's workflows whose {@code on: workflow_run} names its workflow, at
     * the default branch's tip, as GitHub runs them; none past {@link WorkflowRunEvents#MAX_DEPTH} levels of such runs.
     * The default branch's workflows are read once for all the actions (and parsed once per content, {@link
     * ParsedWorkflows}).
     */
    List<Run> workflowRun(Run upstream, List<String> actions) {
        var created = new ArrayList<Run>();
        if (WorkflowRunEvents.depth(db, upstream) >= WorkflowRunEvents.MAX_DEPTH) {
            return created;
        }
        var repo = db.repos().find(upstream.repoId());
        if (repo.isEmpty()) {
            return created;
        }
        var hosted = repos.open(repo.get().ownerLogin(), repo.get().name());
        if (hosted.isEmpty()) {
            return created;
        }
        try (var git = hosted.get()) {
            var branch = "refs/heads/" + repo.get().defaultBranch();
            var sha = git.resolve(branch);
            if (sha.isEmpty()) {
                return created;
            }
            // most repositories have no workflow_run workflow: then the upstream run's payload is not made at all
            var listening = workflows(repo.get(), git, sha.get()).stream()
                    .filter(w -> w.on().containsKey("workflow_run"))
                    .toList();
            if (listening.isEmpty()) {
                return created;
            }
            var repository = planRepo(repo.get()).toValue();
            var run = WorkflowRunEvents.run(db, repo.get(), upstream, serverUrl);
            var origin = new Events.Origin(branch, sha.get(), repo.get().fullName(), upstream.actor());
            var events = actions.stream()
                    .map(action -> Events.fromPayload(
                            "workflow_run", WorkflowRunEvents.payload(run, upstream, action, repository), origin))
                    .toList();
            created.addAll(matching(repo.get(), listening, events));
        }
        return created;
    }

    private Run enqueue(Run run) {
        queued.accept(run.id());
        return run;
    }

    private static String fullRef(HostedRepo git, String ref) {
        var candidates = ref.startsWith("refs/") ? List.of(ref) : List.of("refs/heads/" + ref, "refs/tags/" + ref);
        return candidates.stream()
                .filter(r -> git.resolve(r).isPresent())
                .findFirst()
                .orElseThrow(() -> new UserError("no branch or tag '" + ref + "'"));
    }

    private static Map<String, String> strings(Value.Obj values) {
        var out = new LinkedHashMap<String, String>();
        values.fields().forEach((k, v) -> out.put(k, Values.toStr(v)));
        return out;
    }

    private dev.slipway.plan.Repo planRepo(Repo repo) {
        return PlanRepos.of(repo, serverUrl);
    }
}
