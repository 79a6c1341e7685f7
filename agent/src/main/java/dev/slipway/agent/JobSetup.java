package dev.slipway.agent;

import dev.slipway.actions.ActionSource;
import dev.slipway.actions.BuiltinAction;
import dev.slipway.actions.Builtins;
import dev.slipway.actions.HostedRepositories;
import dev.slipway.protocol.Assignment;
import dev.slipway.runtime.IdTokens;
import dev.slipway.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What differs between the embedded agent and a remote one when a job is set up. */
public interface JobSetup {
    /**
     * Where a job's steps ask the server for OpenID Connect tokens ({@code ACTIONS_ID_TOKEN_REQUEST_URL} without the
     * server and the query): {@code GET} with the lease's id-token request token as bearer, {@code audience} optional.
     */
    String ID_TOKEN_PATH = HttpChannel.PATH + "/jobs/idtoken";

    /** How the job finds actions and stores artifacts and caches (which may need the job's token). */
    RuntimeOptions runtime(Assignment job);

    /**
     * A local git repository holding the job's commit, the source {@code actions/checkout} copies from.
     *
     * @throws IOException when it cannot be had (the job then fails with the message)
     */
    Path repository(Assignment job) throws IOException;

    /**
     * Whether {@code job}'s steps can ask for OpenID Connect tokens, at the server as this agent reaches it: when the
     * server granted them ({@code id-token: write}), with the URL GitHub's clients append {@code &audience=} to.
     */
    static IdTokens idTokens(Assignment job, String serverUrl) {
        if (job.idTokenRequestToken().isEmpty()) {
            return IdTokens.NOT_GRANTED;
        }
        String base = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        return new IdTokens.Granted(base + ID_TOKEN_PATH + "?api-version=2.0", job.idTokenRequestToken());
    }

    /**
     * {@code runtime} with the job reaching the server's repositories with the job's token (its own and the public
     * ones, as the server's access rules decide), mirrored under {@code mirrors}: its {@code actions/checkout} for
     * other repositories (and submodules there), and the actions it names ({@code uses: owner/repo@ref}) that no action
     * source has, materialized under {@code actions}. Its other built-ins and action sources are unchanged.
     */
    static RuntimeOptions withHostedRepositories(
            RuntimeOptions runtime, Assignment job, String serverUrl, Path mirrors, Path actions) {
        var hosted = new HostedRepositories(serverUrl, job.token(), mirrors);
        BuiltinAction checkout = Builtins.checkout(hosted);
        RuntimeOptions.BuiltinLookup base = runtime.builtins();
        RuntimeOptions.ActionResolver configured = runtime.actions();
        String tried = runtime.actionSourceDescription();
        ActionSource cache = ActionSource.of(List.of(), actions);
        RuntimeOptions.ActionResolver withServer = ref -> {
            Optional<Path> found = configured.resolve(ref);
            return found.isPresent() ? found : Optional.of(hosted.action(ref, cache, tried));
        };
        return runtime.withBuiltins(uses -> base.find(uses).map(b -> b.ref().equals(checkout.ref()) ? checkout : b))
                .withActions(withServer, tried + ", then the server's repositories");
    }
}
