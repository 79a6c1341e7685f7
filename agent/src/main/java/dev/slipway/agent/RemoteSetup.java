package dev.slipway.agent;

import dev.slipway.actions.Builtins;
import dev.slipway.expr.ExprException;
import dev.slipway.expr.Value;
import dev.slipway.expr.Values;
import dev.slipway.protocol.Assignment;
import dev.slipway.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * A remote agent's job setup: the repository is a bare mirror under the agent's work directory, fetched over git's
 * HTTP protocol with the job token before each job (only new objects travel after the first job).
 */
public final class RemoteSetup implements JobSetup {
    private final String serverUrl;
    private final Path mirrors;
    private final RuntimeOptions runtime;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * @param serverUrl the server as this agent reaches it (repositories, artifacts and caches come from there)
     * @param mirrors where repository mirrors are kept
     * @param runtime how jobs find actions; artifacts and caches are set per job
     */
    public RemoteSetup(String serverUrl, Path mirrors, RuntimeOptions runtime) {
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        this.mirrors = mirrors;
        this.runtime = runtime;
    }

    @Override
    public RuntimeOptions runtime(Assignment job) {
        var stores = new HttpStores(serverUrl, job.token());
        return JobSetup.withHostedCheckout(
                runtime.withBuiltins(Builtins.standard(stores, stores)::find),
                job,
                serverUrl,
                mirrors.resolve("checkout"));
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

    private String cloneUrl(Assignment job) {
        return serverUrl + "/" + job.repository() + ".git";
    }

    @Override
    public Path repository(Assignment job) throws IOException {
        // repos/<owner>/<name>.git: "a_b/c" and "a/b_c" must never share a mirror (names may hold '_'); the server
        // refuses "." and ".." as names
        var slash = job.repository().indexOf('/');
        if (slash <= 0) {
            throw new IOException("the job names no repository owner/name: '" + job.repository() + "'");
        }
        var dir = mirrors.resolve("repos")
                .resolve(job.repository().substring(0, slash))
                .resolve(job.repository().substring(slash + 1) + ".git");
        var lock = locks.computeIfAbsent(job.repository(), k -> new ReentrantLock());
        lock.lock();
        try {
            CredentialsProvider auth = new UsernamePasswordCredentialsProvider("x-access-token", job.token());
            if (!Files.isDirectory(dir.resolve("objects"))) {
                Files.createDirectories(dir.getParent());
                try (var git = Git.cloneRepository()
                        .setURI(cloneUrl(job))
                        .setBare(true)
                        .setMirror(true)
                        .setCredentialsProvider(auth)
                        .setDirectory(dir.toFile())
                        .call()) {
                    return dir;
                }
            }
            try (var git = Git.open(dir.toFile())) {
                var sha = sha(job);
                if (sha.isPresent() && git.getRepository().getObjectDatabase().has(ObjectId.fromString(sha.get()))) {
                    return dir; // the mirror has the job's commit: no fetch
                }
                git.fetch()
                        .setRemote(cloneUrl(job))
                        .setCredentialsProvider(auth)
                        .setRefSpecs(new RefSpec("+refs/*:refs/*"))
                        .setRemoveDeletedRefs(true)
                        .call();
            }
            return dir;
        } catch (GitAPIException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
