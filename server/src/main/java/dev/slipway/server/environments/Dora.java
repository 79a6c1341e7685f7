package dev.slipway.server.environments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The four DORA metrics of one environment over a window, from its deployments' outcomes: how often it was deployed
 * successfully, how long a change took from its commit to a successful deployment, which share of deployments failed,
 * and how long a failure lasted until the next successful deployment. Pure: the caller reads the deployments and the
 * commits.
 */
public final class Dora {
    private Dora() {}

    /** A finished deployment: the commit it deployed, when it finished, and whether it succeeded. */
    public record Outcome(String sha, Instant finished, boolean success) {}

    /**
     * The report.
     *
     * @param deployments successful deployments in the window
     * @param perWeek successful deployments per 7 days of the window
     * @param leadTimeCommits how many commits reached the environment in the window (each counted once, at the first
     *     successful deployment that contained it)
     * @param leadTimeMedian the median time from a commit to its first successful deployment
     * @param leadTimeP90 the 90th percentile of the same
     * @param failed failed deployments in the window
     * @param changeFailureRate failed / (failed + successful); empty without finished deployments
     * @param restored failures followed by a successful deployment
     * @param timeToRestoreMedian the median time from a failed deployment to the next successful one
     */
    public record Report(
            Instant since,
            Instant until,
            int deployments,
            double perWeek,
            int leadTimeCommits,
            Optional<Duration> leadTimeMedian,
            Optional<Duration> leadTimeP90,
            int failed,
            Optional<Double> changeFailureRate,
            int restored,
            Optional<Duration> timeToRestoreMedian) {}

    /**
     * The report of {@code outcomes} (any order; those outside {@code [since, until]} serve only as the previous
     * deployment of the first one inside). {@code commits} gives the committer times of the commits of its second
     * argument that its first (the previous successful deployment's commit, empty for the first one) lacks.
     */
    public static Report of(
            List<Outcome> outcomes,
            Instant since,
            Instant until,
            BiFunction<Optional<String>, String, List<Instant>> commits) {
        var sorted = outcomes.stream()
                .sorted(Comparator.comparing(Outcome::finished))
                .toList();
        Optional<String> lastGood = Optional.empty();
        Optional<Instant> brokenSince = Optional.empty();
        int good = 0;
        int failed = 0;
        var leadTimes = new ArrayList<Duration>();
        var restores = new ArrayList<Duration>();
        for (Outcome o : sorted) {
            boolean inside = !o.finished().isBefore(since) && !o.finished().isAfter(until);
            if (o.success()) {
                if (inside) {
                    good++;
                    for (Instant committed : commits.apply(lastGood, o.sha())) {
                        leadTimes.add(positive(Duration.between(committed, o.finished())));
                    }
                    brokenSince.ifPresent(b -> restores.add(positive(Duration.between(b, o.finished()))));
                }
                lastGood = Optional.of(o.sha());
                brokenSince = Optional.empty();
            } else {
                if (inside) {
                    failed++;
                    if (brokenSince.isEmpty()) {
                        brokenSince = Optional.of(o.finished());
                    }
                }
            }
        }
        double weeks = Math.max(Duration.between(since, until).toSeconds() / (7.0 * 86_400), 1.0 / 7);
        int finished = good + failed;
        return new Report(
                since,
                until,
                good,
                good / weeks,
                leadTimes.size(),
                percentile(leadTimes, 50),
                percentile(leadTimes, 90),
                failed,
                finished == 0 ? Optional.empty() : Optional.of((double) failed / finished),
                restores.size(),
                percentile(restores, 50));
    }

    /** The {@code p}th percentile by the nearest-rank method; empty for no values. */
    static Optional<Duration> percentile(List<Duration> values, int p) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        var sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Optional.of(sorted.get(Math.max(rank, 1) - 1));
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
