package dev.slipway.agent;

import dev.slipway.protocol.Assignment;
import dev.slipway.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Path;

/** What differs between the embedded agent and a remote one when a job is set up. */
public interface JobSetup {

    /** How the job finds actions and stores artifacts and caches (which may need the job's token). */
    RuntimeOptions runtime(Assignment job);

    /**
     * A local git repository holding the job's commit, the source {@code actions/checkout} copies from.
     *
     * @throws IOException when it cannot be had (the job then fails with the message)
     */
    Path repository(Assignment job) throws IOException;
}
