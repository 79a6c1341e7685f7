package dev.slipway.executor.fake;

import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.StepSpec;
import java.nio.file.Path;

/** One call the runtime made on a {@link FakeExecutor}, recorded for assertions. */
public sealed interface Call {
    /** {@code prepareJob}, also when it failed. */
    record Prepare(JobSpec job) implements Call {}

    /** {@code startStep}, also when the script made it fail. */
    record Start(JobSpec job, StepSpec step) implements Call {}

    /** {@code buildImage}, also when the builder made it fail. */
    record Build(Path context, String dockerfile, String tag) implements Call {}

    /** {@code destroyStep}; every call is recorded, also repeated ones. */
    record DestroyStep(StepSpec step) implements Call {}

    /** {@code destroyJob}; every call is recorded, also repeated ones. */
    record DestroyJob(JobSpec job) implements Call {}
}
