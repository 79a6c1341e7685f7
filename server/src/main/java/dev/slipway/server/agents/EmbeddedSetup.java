package dev.slipway.server.agents;

import dev.slipway.agent.JobSetup;
import dev.slipway.protocol.Assignment;
import dev.slipway.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded agent's job setup: the server's own bare repositories and artifact and cache stores, and its OpenID
 * Connect tokens at its own URL.
 */
final class EmbeddedSetup implements JobSetup {
    private final RuntimeOptions runtime;
    private final Path repositories;
    private final Path mirrors;
    private final Path actions;

    /**
     * @param repositories the root of the bare repositories, {@code <root>/<owner>/<name>.git}
     * @param mirrors where {@code actions/checkout} and {@code uses:} keep mirrors of other repositories, fetched over
     *     HTTP with the job's token so that the server's access rules apply as for a remote agent
     * @param actions where the actions of those repositories that jobs use are materialized
     */
    EmbeddedSetup(RuntimeOptions runtime, Path repositories, Path mirrors, Path actions) {
        this.runtime = runtime;
        this.repositories = repositories;
        this.mirrors = mirrors;
        this.actions = actions;
    }

    @Override
    public RuntimeOptions runtime(Assignment job) {
        return JobSetup.withHostedRepositories(
                runtime.withIdTokens(JobSetup.idTokens(job, job.serverUrl())), job, job.serverUrl(), mirrors, actions);
    }

    @Override
    public Path repository(Assignment job) throws IOException {
        var slash = job.repository().indexOf('/');
        var dir = repositories
                .resolve(job.repository().substring(0, slash))
                .resolve(job.repository().substring(slash + 1) + ".git");
        if (!Files.isDirectory(dir)) {
            throw new IOException("no repository at " + dir);
        }
        return dir;
    }
}
