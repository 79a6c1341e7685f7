package dev.slipway.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.store.Conclusion;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobGraphTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private long ids;

    @Test
    void matrixRowsFoldIntoOneGroupAndColumnsFollowNeeds() {
        var jobs = List.of(
                job("lint", "lint", List.of(), JobStatus.COMPLETED, Conclusion.SUCCESS),
                job("test (17)", "test (17)", List.of("lint"), JobStatus.COMPLETED, Conclusion.SUCCESS),
                job("test (21)", "test (21)", List.of("lint"), JobStatus.IN_PROGRESS, null),
                job("docs", "Docs", List.of(), JobStatus.COMPLETED, Conclusion.SKIPPED),
                job("build", "build", List.of("test", "docs"), JobStatus.QUEUED, null));
        var columns = JobGraph.of(jobs, "/o/r/actions/runs/1", NOW);

        assertThat(columns).extracting(RunModel.Column::number).containsExactly(1, 2, 3);
        assertThat(columns.get(0).groups()).extracting(RunModel.Group::name).containsExactly("lint", "Docs");
        var test = columns.get(1).groups().getFirst();
        assertThat(test.matrix()).isTrue();
        assertThat(test.name()).isEqualTo("test");
        assertThat(test.jobs()).extracting(RunModel.Node::name).containsExactly("test (17)", "test (21)");
        assertThat(test.state()).isEqualTo("running");
        assertThat(test.stateLabel()).isEqualTo("1 of 2 jobs done");
        assertThat(test.needs()).containsExactly("lint");
        var build = columns.get(2).groups().getFirst();
        assertThat(build.matrix()).isFalse();
        assertThat(build.needs()).containsExactly("test", "docs");
        assertThat(build.jobs().getFirst().href()).startsWith("/o/r/actions/runs/1/jobs/");
    }

    @Test
    void aGroupIsGreenOnlyWhenEveryRowSucceeded() {
        assertThat(JobGraph.state(List.of(node("success"), node("failure")))).isEqualTo("failure");
        assertThat(JobGraph.state(List.of(node("success"), node("skipped")))).isEqualTo("success");
        assertThat(JobGraph.state(List.of(node("cancelled"), node("success")))).isEqualTo("cancelled");
        assertThat(JobGraph.state(List.of(node("skipped")))).isEqualTo("skipped");
    }

    private static RunModel.Node node(String state) {
        return new RunModel.Node("x", "x", state, state, "", "");
    }

    private Job job(String key, String name, List<String> needs, JobStatus status, Conclusion conclusion) {
        return new Job(
                ++ids,
                1,
                1,
                1,
                key,
                name,
                status,
                Optional.ofNullable(conclusion),
                List.of("ubuntu-latest"),
                needs,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                1,
                NOW,
                Optional.of(NOW.minusSeconds(5)),
                status == JobStatus.COMPLETED ? Optional.of(NOW) : Optional.empty(),
                Optional.empty(),
                "{}");
    }
}
