package dev.slipway.agent;

import dev.slipway.actions.BuiltinAction;
import dev.slipway.actions.Builtins;
import dev.slipway.actions.HostedRepositories;
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

    /**
     * {@code runtime} with the job's {@code actions/checkout} reaching the server's other repositories (and submodules
     * there) with the job's token, mirrored under {@code mirrors}; its other built-ins unchanged.
     */
    static RuntimeOptions withHostedCheckout(RuntimeOptions runtime, Assignment job, String serverUrl, Path mirrors) {
        BuiltinAction checkout = Builtins.checkout(new HostedRepositories(serverUrl, job.token(), mirrors));
        RuntimeOptions.BuiltinLookup base = runtime.builtins();
        return runtime.withBuiltins(uses -> base.find(uses).map(b -> b.ref().equals(checkout.ref()) ? checkout : b));
    }
}
