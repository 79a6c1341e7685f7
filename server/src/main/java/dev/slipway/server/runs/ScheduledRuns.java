package dev.slipway.server.runs;

import dev.slipway.git.HostedRepo;
import dev.slipway.git.Repositories;
import dev.slipway.plan.Events;
import dev.slipway.plan.TriggerMatcher;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Run;
import dev.slipway.workflow.WorkflowParser;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code schedule} runs. The scheduler decides when a cron is due; this reads the workflow again at the given
 * commit and checks that it still has that cron, so a run is only created for what the commit declares.
 */
final class ScheduledRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);

    private final Database db;
    private final Repositories repos;
    private final String serverUrl;
    private final RunFactory factory;
    private final LongConsumer queued;

    ScheduledRuns(Database db, Repositories repos, String serverUrl, RunFactory factory, LongConsumer queued) {
        this.db = db;
        this.repos = repos;
        this.serverUrl = serverUrl;
        this.factory = factory;
        this.queued = queued;
    }

    /** The queued run, or empty when the repository, file or cron is gone or the file does not parse. */
    Optional<Run> create(String owner, String name, String workflowPath, String sha, String cron) {
        var repo = db.repos().find(owner, name);
        var hosted = repos.open(owner, name);
        if (repo.isEmpty() || hosted.isEmpty()) {
            hosted.ifPresent(HostedRepo::close);
            return Optional.empty();
        }
        try (var git = hosted.get()) {
            if (db.workflows().disabled(repo.get().id(), workflowPath)) {
                LOG.debug("{} of {} is disabled; no schedule run", workflowPath, owner + "/" + name);
                return Optional.empty();
            }
            var text = git.fileAt(sha, workflowPath);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            var parsed = WorkflowParser.parse(workflowPath, text.get());
            if (parsed.hasErrors() || parsed.value().isEmpty()) {
                LOG.debug("{} of {} does not parse at {}; no schedule run", workflowPath, owner + "/" + name, sha);
                return Optional.empty();
            }
            var workflow = parsed.value().get();
            // the repository's owner stands in for GitHub's "last committer of the cron" as the actor
            var event =
                    Events.schedule(planRepo(repo.get()), cron, sha, repo.get().ownerLogin());
            var match = TriggerMatcher.match(workflow, event);
            if (!match.triggered()) {
                LOG.debug("{} not triggered by schedule: {}", workflowPath, match.reason());
                return Optional.empty();
            }
            var run = factory.queued(repo.get(), workflow, event);
            queued.accept(run.id());
            return Optional.of(run);
        }
    }

    private dev.slipway.plan.Repo planRepo(Repo repo) {
        return PlanRepos.of(repo, serverUrl);
    }
}
