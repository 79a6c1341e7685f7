package dev.slipway.runtime;

import static dev.slipway.runtime.Conclusion.CANCELLED;
import static dev.slipway.runtime.Conclusion.FAILURE;
import static dev.slipway.runtime.Conclusion.SKIPPED;
import static dev.slipway.runtime.Conclusion.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConclusionTest {
    @Test
    void aRunIsAFailureBeforeACancellationAndSkippedJobsDoNotCount() {
        assertThat(Conclusion.ofRun(List.of(SUCCESS, CANCELLED, FAILURE))).isEqualTo(FAILURE);
        assertThat(Conclusion.ofRun(List.of(SKIPPED, CANCELLED))).isEqualTo(CANCELLED);
        assertThat(Conclusion.ofRun(List.of(SKIPPED, SUCCESS))).isEqualTo(SUCCESS);
    }

    @Test
    void aRunWhoseEveryJobWasSkippedIsSkippedButAGroupOfThemCountsAsSuccess() {
        assertThat(Conclusion.ofRun(List.of(SKIPPED, SKIPPED))).isEqualTo(SKIPPED);
        assertThat(Conclusion.overall(List.of(SKIPPED, SKIPPED))).isEqualTo(SUCCESS);
        assertThat(Conclusion.ofRun(List.of())).isEqualTo(SUCCESS);
    }
}
