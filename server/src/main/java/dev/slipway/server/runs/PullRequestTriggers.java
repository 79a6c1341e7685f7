package dev.slipway.server.runs;

import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.git.HostedRepo;
import dev.slipway.git.Repositories;
import dev.slipway.git.WorkflowFile;
import dev.slipway.plan.Event;
import dev.slipway.plan.Events;
import dev.slipway.plan.TriggerMatcher;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.PullRequest;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Review;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.StatusState;
import dev.slipway.workflow.Job;
import dev.slipway.workflow.Workflow;
import dev.slipway.workflow.WorkflowParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs for {@code pull_request} and {@code pull_request_review} events, with GitHub-shaped payloads. Workflows are
 * read from the test merge ({@code refs/pull/N/merge}, or the head when it conflicts); the run's ref is
 * {@code refs/pull/N/merge}; its commit is the head, whose statuses the checks panel shows, and its jobs check
 * out the test merge ({@code pull_request.merge_commit_sha}) as on GitHub. A workflow that
 * a path filter alone keeps from running posts a success status per job marked skipped, so a required check on it
 * does not wait forever (GitHub leaves such checks pending).
 */
final class PullRequestTriggers {
    static final String SKIPPED = "Skipped: no changed file matches the workflow's path filters";
    private static final Logger LOG = LoggerFactory.getLogger(PullRequestTriggers.class);

    private final Database db;
    private final Repositories repos;
    private final String serverUrl;
    private final RunFactory factory;
    private final LongConsumer queued;

    PullRequestTriggers(Database db, Repositories repos, String serverUrl, RunFactory factory, LongConsumer queued) {
        this.db = db;
        this.repos = repos;
        this.serverUrl = serverUrl;
        this.factory = factory;
        this.queued = queued;
    }

    /** Who sees each pull request event as it is made, runs or not (webhooks); never throws into a trigger. */
    void observe(Consumer<Event> listener) {
        this.observer = listener;
    }

    List<Run> pullRequest(PullRequest pr, String action, String actor, boolean runs) {
        return trigger(pr, runs, (repo, files) -> event(repo, pr, action, actor, files, Map.of()));
    }

    List<Run> review(PullRequest pr, Review review, String actor, boolean runs) {
        var reviewValue = new LinkedHashMap<String, Object>();
        reviewValue.put("id", review.id());
        reviewValue.put("body", review.body());
        reviewValue.put("state", review.state().name().toLowerCase(java.util.Locale.ROOT));
        reviewValue.put("commit_id", review.commitSha());
        reviewValue.put("user", Map.of("login", review.author(), "type", "User"));
        reviewValue.put("submitted_at", review.created().toString());
        return trigger(pr, runs, (repo, files) -> {
            var base = event(repo, pr, "submitted", actor, files, Map.of("review", reviewValue));
            return new Event(
                    "pull_request_review",
                    base.action(),
                    base.ref(),
                    base.sha(),
                    base.baseRef(),
                    base.headRef(),
                    base.changedFiles(),
                    base.actor(),
                    base.repository(),
                    Map.of(),
                    Optional.empty(),
                    base.payload());
        });
    }

    private volatile Consumer<Event> observer = e -> {};

    private interface EventMaker {
        Event make(Repo repo, List<String> changedFiles);
    }

