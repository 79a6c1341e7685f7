package dev.slipway.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

abstract class StepsContract extends StoreContract {

    @Test
    void recordsStepsThroughTheirLife() {
        var job = job(run(repo()), "build", List.of());
        var steps = db.steps().create(job.id(), List.of("Checkout", "Build", "Upload"));
        assertThat(steps)
                .extracting(Step::index, Step::name, Step::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "Checkout", StepStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple(1, "Build", StepStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple(2, "Upload", StepStatus.PENDING));
        assertThat(db.steps().start(job.id(), 0, "logs/1/0.log")).isTrue();
        assertThat(db.steps().start(job.id(), 0, "logs/1/0.log")).isFalse();
        assertThat(db.steps().complete(job.id(), 0, Conclusion.SUCCESS)).isTrue();
        assertThat(db.steps().complete(job.id(), 0, Conclusion.FAILURE)).isFalse();
        assertThat(db.steps().complete(job.id(), 2, Conclusion.SKIPPED)).isTrue();
        var first = db.steps().list(job.id()).get(0);
        assertThat(first)
                .extracting(Step::status, Step::conclusion, Step::logPath)
                .containsExactly(StepStatus.COMPLETED, Optional.of(Conclusion.SUCCESS), Optional.of("logs/1/0.log"));
        assertThat(first.started()).isPresent();
        assertThat(first.completed()).isPresent();
    }

    @Test
    void creatingAgainReplacesTheSteps() {
        var job = job(run(repo()), "build", List.of());
        db.steps().create(job.id(), List.of("a", "b", "c"));
        db.steps().create(job.id(), List.of("x"));
        assertThat(db.steps().list(job.id())).extracting(Step::name).containsExactly("x");
        assertThat(db.steps().create(job.id(), List.of())).isEmpty();
    }
}
