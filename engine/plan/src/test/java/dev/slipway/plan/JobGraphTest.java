package dev.slipway.plan;

import static dev.slipway.plan.Fixtures.job;
import static dev.slipway.plan.Fixtures.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobGraphTest {

    @Test
    void ordersReadyJobsInFileOrder() {
        JobGraph g = JobGraph.of(
                workflow(List.of(), List.of(job("c", "a"), job("a"), job("b"), job("d", "c", "b"), job("e", "a"))));
        assertThat(g.order()).containsExactly("a", "c", "b", "d", "e");
        assertThat(g.ok()).isTrue();
    }

    @Test
    void ancestorsAreTransitiveInPlanOrder() {
        JobGraph g = JobGraph.of(workflow(
                List.of(), List.of(job("deploy", "test", "lint"), job("test", "build"), job("lint"), job("build"))));
        assertThat(g.order()).containsExactly("lint", "build", "test", "deploy");
        assertThat(g.ancestorsOf("deploy")).containsExactly("lint", "build", "test");
        assertThat(g.ancestorsOf("build")).isEmpty();
    }

    @Test
    void reportsCycleWithItsPath() {
        JobGraph g = JobGraph.of(
                workflow(List.of(), List.of(job("start"), job("a", "c"), job("b", "a"), job("c", "b"), job("z", "a"))));
        assertThat(g.order()).containsExactly("start");
        assertThat(g.diagnostics())
                .extracting(Diagnostic::message)
                .containsExactly("jobs form a cycle: a -> c -> b -> a");
        assertThat(g.ancestorsOf("z")).isEmpty();
    }

    @Test
    void reportsSelfNeed() {
        JobGraph g = JobGraph.of(workflow(List.of(), List.of(job("a", "a"))));
        assertThat(g.diagnostics()).extracting(Diagnostic::message).containsExactly("jobs form a cycle: a -> a");
    }

    @Test
    void reportsUnknownNeedsAndIgnoresThemForOrder() {
        JobGraph g = JobGraph.of(workflow(List.of(), List.of(job("a", "ghost"), job("b", "a"))));
        assertThat(g.order()).containsExactly("a", "b");
        assertThat(g.diagnostics())
                .extracting(Diagnostic::message)
                .containsExactly("job 'a' needs unknown job 'ghost'");
    }

    @Test
    void handlesLongChainsQuickly() {
        java.util.List<dev.slipway.workflow.Job> jobs = new java.util.ArrayList<>();
        jobs.add(job("j0"));
        for (int i = 1; i < 300; i++) {
            jobs.add(job("j" + i, "j" + (i - 1)));
        }
        JobGraph g = JobGraph.of(workflow(List.of(), jobs));
        assertThat(g.order()).hasSize(300).endsWith("j299");
        assertThat(g.ancestorsOf("j299")).hasSize(299).startsWith("j0");
    }
}