    /** The event's runs when {@code runs} (not for what a job's token did); its observer sees it either way. */
    private List<Run> trigger(PullRequest pr, boolean runs, EventMaker maker) {
        var created = new ArrayList<Run>();
        var repo = db.repos().find(pr.repoId());
        if (repo.isEmpty()) {
            return created;
        }
        try (var git = repos.open(repo.get().ownerLogin(), repo.get().name()).orElse(null)) {
            if (git == null) {
                return created;
            }
            var files = changedFiles(git, pr);
            var testMerge = pr.state().equals("open")
                    ? git.resolve("refs/pull/" + pr.number() + "/merge")
                    : Optional.<String>empty();
            var event = withTestMerge(maker.make(repo.get(), files), testMerge);
            try {
                observer.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("the observer of {} events failed", event.name(), e);
            }
            if (!runs) {
                return created;
            }
            var rev = testMerge.orElse(pr.headSha());
            for (WorkflowFile file : git.listWorkflowFiles(rev)) {
                if (db.workflows().disabled(repo.get().id(), file.path())) {
                    continue; // disabled: no event starts it
                }
                var parsed = WorkflowParser.parse(file.path(), file.content());
                if (parsed.hasErrors() || parsed.value().isEmpty()) {
                    created.add(factory.invalid(repo.get(), file.path(), event, parsed.diagnostics()));
                    continue;
                }
                var workflow = parsed.value().get();
                var match = TriggerMatcher.match(workflow, event);
                if (match.triggered()) {
                    var run = factory.queued(repo.get(), workflow, event);
                    queued.accept(run.id());
                    created.add(run);
                } else if (TriggerMatcher.match(workflow, event.withoutChangedFiles())
                        .triggered()) {
                    markSkipped(repo.get(), workflow, pr.headSha());
                } else {
                    LOG.debug("{} not triggered by {}: {}", file.path(), event.name(), match.reason());
                }
            }
        }
        return created;
    }

    /** Success statuses, marked skipped, for every job of a workflow its path filters skipped. */
    private void markSkipped(Repo repo, Workflow workflow, String sha) {
        for (Job job : workflow.jobs().values()) {
            db.statuses()
                    .create(
                            repo.id(),
                            sha,
                            StatusState.SUCCESS,
                            workflow.displayName() + " / " + RunFactory.name(job),
                            Optional.of(SKIPPED),
                            Optional.empty(),
                            "slipway");
        }
    }

    private Event event(
            Repo repo, PullRequest pr, String action, String actor, List<String> files, Map<String, Object> extra) {
        var planRepo = PlanRepos.of(repo, serverUrl);
        var event = Events.pullRequest(
                planRepo,
                action,
                (int) pr.number(),
                pr.title(),
                new Events.Side(pr.headBranch(), pr.headSha()),
                new Events.Side(pr.baseBranch(), pr.baseSha()),
                actor,
                Optional.of(files));
        var payload = new LinkedHashMap<String, Value>(event.payload().fields());
        var pull = new LinkedHashMap<String, Value>(((Value.Obj) payload.get("pull_request")).fields());
        pull.put("id", Values.fromJava(pr.id()));
        pull.put("body", Values.fromJava(pr.body()));
        pull.put("state", Values.fromJava(pr.state()));
        pull.put("merged", Values.fromJava(pr.merged()));
        pull.put("merge_commit_sha", Values.fromJava(pr.mergeSha().orElse(null)));
        pull.put("user", Values.fromJava(Map.of("login", pr.author(), "type", "User")));
        pull.put("created_at", Values.fromJava(pr.created().toString()));
        pull.put("updated_at", Values.fromJava(pr.updated().toString()));
        pull.put("changed_files", Values.fromJava(files.size()));
        payload.put("pull_request", new Value.Obj(pull));
        extra.forEach((k, v) -> payload.put(k, Values.fromJava(v)));
        return event.withPayload(new Value.Obj(payload));
    }

    /**
     * An open pull request's payload names its test merge as {@code pull_request.merge_commit_sha}, as GitHub's does;
     * the run keeps the head as its commit (statuses and required checks are the head's), and the job checks out the
     * test merge (the planner's {@code PayloadReader} takes {@code github.sha} from it).
     */
    private static Event withTestMerge(Event e, Optional<String> testMerge) {
        if (testMerge.isEmpty() || !(e.payload().fields().get("pull_request") instanceof Value.Obj pull)) {
            return e;
        }
        var pullFields = new LinkedHashMap<>(pull.fields());
        pullFields.put("merge_commit_sha", Values.fromJava(testMerge.get()));
        var payload = new LinkedHashMap<>(e.payload().fields());
        payload.put("pull_request", new Value.Obj(pullFields));
        return e.withPayload(new Value.Obj(payload));
    }

    private static List<String> changedFiles(HostedRepo git, PullRequest pr) {
        var files = new LinkedHashSet<String>();
        for (var f : git.merges().diff(pr.baseSha(), pr.headSha())) {
            files.add(f.change().path());
            f.change().oldPath().ifPresent(files::add);
        }
        return List.copyOf(files);
    }
}
