package dev.slipway.server.environments;

import dev.slipway.server.store.Database;
import dev.slipway.server.store.DeploymentGate;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pending deployments of a run and their reviews (GitHub's "review pending deployments"): a required reviewer of
 * an environment approves or rejects every job of the run waiting for it; the jobs then run (after the wait timer) or
 * fail.
 */
public final class Approvals {
    private final Database db;

    public Approvals(Database db) {
        this.db = db;
    }

    /**
     * An environment a run's jobs wait at.
     *
     * @param awaitingReview whether they wait for a reviewer (else for the wait timer, which started at {@code
     *     timerStarted})
     */
    public record Pending(Environment environment, boolean awaitingReview, Optional<Instant> timerStarted) {}

    /** What a review did, or why it was refused. */
    public sealed interface Outcome {
        /** The environments reviewed. */
        record Reviewed(List<Environment> environments) implements Outcome {}

        /** Nothing was reviewed: 403 for a user who may not review, 422 for environments that do not wait. */
        record Refused(int status, String message) implements Outcome {}
    }

    /** The environments the run's jobs wait at, by environment, in the order the jobs came to them. */
    public List<Pending> pending(Run run) {
        Map<Long, Pending> out = new LinkedHashMap<>();
        for (var gate : db.gates().forRun(run.id())) {
            if (gate.state() != DeploymentGate.State.WAITING && gate.state() != DeploymentGate.State.APPROVED) {
                continue;
            }
            var env = db.environments().find(gate.environmentId());
            if (env.isEmpty()
                    || (gate.state() == DeploymentGate.State.APPROVED
                            && Gatekeeper.timerEnds(gate, env.get()).isEmpty())) {
                continue;
            }
            boolean review = gate.state() == DeploymentGate.State.WAITING;
            out.merge(
                    env.get().id(),
                    new Pending(env.get(), review, review ? Optional.empty() : gate.timerStarted()),
                    (a, b) -> a.awaitingReview() ? a : b);
        }
        return List.copyOf(out.values());
    }

    /** Whether {@code user} may review the run's deployments to {@code env}. */
    public static boolean mayReview(Environment env, User user, Run run) {
        return Reviewers.refusal(env, user, run.actor()).isEmpty();
    }

    /**
     * Approves or rejects the run's deployments to the environments with these ids, all or none.
     *
     * @param approve true to approve, false to reject
     */
    public Outcome review(Run run, User user, List<Long> environmentIds, boolean approve, String comment) {
        if (environmentIds.isEmpty()) {
            return new Outcome.Refused(422, "'environment_ids' must name at least one environment");
        }
        var waiting = pending(run).stream().filter(Pending::awaitingReview).toList();
        List<Environment> chosen = new ArrayList<>();
        for (long id : environmentIds) {
            var env = waiting.stream()
                    .map(Pending::environment)
                    .filter(e -> e.id() == id)
                    .findFirst();
            if (env.isEmpty()) {
                return new Outcome.Refused(
                        422, "environment " + id + " has no deployment of this run waiting for a review");
            }
            var refusal = Reviewers.refusal(env.get(), user, run.actor());
            if (refusal.isPresent()) {
                return new Outcome.Refused(403, refusal.get());
            }
            chosen.add(env.get());
        }
        var state = approve ? DeploymentGate.State.APPROVED : DeploymentGate.State.REJECTED;
        chosen.forEach(env -> db.gates().review(run.id(), env.id(), state, comment, user.id()));
        return new Outcome.Reviewed(chosen);
    }
}
