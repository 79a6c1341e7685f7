package dev.slipway.server.environments;

import dev.slipway.git.Commit;
import dev.slipway.git.HostedRepo;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Deployment;
import dev.slipway.server.store.Repo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads an environment's deployments and the commits they brought, and makes its {@link Dora.Report}. */
public final class DoraReports {
    /** How many of an environment's newest deployments are read: the window's, and the one before it. */
    static final int MAX_DEPLOYMENTS = 5_000;

    private DoraReports() {}

    /** The report of environment {@code environment} of {@code repo} over the {@code days} before {@code until}. */
    public static Dora.Report of(Database db, HostedRepo git, Repo repo, String environment, int days, Instant until) {
        var outcomes = new ArrayList<Dora.Outcome>();
        for (Deployment d : db.deployments().latest(repo.id(), environment, MAX_DEPLOYMENTS)) {
            outcome(db, d).ifPresent(outcomes::add);
        }
        return Dora.of(
                outcomes, until.minus(Duration.ofDays(days)), until, (previous, sha) -> commits(git, previous, sha));
    }

    /** A deployment's outcome: its first success, or its first failure or error; empty while it runs. */
    private static Optional<Dora.Outcome> outcome(Database db, Deployment d) {
        // the statuses come newest first; the first that finished it decides
        for (Deployment.Status s : db.deployments().statuses(d.id()).reversed()) {
            switch (s.state()) {
                case "success" -> {
                    return Optional.of(new Dora.Outcome(d.sha(), s.created(), true));
                }
                case "failure", "error" -> {
                    return Optional.of(new Dora.Outcome(d.sha(), s.created(), false));
                }
                default -> {
                    // queued, waiting, in_progress: not finished yet
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The committer times of the commits {@code sha} brought since {@code previous} (the previous successful
     * deployment's commit; the deployed commit alone for the first one). A commit git no longer has counts for none.
     */
    private static List<Instant> commits(HostedRepo git, Optional<String> previous, String sha) {
        try {
            if (previous.isEmpty()) {
                return git.commit(sha)
                        .map(c -> List.of(c.commit().committer().when().toInstant()))
                        .orElse(List.of());
            }
            return git.merges().commits(previous.get(), sha).stream()
                    .map(Commit::committer)
                    .map(p -> p.when().toInstant())
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
