package dev.slipway.agent;

import dev.slipway.actions.Builtins;
import dev.slipway.actions.HostedRepositories;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.protocol.Assignment;
import dev.slipway.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A remote agent's job setup: the repository is a bare mirror under the agent's work directory, fetched over git's
 * HTTP protocol with the job token before each job (only new objects travel after the first job).
 */
public final class RemoteSetup implements JobSetup {
    private final String serverUrl;
    private final Path mirrors;
    private final RuntimeOptions runtime;

    /**
     * @param serverUrl the server as this agent reaches it (repositories, artifacts and caches come from there)
     * @param mirrors where repository mirrors are kept, and the actions of the server's repositories jobs use
     * @param runtime how jobs find actions before the server's repositories; artifacts and caches are set per job
     */
    public RemoteSetup(String serverUrl, Path mirrors, RuntimeOptions runtime) {
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        this.mirrors = mirrors;
        this.runtime = runtime;
    }

    @Override
    public RuntimeOptions runtime(Assignment job) {
        var stores = new HttpStores(serverUrl, job.token());
        return JobSetup.withHostedRepositories(
                runtime.withBuiltins(Builtins.standard(stores, stores)::find)
                        .withCacheService(CacheServer.lazy(stores))
                        .withIdTokens(JobSetup.idTokens(job, serverUrl)),
                job,
                serverUrl,
                mirrors.resolve("checkout"),
                mirrors.resolve("actions"));
    }

    /** The job's commit ({@code github.sha}), when the contexts name one. */
    private static Optional<String> sha(Assignment job) {
        try {
            if (Values.fromJson(job.contexts()) instanceof Value.Obj contexts
                    && contexts.get("github").orElse(null) instanceof Value.Obj github) {
                return github.get("sha").map(Values::toStr).filter(s -> s.matches("[0-9a-f]{40}"));
            }
        } catch (ExprException e) {
            // no sha: fetch
        }
        return Optional.empty();
    }

    @Override
    public Path repository(Assignment job) throws IOException {
        // repos/<owner>/<name>.git; the server refuses "." and ".." as names
        var slash = job.repository().indexOf('/');
        if (slash <= 0) {
            throw new IOException("the job names no repository owner/name: '" + job.repository() + "'");
        }
        return new HostedRepositories(serverUrl, job.token(), mirrors.resolve("repos"))
                .jobRepository(
                        job.repository().substring(0, slash),
                        job.repository().substring(slash + 1),
                        sha(job).map(ObjectId::fromString));
    }
}
