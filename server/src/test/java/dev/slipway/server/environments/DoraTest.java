package dev.slipway.server.environments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoraTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static Instant at(int hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    /** Commits per deployed sha, as git would list them against the previous successful deployment. */
    private static final Map<String, List<Instant>> NEW_COMMITS = Map.of(
            "a", List.of(at(0)),
            "b", List.of(at(10), at(11)),
            "c", List.of(at(20)),
            "d", List.of(at(30), at(31), at(32)));

    @Test
    void theFourMetricsOfAWeekWithOneFailureAndItsFix() {
        var outcomes = List.of(
                new Dora.Outcome("a", at(2), true), // 2 h after its commit
                new Dora.Outcome("b", at(12), true), // 2 h and 1 h
                new Dora.Outcome("c", at(21), false), // fails: broken from hour 21
                new Dora.Outcome("c", at(22), false), // still broken: one failure period, two failed deployments
                new Dora.Outcome("d", at(33), true)); // fixed 12 h after the first failure; c counts here too
        var seen = new java.util.ArrayList<String>();
        var report = Dora.of(outcomes, T0, T0.plus(Duration.ofDays(7)), (prev, sha) -> {
            seen.add(prev.orElse("-") + ".." + sha);
            return sha.equals("d") ? concat(NEW_COMMITS.get("c"), NEW_COMMITS.get("d")) : NEW_COMMITS.get(sha);
        });
        assertThat(seen).containsExactly("-..a", "a..b", "b..d");
        assertThat(report.deployments()).isEqualTo(3);
        assertThat(report.perWeek()).isEqualTo(3.0);
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.changeFailureRate()).contains(0.4);
        // lead times in hours: a 2; b 2, 1; c 13; d 3, 2, 1 -> sorted 1,1,2,2,2,3,13: median 2, p90 13
        assertThat(report.leadTimeCommits()).isEqualTo(7);
        assertThat(report.leadTimeMedian()).contains(Duration.ofHours(2));
        assertThat(report.leadTimeP90()).contains(Duration.ofHours(13));
        assertThat(report.restored()).isEqualTo(1);
        assertThat(report.timeToRestoreMedian()).contains(Duration.ofHours(12));
    }

    @Test
    void deploymentsBeforeTheWindowOnlyTellWhereItStarted() {
        var outcomes = List.of(new Dora.Outcome("a", at(2), true), new Dora.Outcome("b", at(50), true));
        var report = Dora.of(outcomes, at(24), at(24 + 7 * 24), (prev, sha) -> {
            assertThat(prev).contains("a");
            return NEW_COMMITS.get(sha);
        });
        assertThat(report.deployments()).isEqualTo(1);
        assertThat(report.leadTimeCommits()).isEqualTo(2);
    }

    @Test
    void nothingDeployedSaysSoRatherThanZero() {
        var report = Dora.of(List.of(), T0, T0.plus(Duration.ofDays(30)), (p, s) -> List.of());
        assertThat(report.deployments()).isZero();
        assertThat(report.changeFailureRate()).isEmpty();
        assertThat(report.leadTimeMedian()).isEmpty();
        assertThat(report.timeToRestoreMedian()).isEqualTo(Optional.empty());
    }

    private static List<Instant> concat(List<Instant> a, List<Instant> b) {
        var out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
