package dev.slipway.server.services;

import dev.slipway.deploy.DeployListener;
import dev.slipway.deploy.RolloutEvent;
import dev.slipway.deploy.RolloutOutcome;
import dev.slipway.deploy.RolloutPhase;
import dev.slipway.server.environments.DeploymentEvents;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Rollout;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores what {@link dev.slipway.deploy.Deployments} reports: each {@link RolloutEvent} as an event of its rollout
 * row, and a rollout's outcome, which also ends the deployment of the job that asked for it (success, or failure with
 * the reason), with the router's address as its {@code environment_url}.
 */
final class RolloutRecorder implements DeployListener {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutRecorder.class);
    private static final String CREATOR = "slipway";
    private final Database db;
    /** The rollouts being rolled out, by service id and revision. */
    private final Map<String, Tracked> rows = new ConcurrentHashMap<>();

    private volatile DeploymentEvents events = DeploymentEvents.NONE;
    /** Set when the server stops: what the deployer says of the rollouts it breaks off is not kept. */
    private volatile boolean stopping;

    /** A rollout row being rolled out, with its deployment and the router's address. */
    private record Tracked(Rollout rollout, String url) {}

    RolloutRecorder(Database db) {
        this.db = db;
    }

    void events(DeploymentEvents listener) {
        this.events = listener;
    }

    /**
     * From now on, events of {@code service}'s revision belong to {@code rollout}; its deployment is in progress at the
     * router's address {@code url}.
     */
    void track(String service, Rollout rollout, String url) {
        rows.put(key(service, rollout.revision()), new Tracked(rollout, url));
        rollout.deploymentId()
                .ifPresent(d -> status(d, "in_progress", "Rolling out revision " + rollout.revision(), url));
    }

    /**
     * The server stops: rollouts the deployer breaks off stay as they are in the database, to be recorded as cut short
     * ("server restarted") at the next start, as when the server dies.
     */
    void stopping() {
        stopping = true;
    }

    @Override
    public void event(RolloutEvent e) {
        var tracked = rows.get(key(e.service(), e.revision()));
        if (tracked == null || stopping) {
            return; // a restore's, or one of a rollout the server no longer tracks
        }
        try {
            end(tracked, e.phase(), e.message());
            db.rollouts().event(tracked.rollout().id(), code(e.phase()), e.weight(), e.message());
        } catch (RuntimeException ex) {
            LOG.warn(
                    "cannot store an event of rollout {}: {}", tracked.rollout().id(), e.message(), ex);
        }
    }

    /** The rollout's future completed: its row and deployment end, unless its last event ended them already. */
    void finished(String service, RolloutOutcome outcome) {
        var tracked = rows.remove(key(service, outcome.revision()));
        if (tracked == null || stopping) {
            return;
        }
        end(tracked, outcome.phase(), outcome.message());
        db.rollouts()
                .event(
                        tracked.rollout().id(),
                        code(outcome.phase()),
                        outcome.phase() == RolloutPhase.SUCCEEDED ? 100 : 0,
                        outcome.message());
    }

    /**
     * At the end of a rollout its deployment ends first, so that the job following the rollout sees it ended only once
     * the deployment has: success, or failure with the reason.
     */
    private void end(Tracked tracked, RolloutPhase phase, String message) {
        if (phase != RolloutPhase.SUCCEEDED && phase != RolloutPhase.ROLLED_BACK) {
            return;
        }
        var rollout = tracked.rollout();
        rollout.deploymentId().ifPresent(d -> {
            boolean ok = phase == RolloutPhase.SUCCEEDED;
            status(
                    d,
                    ok ? "success" : "failure",
                    ok ? "Revision " + rollout.revision() + " serves every request" : "Rolled back: " + message,
                    tracked.url());
        });
    }

    /** A rollout the server's stop cut short. */
    void cutShort(Rollout rollout) {
        db.rollouts().event(rollout.id(), "rolled_back", 0, "server restarted: the stable release is restored");
        rollout.deploymentId().ifPresent(d -> {
            var last = db.deployments().latestStatus(d);
            if (last.isEmpty()
                    || last.get().state().equals("in_progress")
                    || last.get().state().equals("queued")) {
                status(
                        d,
                        "error",
                        "The server restarted during the rollout",
                        last.map(s -> s.environmentUrl()).orElse(""));
            }
        });
    }

    private void status(long deploymentId, String state, String description, String url) {
        try {
            var d = db.deployments().find(deploymentId);
            if (d.isEmpty()) {
                return;
            }
            var last = db.deployments().latestStatus(deploymentId);
            if (last.isPresent() && last.get().state().equals(state)) {
                return; // said already (the last event, then the rollout's outcome)
            }
            var logUrl = last.map(s -> s.logUrl()).orElse("");
            var text = description.length() > 1000 ? description.substring(0, 1000) : description;
            var added = db.deployments().addStatus(deploymentId, state, text, url, logUrl, CREATOR);
            events.status(d.get(), added);
        } catch (RuntimeException e) {
            LOG.warn("cannot add a {} status to deployment {}", state, deploymentId, e);
        }
    }

    static String code(RolloutPhase phase) {
        return phase.name().toLowerCase(Locale.ROOT);
    }

    private static String key(String service, int revision) {
        return service + "#" + revision;
    }
}
